// The two stages of the embed: stage one (embed.js and the rules' wasm) draws
// badges and toasts; stage two (the Leptos widget, status-widget-*) is loaded only when a
// compact or full view needs it, once, and reads the feeds stage one already fetched. A page
// with a rich view from the start takes the rules from stage two, which exports them too.
import { readdirSync } from 'node:fs';
import { expect, test } from './clock.js';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const STAGE_TWO = /\/status-widget-[0-9a-f]+(_bg\.wasm|\.js)$/;
const RULES = /\/status-embed-[0-9a-f]+\.wasm$/;
const WITH_STATUSPAGE = /\/status-embed-statuspage-[0-9a-f]+\.wasm$/;
const FEED = '/fixtures/native/embed.json';
const STATUSPAGE_FEED = '/fixtures/statuspage/summary.json';

/** Counts the requests for stage two's files, for the rules' wasm, for the rules that read
 * Statuspage, and for the feed. */
function countRequests(page) {
  const counts = { stageTwo: 0, rules: 0, feed: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (STAGE_TWO.test(path)) counts.stageTwo += 1;
    if (RULES.test(path)) counts.rules += 1;
    if (WITH_STATUSPAGE.test(path)) counts.withStatuspage = (counts.withStatuspage ?? 0) + 1;
    if (path === FEED) counts.feed += 1;
  });
  return counts;
}

/** A host page with these elements, served from the test server's origin. */
async function openHost(page, body, headers = {}) {
  await page.route('**/host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers,
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
        <script type="module" src="/embed.js"></script></head><body>${body}</body></html>`,
    }),
  );
  await page.goto('/host.html');
}

const addWidget = (page, id, view) =>
  page.evaluate(([id, view, feed]) => {
    const element = document.createElement('status-widget');
    element.id = id;
    element.setAttribute('feed', feed);
    element.setAttribute('view', view);
    document.body.append(element);
  }, [id, view, FEED]);

test('a page with badges and toasts never requests stage two', async ({ page }) => {
  const counts = countRequests(page);
  await openHost(
    page,
    `<status-widget id="badge" feed="${FEED}" view="badge"></status-widget>
     <status-widget id="toast" feed="${FEED}" view="toast"></status-widget>`,
  );
  await expect(page.locator('#badge .sw-badge-line')).toContainText('Acme API');
  await expect(page.locator('#toast .sw-toast')).toContainText('503 errors in the EU region');
  await page.waitForTimeout(500);
  expect(counts).toEqual({ stageTwo: 0, rules: 1, feed: 1 });
});

test('a badge links only to web addresses its rules accept, as the full view does', async ({ page }) => {
  await openHost(
    page,
    `<status-widget id="own" feed="${FEED}" view="badge" href=" https://example.com/status "></status-widget>
     <status-widget id="broken" feed="${FEED}" view="badge" href="http://[broken"></status-widget>
     <status-widget id="script" feed="${FEED}" view="badge" href="javascript:alert(1)"></status-widget>`,
  );
  await expect(page.locator('#own a.sw-badge-line')).toHaveAttribute('href', 'https://example.com/status');
  // An http address the browser cannot parse is still drawn, as the full view draws it.
  await expect(page.locator('#broken a.sw-badge-line')).toHaveAttribute('href', 'http://[broken');
  // Not a web address: the badge links to the feed's own status page instead.
  await expect(page.locator('#script a.sw-badge-line')).toHaveAttribute('href', 'https://status.acme.test');
});

test('badges on a Statuspage feed fetch the rules that read it, once', async ({ page }) => {
  const counts = countRequests(page);
  await openHost(
    page,
    `<status-widget id="one" feed="${STATUSPAGE_FEED}" view="badge"></status-widget>
     <status-widget id="two" feed="${STATUSPAGE_FEED}" view="badge" theme="dark"></status-widget>
     <status-widget id="native" feed="${FEED}" view="badge"></status-widget>`,
  );
  for (const id of ['one', 'two']) await expect(page.locator(`#${id} .sw-badge-line`)).toContainText('Example Cloud');
  await expect(page.locator('#native .sw-badge-line')).toContainText('Acme API');
  await page.waitForTimeout(300);
  expect(counts).toEqual({ stageTwo: 0, rules: 1, feed: 1, withStatuspage: 1 });
});

test('when the rules that read Statuspage cannot be fetched, the badge says so and tries again', async ({ page }) => {
  await page.addInitScript(() => {
    Math.random = () => 0.5; // the first retry comes after exactly 500 ms
  });
  let attempts = 0;
  await page.route(WITH_STATUSPAGE, (route) => {
    attempts += 1;
    return attempts === 1 ? route.abort('internetdisconnected') : route.continue();
  });
  await openHost(page, `<status-widget id="one" feed="${STATUSPAGE_FEED}" view="badge"></status-widget>`);
  await expect(page.locator('#one .sw-badge-line--pending')).toHaveText('Status unavailable');
  await page.clock.runFor(1000);
  await expect(page.locator('#one .sw-badge-line')).toContainText('Example Cloud');
  expect(attempts).toBe(2);
});

test('a compact widget added later loads stage two once, and reads the feed already fetched', async ({ page }) => {
  const counts = countRequests(page);
  await openHost(page, `<status-widget id="badge" feed="${FEED}" view="badge"></status-widget>`);
  await expect(page.locator('#badge .sw-badge-line')).toContainText('Acme API');
  expect(counts.stageTwo).toBe(0);
  await addWidget(page, 'first', 'compact');
  await expect(page.locator('#first .sw-compact')).toContainText('Acme API');
  await addWidget(page, 'second', 'full');
  await expect(page.locator('#second .sw-header')).toContainText('Acme API');
  await page.waitForTimeout(500);
  // The glue and the wasm, each once; the feed only ever once.
  expect(counts).toEqual({ stageTwo: 2, rules: 1, feed: 1 });
});

test('two rich widgets on one page load stage two once', async ({ page }) => {
  const counts = countRequests(page);
  await openHost(
    page,
    `<status-widget id="one" feed="${FEED}" view="compact"></status-widget>
     <status-widget id="two" feed="${FEED}" view="full"></status-widget>`,
  );
  await expect(page.locator('#one .sw-compact')).toContainText('Acme API');
  await expect(page.locator('#two .sw-header')).toContainText('Acme API');
  await page.waitForTimeout(500);
  expect(counts).toEqual({ stageTwo: 2, rules: 0, feed: 1 });
});

for (const [rich, view] of [['a compact widget', ''], ['a full view', 'view=" Full "']]) {
  test(`badges beside ${rich} from the start take the rules from stage two`, async ({ page }) => {
    const counts = countRequests(page);
    await openHost(
      page,
      `<status-widget id="badge" feed="${FEED}" view="badge"></status-widget>
       <status-widget id="rich" feed="${FEED}" ${view}></status-widget>
       <status-widget id="toast" feed="${FEED}" view="toast"></status-widget>
       <status-widget id="statuspage" feed="${STATUSPAGE_FEED}" view="badge" lang="de"></status-widget>`,
    );
    await expect(page.locator('#badge .sw-badge-line')).toContainText('Acme API');
    await expect(page.locator('#toast .sw-toast')).toContainText('503 errors in the EU region');
    await expect(page.locator('#rich .sw-root')).toContainText('Acme API');
    // Stage two reads Statuspage documents itself, and speaks German.
    await expect(page.locator('#statuspage .sw-badge-line')).toContainText('Example Cloud');
    await expect(page.locator('#statuspage .sw-root')).toHaveAttribute('lang', 'de');
    await expect(page.locator('#statuspage .sw-badge__label')).toHaveText(/^(Betriebsbereit|In Wartung|Eingeschränkte Leistung|Teilausfall|Großer Ausfall)$/);
    await page.waitForTimeout(500);
    expect(counts).toEqual({ stageTwo: 2, rules: 0, feed: 1 });
  });
}

test('a report button on a badge-only page opens the dialog after loading stage two', async ({ page }) => {
  const counts = countRequests(page);
  // The demo feed takes reports (and sends them nowhere).
  await openHost(
    page,
    `<status-widget id="badge" view="badge"></status-widget>
     <status-widget id="report" view="report"></status-widget>`,
  );
  const button = page.locator('#report').getByRole('button', { name: 'Report a problem' });
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute('aria-haspopup', 'dialog');
  await page.waitForTimeout(300);
  expect(counts.stageTwo).toBe(0);
  await button.click();
  const dialog = page.locator('#report').getByRole('dialog', { name: 'Report a problem' });
  await expect(dialog).toBeVisible();
  expect(counts.stageTwo).toBe(2);
  await expect(dialog.getByRole('combobox', { name: 'Which part is affected?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  // Opened again, the same dialog: stage two is not loaded twice.
  await button.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('HTTP 503 Service Unavailable').check();
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(dialog.locator('.sw-report__status')).toHaveText(/^This is the demo feed/);
  expect(counts.stageTwo).toBe(2);
});

const stageTwoFiles = readdirSync('dist').filter((name) => STAGE_TWO.test(`/${name}`));
const stageOneFiles = readdirSync('dist').filter((name) => /^status-embed-/.test(name));

for (const [failure, setUp] of [
  ['answers 404', (page) => page.route(STAGE_TWO, (route) => route.fulfill({ status: 404, body: 'Not found' }))],
  ['is unreachable (offline)', (page) => page.route(STAGE_TWO, (route) => route.abort('internetdisconnected'))],
  ['is refused by the page’s Content-Security-Policy', () => {}],
]) {
  test(`when stage two ${failure}, badges keep working and rich widgets say so`, async ({ page, baseURL }) => {
    const counts = countRequests(page);
    await setUp(page);
    // The policy of the third case allows stage one's files by name, and nothing else.
    const allowed = ['embed.js', ...stageOneFiles].map((name) => `${baseURL}/${name}`).join(' ');
    const headers = failure.includes('Content-Security-Policy')
      ? { 'Content-Security-Policy': `default-src 'self'; script-src ${allowed} 'wasm-unsafe-eval'` }
      : {};
    expect(stageTwoFiles.length).toBe(2);
    await openHost(
      page,
      `<status-widget id="badge" feed="${FEED}" view="badge"></status-widget>
       <status-widget id="rich" feed="${FEED}" view="compact" lang="de"></status-widget>
       <status-widget id="toast" feed="${FEED}" view="toast"></status-widget>`,
      headers,
    );
    await expect(page.locator('#badge .sw-badge-line')).toContainText('Acme API');
    await expect(page.locator('#toast .sw-toast')).toContainText('503 errors in the EU region');
    await expect(page.locator('#rich [role=status]')).toHaveText('Dieser Teil des Status-Widgets konnte nicht geladen werden.');
    // The page was to take the rules from stage two; it fetched them on their own instead.
    expect(counts.rules).toBe(1);
    // A rich widget added afterwards says so too, without another try.
    await addWidget(page, 'later', 'full');
    await expect(page.locator('#later [role=status]')).toHaveText('This part of the status widget could not be loaded.');
    // So does a report button, whose dialog is stage two's, and it stays so as time passes.
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.evaluate(() => {
      const element = document.createElement('status-widget');
      element.id = 'report';
      element.setAttribute('view', 'report');
      document.body.append(element);
    });
    const report = page.locator('#report [role=status]');
    await expect(report).toHaveText('This part of the status widget could not be loaded.');
    await page.clock.runFor(20000);
    await expect(report).toHaveText('This part of the status widget could not be loaded.');
    await expect(page.locator('#report button')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('a badge looks the same whichever stage draws it', async ({ browser }, testInfo) => {
  // The standalone page asked for a badge is stage two's drawing.
  const standalone = await browser.newPage();
  await standalone.goto(`/?feed=${encodeURIComponent(FEED)}&view=badge&theme=light`);
  await expect(standalone.locator('.sw-badge-line')).toContainText('Acme API');
  const fromStageTwo = await standalone.locator('.sw-badge-line').screenshot();
  // The badge's rounded corners show what is behind it: the host page gets the same.
  const background = await standalone.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await standalone.close();
  const host = await browser.newPage();
  await openHost(host, `<style>html { background: ${background} }</style>
    <status-widget feed="${FEED}" view="badge" theme="light"></status-widget>`);
  await expect(host.locator('.sw-badge-line')).toContainText('Acme API');
  const fromStageOne = await host.locator('.sw-badge-line').screenshot();
  await host.close();
  await testInfo.attach('stage-one', { body: fromStageOne, contentType: 'image/png' });
  await testInfo.attach('stage-two', { body: fromStageTwo, contentType: 'image/png' });
  const a = PNG.sync.read(fromStageOne);
  const b = PNG.sync.read(fromStageTwo);
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  expect(pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0 })).toBe(0);
});
