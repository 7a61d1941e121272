// What a refresh does to the standalone page's DOM, counted with a MutationObserver over the
// whole document: an unchanged feed must change nothing, and a change to one component must
// touch only that component's row. Feeds come from the fault server's scripted endpoint, with
// the page's clock under test control and Math.random fixed, so polls fall at exact times.
import { expect, test } from './clock.js';

const faultOrigin = `http://127.0.0.1:${Number(process.env.E2E_PORT || 4173) + 1}`;
const start = new Date('2026-11-27T09:00:00Z');
// Polls every 52 s while the page's clock ticks every 15 s (for "N minutes ago"): 52 shares no
// factor with 15, so no poll in these tests falls within a second of a tick, and the mutations
// counted around a poll are the poll's own.
const refreshSeconds = 52;

// Groups, a component outside any group, an ongoing and a resolved incident: every part of the
// page a refresh could rebuild. "Chat" is degraded, so the API group and the page are degraded.
const feed = {
  version: 1,
  service: { name: 'Mutation Test API', url: 'https://example.com/' },
  summary: 'Chat requests are slower than usual.',
  checked_at: '2026-11-27T08:58:00Z',
  refresh_seconds: 60,
  groups: [
    { id: 'api', name: 'API', description: 'The public HTTP API.' },
    { id: 'console', name: 'Console' },
  ],
  components: [
    { id: 'chat', name: 'Chat completions', status: 'degraded', group: 'api' },
    { id: 'embeddings', name: 'Embeddings', status: 'operational', group: 'api', description: 'Vectors for search.' },
    { id: 'files', name: 'File uploads', status: 'operational', group: 'api' },
    { id: 'dashboard', name: 'Dashboard', status: 'operational', group: 'console' },
    { id: 'billing', name: 'Billing', status: 'operational', group: 'console' },
    { id: 'webhooks', name: 'Webhooks', status: 'operational' },
  ],
  incidents: [
    {
      id: 'slow-chat',
      title: 'Slow chat completions',
      impact: 'minor',
      status: 'identified',
      started_at: '2026-11-27T08:30:00Z',
      components: ['chat'],
      updates: [
        { at: '2026-11-27T08:45:00Z', status: 'identified', body: 'An overloaded cache node is being replaced.' },
        { at: '2026-11-27T08:30:00Z', status: 'investigating', body: 'We are looking into slow responses.' },
      ],
    },
    {
      id: 'upload-errors',
      title: 'File upload errors',
      impact: 'major',
      status: 'resolved',
      started_at: '2026-11-24T10:00:00Z',
      resolved_at: '2026-11-24T11:10:00Z',
      components: ['files'],
      updates: [{ at: '2026-11-24T11:10:00Z', status: 'resolved', body: 'Uploads work again.' }],
    },
  ],
};

/** The same feed with one component's status changed. */
function withStatus(id, status) {
  return { ...feed, components: feed.components.map((c) => (c.id === id ? { ...c, status } : c)) };
}

/** When the n-th poll after the first fetch is made (0: the first fetch), in ms since the epoch. */
const pollTime = (n) => start.getTime() + n * refreshSeconds * 1000;

/** Advances the page's clock to exact times; the clock is moved only through this. */
function clockOf(page) {
  let now = start.getTime();
  return async (time) => {
    await page.clock.runFor(time - now);
    now = time;
  };
}

async function script(request, id, steps) {
  const response = await request.post(`${faultOrigin}/script?id=${id}`, { data: steps });
  expect(response.ok()).toBe(true);
}

async function requestCount(request, id) {
  return (await (await request.get(`${faultOrigin}/log?id=${id}`)).json()).requests.length;
}

async function openPage(page, id) {
  await page.addInitScript(() => {
    Math.random = () => 0.5;
  });
  await page.clock.install({ time: new Date(start.getTime() - 60_000) });
  await page.clock.pauseAt(start);
  const feedUrl = `${faultOrigin}/feed?id=${id}`;
  await page.goto(`/?feed=${encodeURIComponent(feedUrl)}&refresh=${refreshSeconds}`);
  await expect(page.locator('[data-component]')).toHaveCount(feed.components.length);
  await expect(page.locator('[data-incident]')).toHaveCount(feed.incidents.length);
  return feedUrl;
}

/**
 * Waits until the page has handled the poll made at `time`: every good answer, changed or not,
 * stamps the feed's saved copy in localStorage with the time it was confirmed.
 */
async function waitForPollHandled(page, feedUrl, time) {
  const key = `status-widget/feed-cache/v1/${feedUrl}`;
  await expect
    .poll(() => page.evaluate((key) => Number(localStorage.getItem(key)?.split('\n')[1]), key))
    .toBe(time);
}

/** Starts recording every DOM mutation in the document. */
async function startRecording(page) {
  await page.evaluate(() => {
    window.recordedMutations = [];
    window.mutationRecorder = new MutationObserver((records) => window.recordedMutations.push(...records));
    window.mutationRecorder.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

/** Stops recording; returns how many mutations there were. */
async function stopRecording(page) {
  return page.evaluate(() => {
    window.recordedMutations.push(...window.mutationRecorder.takeRecords());
    window.mutationRecorder.disconnect();
    return window.recordedMutations.length;
  });
}

test('a refresh that brings the same feed again changes nothing in the DOM', async ({ page, request }) => {
  const id = 'same-body';
  // No ETag: every poll downloads the full body, byte for byte the same as the first.
  await script(request, id, [{ feed }]);
  const feedUrl = await openPage(page, id);
  const runTo = clockOf(page);
  await waitForPollHandled(page, feedUrl, pollTime(0));
  // Recorded from just before each poll until it has been handled, so that between polls the
  // page's own clock ticks ("Last checked 3 minutes ago") are not counted against the refresh.
  let mutations = 0;
  for (let poll = 1; poll <= 3; poll += 1) {
    await runTo(pollTime(poll) - 10);
    await startRecording(page);
    await runTo(pollTime(poll));
    await waitForPollHandled(page, feedUrl, pollTime(poll));
    await runTo(pollTime(poll) + 500);
    mutations += await stopRecording(page);
  }
  expect(await requestCount(request, id)).toBe(4);
  expect(mutations).toBe(0);
});

// The bytes differ but the feed read from them is equal (a relay re-serialising it with its
// keys in another order, say): the views must not even be told.
test('a refresh that brings the same feed in other bytes changes nothing in the DOM', async ({ page, request }) => {
  const id = 'reordered-keys';
  const reordered = Object.fromEntries(Object.entries(feed).reverse());
  await script(request, id, [{ feed }, { feed: reordered }]);
  const feedUrl = await openPage(page, id);
  const runTo = clockOf(page);
  await waitForPollHandled(page, feedUrl, pollTime(0));
  await runTo(pollTime(1) - 10);
  await startRecording(page);
  await runTo(pollTime(1));
  await waitForPollHandled(page, feedUrl, pollTime(1));
  await runTo(pollTime(1) + 500);
  expect(await stopRecording(page)).toBe(0);
});

// Each part of the page re-renders only when what it shows changes, and each component row
// only when its component does.
test('when one component changes status, only that component’s nodes change', async ({ page, request }) => {
  const id = 'one-component';
  const changed = 'embeddings';
  // Embeddings goes from operational to degraded; Chat is already degraded, so neither the API
  // group's badge nor the page's overall status changes with it.
  await script(request, id, [{ feed }, { feed: withStatus(changed, 'degraded') }]);
  const feedUrl = await openPage(page, id);
  const runTo = clockOf(page);
  await waitForPollHandled(page, feedUrl, pollTime(0));
  const changedRow = page.locator(`[data-component="${changed}"]`);
  await expect(changedRow.locator('.sw-badge')).toHaveClass(/sw-badge--operational/);

  await runTo(pollTime(1) - 10);
  await startRecording(page);
  await runTo(pollTime(1));
  await waitForPollHandled(page, feedUrl, pollTime(1));
  await expect(changedRow.locator('.sw-badge')).toHaveClass(/sw-badge--degraded/);
  await runTo(pollTime(1) + 500);
  const total = await stopRecording(page);
  expect(total).toBeGreaterThan(0);

  // A mutation belongs to the component when its target is inside the component's row, or when
  // it only adds or removes that row as a whole (a keyed list may re-create it).
  const outside = await page.evaluate((changed) => {
    const selector = `[data-component="${changed}"]`;
    const element = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    const isRow = (node) => node.nodeType === Node.ELEMENT_NODE && node.matches(selector);
    const describe = (node) => {
      const target = element(node);
      return target ? `${target.localName}${target.className ? `.${String(target.className).split(' ').join('.')}` : ''}` : `#${node.nodeName}`;
    };
    return window.recordedMutations
      .filter((record) => {
        if (element(record.target)?.closest(selector)) return false;
        const moved = [...record.addedNodes, ...record.removedNodes];
        return !(record.type === 'childList' && moved.length > 0 && moved.every(isRow));
      })
      .map((record) => `${record.attributeName ?? record.type} on ${describe(record.target)}`);
  }, changed);
  expect(outside).toEqual([]);
});
