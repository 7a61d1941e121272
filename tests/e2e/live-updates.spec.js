// Live updates against the fault-injecting feed server (tests/e2e/fault-server.js), with the
// page's clock under test control and Math.random fixed at 0.5, so every delay of the
// schedule is exact: successes wait the interval (60 s here), the n-th failure in a row waits
// half of min(1 s × 2^(n-1), 10 min), never less than a Retry-After.
import { expect, test } from './clock.js';

const faultOrigin = `http://127.0.0.1:${Number(process.env.E2E_PORT || 4173) + 1}`;
const start = new Date('2026-11-27T09:00:00Z');

async function script(request, id, steps) {
  const response = await request.post(`${faultOrigin}/script?id=${id}`, { data: steps });
  expect(response.ok()).toBe(true);
}

async function log(request, id) {
  return (await request.get(`${faultOrigin}/log?id=${id}`)).json();
}

/** Waits until the server has seen exactly `count` feed requests, and checks no more arrive. */
async function expectRequests(request, id, count) {
  await expect.poll(async () => (await log(request, id)).requests.length).toBe(count);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect((await log(request, id)).requests.length).toBe(count);
}

async function openWidget(page, id, query = '') {
  await page.addInitScript(() => {
    Math.random = () => 0.5;
  });
  // Installed a little before the start and paused there, so the page loads with time still.
  await page.clock.install({ time: new Date(start.getTime() - 60_000) });
  await page.clock.pauseAt(start);
  await page.goto(`/?feed=${encodeURIComponent(`${faultOrigin}/feed?id=${id}`)}${query}`);
}

const heading = (page) => page.locator('.sw-header h1');
const summary = (page) => page.locator('.sw-header__summary');
// What happened (the live region) and, in a line of its own, how old the data is and when
// the next try comes.
const notice = (page) => page.locator('.sw-freshness');
const noticeState = (page) => page.locator('.sw-freshness [role=status]');
const noticeDetail = (page) => page.locator('.sw-freshness__detail');

test('failures back off with full jitter, honour Retry-After, keep the data and recover', async ({ page, request }) => {
  const id = 'backoff';
  await script(request, id, [
    { kind: 'good' },
    { status: 500 },
    { status: 503 },
    { status: 502, retryAfter: 20 },
    { status: 429 },
    { kind: 'changed' },
  ]);
  await openWidget(page, id);
  await expect(heading(page)).toHaveText('Fault Test API status');
  await expectRequests(request, id, 1);
  await expect(notice(page)).toHaveText('');

  await page.clock.runFor(59_999);
  await expectRequests(request, id, 1);
  await page.clock.runFor(1);
  await expectRequests(request, id, 2);
  await expect(noticeState(page)).toHaveText(
    'Showing older data: the status feed answered with an error (HTTP 500).',
  );
  await expect(noticeDetail(page)).toContainText('Data from 1 minute ago.');
  await expect(summary(page)).toHaveText('All systems go.');

  // second failure in a row: half of 1 s
  await page.clock.runFor(499);
  await expectRequests(request, id, 2);
  await page.clock.runFor(1);
  await expectRequests(request, id, 3);
  await expect(notice(page)).toContainText('(HTTP 503)');

  // third: half of 2 s
  await page.clock.runFor(999);
  await expectRequests(request, id, 3);
  await page.clock.runFor(1);
  await expectRequests(request, id, 4);
  await expect(noticeState(page)).toContainText('(HTTP 502).');
  await expect(noticeDetail(page)).toContainText('Next try in 20 seconds.');

  // the server's Retry-After of 20 s outweighs the 2 s backoff
  await page.clock.runFor(19_999);
  await expectRequests(request, id, 4);
  await page.clock.runFor(1);
  await expectRequests(request, id, 5);
  await expect(notice(page)).toContainText('(HTTP 429)');

  // fourth: half of 8 s; then the feed recovers with new content
  await page.clock.runFor(3_999);
  await expectRequests(request, id, 5);
  await page.clock.runFor(1);
  await expectRequests(request, id, 6);
  await expect(summary(page)).toHaveText('Errors on the API.');
  await expect(notice(page)).toHaveText('');

  // and polling is back to the normal interval
  await page.clock.runFor(59_999);
  await expectRequests(request, id, 6);
  await page.clock.runFor(1);
  await expectRequests(request, id, 7);
});

test('once the backoff grows past the interval, retries are never faster than the interval', async ({ page, request }) => {
  const id = 'floor';
  await script(request, id, [{ kind: 'good' }, { status: 503 }]);
  await openWidget(page, id, '&refresh=15');
  await expect(heading(page)).toHaveText('Fault Test API status');
  const steps = [15_000, 500, 1_000, 2_000, 4_000, 15_000, 16_000];
  // failures 1-4 wait 0.5, 1, 2, 4 s; at the fifth the ceiling (16 s) passes the 15 s
  // interval, so half of it (8 s) is raised to 15 s; the sixth waits half of 32 s
  for (const [index, delay] of steps.entries()) {
    await page.clock.runFor(delay - 1);
    await expectRequests(request, id, index + 1);
    await page.clock.runFor(1);
    await expectRequests(request, id, index + 2);
    await expect(notice(page)).toContainText('(HTTP 503)');
  }
});

for (const [kind, step, wording] of [
  ['a truncated body', { kind: 'truncated' }, 'the status feed sent data that could not be read'],
  ['invalid JSON', { kind: 'not-json', contentType: 'text/html' }, 'the status feed sent data that could not be read'],
  ['a feed that fails validation', { kind: 'invalid-feed' }, 'the status feed sent data that could not be read'],
  ['a huge body', { kind: 'huge' }, 'the status feed sent data that could not be read'],
  ['a missing CORS header', { kind: 'changed', cors: false }, 'the status feed cannot be reached'],
]) {
  test(`${kind} is reported and never replaces good data`, async ({ page, request }) => {
    const id = `bad-${kind.replaceAll(' ', '-')}`;
    await script(request, id, [{ kind: 'good' }, step]);
    await openWidget(page, id);
    await expect(summary(page)).toHaveText('All systems go.');
    await page.clock.runFor(60_000);
    await expectRequests(request, id, 2);
    await expect(noticeState(page)).toHaveText(`Showing older data: ${wording}.`);
    await expect(noticeDetail(page)).toContainText('Data from 1 minute ago.');
    await expect(summary(page)).toHaveText('All systems go.');
  });
}

test('valid JSON under a wrong content type is still read', async ({ page, request }) => {
  const id = 'content-type';
  await script(request, id, [{ kind: 'changed', contentType: 'text/plain' }]);
  await openWidget(page, id);
  await expect(summary(page)).toHaveText('Errors on the API.');
});

test('a request that hangs is abandoned after the timeout', async ({ page, request }) => {
  const id = 'hang';
  await script(request, id, [{ kind: 'good' }, { hang: true }, { kind: 'changed' }]);
  await openWidget(page, id);
  await expect(summary(page)).toHaveText('All systems go.');
  await page.clock.runFor(60_000);
  await expectRequests(request, id, 2);
  await expect(notice(page)).toHaveText('');
  await page.clock.runFor(10_000);
  await expect(notice(page)).toContainText('the status feed is not responding');
  await page.clock.runFor(500);
  await expectRequests(request, id, 3);
  await expect(summary(page)).toHaveText('Errors on the API.');
});

test('an unchanged feed is revalidated with a conditional request and changes nothing', async ({ page, request }) => {
  const id = 'conditional';
  await script(request, id, [{ kind: 'good', etag: true }]);
  // A 50 s interval keeps polls clear of the page's 15 s clock ticks, whose "N minutes ago"
  // updates are not what this test is about.
  await openWidget(page, id, '&refresh=50');
  await expect(summary(page)).toHaveText('All systems go.');
  for (let poll = 2; poll <= 4; poll += 1) {
    await page.clock.runFor(50_000 - 10);
    await page.evaluate(() => {
      window.mutations = 0;
      new MutationObserver((records) => (window.mutations += records.length)).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
    await page.clock.runFor(10);
    await expectRequests(request, id, poll);
    await page.clock.runFor(500);
    expect(await page.evaluate(() => window.mutations)).toBe(0);
  }
  const { requests, notModified } = await log(request, id);
  expect(requests.slice(1).every((entry) => entry.ifNoneMatch === '"good"')).toBe(true);
  expect(notModified).toBe(3);
});

test('a reload during an outage shows the saved copy at once, marked as not live', async ({ page, request }) => {
  const id = 'reload';
  await script(request, id, [{ kind: 'changed' }, { hang: true }]);
  await openWidget(page, id);
  await expect(summary(page)).toHaveText('Errors on the API.');
  await page.clock.runFor(5 * 60_000);
  await page.reload();
  await expect(summary(page)).toHaveText('Errors on the API.');
  await expect(noticeState(page)).toHaveText('Showing a saved copy while the status feed loads.');
  await expect(noticeDetail(page)).toHaveText('Data from 5 minutes ago.');
  await page.clock.runFor(10_000);
  await expect(noticeState(page)).toHaveText('Showing older data: the status feed is not responding.');
  await expect(noticeDetail(page)).toContainText('Data from 5 minutes ago.');
});

test('a damaged saved copy is ignored and replaced', async ({ page, request }) => {
  const id = 'damaged';
  await script(request, id, [{ kind: 'good' }]);
  const feedUrl = `${faultOrigin}/feed?id=${id}`;
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, 'status-widget feed cache v1\nnot a time\n{"version": 1');
      sessionStorage.setItem('seeded', 'yes');
    }
  }, `status-widget/feed-cache/v1/${feedUrl}`);
  await openWidget(page, id);
  await expect(summary(page)).toHaveText('All systems go.');
  await expect(notice(page)).toHaveText('');
  const saved = await page.evaluate((key) => localStorage.getItem(key), `status-widget/feed-cache/v1/${feedUrl}`);
  expect(saved.split('\n')[0]).toBe('status-widget feed cache v1');
  expect(saved).toContain('All systems go.');
});

test('no polling while the page is hidden; catching up when it is shown again', async ({ page, request }) => {
  const id = 'hidden';
  await script(request, id, [{ kind: 'good' }]);
  await openWidget(page, id);
  await expect(summary(page)).toHaveText('All systems go.');
  const setHidden = (hidden) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.clock.runFor(10 * 60_000);
  await expectRequests(request, id, 1);
  await setHidden(false);
  await expectRequests(request, id, 2);
});

test('coming back online retries at once', async ({ page, request }) => {
  const id = 'online';
  await script(request, id, [{ kind: 'good' }, { status: 503, retryAfter: 600 }, { kind: 'changed' }]);
  await openWidget(page, id);
  // The first answer must be handled (and the next poll timed) before the clock moves.
  await expect(summary(page)).toHaveText('All systems go.');
  await page.clock.runFor(60_000);
  await expectRequests(request, id, 2);
  await expect(noticeDetail(page)).toContainText('Next try in 10 minutes.');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expectRequests(request, id, 3);
  await expect(summary(page)).toHaveText('Errors on the API.');
});
