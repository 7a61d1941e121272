// The embedding contract: <script type="module" src=".../embed.js"> and <status-widget>.
import { expect, test } from './clock.js';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { watchRefusals } from './refusals.js';

const start = new Date('2026-11-27T09:00:00Z');
const rendered = ['badge', 'compact', 'dark'];

/** Opens a host page with the clock paused, so "N minutes ago" reads the same everywhere. */
async function openHost(page, path) {
  await page.addInitScript(() => {
    Math.random = () => 0.5; // polls exactly on the interval
  });
  await page.clock.install({ time: new Date(start.getTime() - 60_000) });
  await page.clock.pauseAt(start);
  await page.goto(path);
  for (const id of rendered) {
    await expect(page.locator(`#${id} .sw-root`)).toContainText('Acme API');
  }
}

/** Share of pixels that differ between two PNG screenshots of the same size. */
function mismatch(first, second) {
  const a = PNG.sync.read(first);
  const b = PNG.sync.read(second);
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  return pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0.1 }) / (a.width * a.height);
}

test('widgets on a hostile page look as they do on a blank page', async ({ browser }, testInfo) => {
  const blank = await browser.newPage();
  const hostile = await browser.newPage();
  await openHost(blank, '/pages/blank.html');
  await openHost(hostile, '/pages/hostile.html');
  for (const id of rendered) {
    const reference = await blank.locator(`#${id} .sw-root`).screenshot();
    const embedded = await hostile.locator(`#${id} .sw-root`).screenshot();
    await testInfo.attach(`${id}-blank`, { body: reference, contentType: 'image/png' });
    await testInfo.attach(`${id}-hostile`, { body: embedded, contentType: 'image/png' });
    expect(mismatch(reference, embedded), `${id} differs`).toBeLessThan(0.002);
  }
  await hostile.screenshot({ path: testInfo.outputPath('hostile-page.png'), fullPage: true });
});

test('the widget changes nothing on the host page', async ({ browser }) => {
  const measure = (page) =>
    page.evaluate(() => {
      const styleOf = (selector) => {
        const style = getComputedStyle(document.querySelector(selector));
        return [style.fontFamily, style.fontSize, style.color, style.letterSpacing, style.textTransform];
      };
      const boxOf = (selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return [box.x, box.y, box.width, box.height];
      };
      return {
        heading: [...styleOf('#host-heading'), ...boxOf('#host-heading')],
        text: [...styleOf('#host-text'), ...boxOf('#host-text')],
        body: styleOf('body'),
        documentSheets: document.styleSheets.length,
        adoptedSheets: document.adoptedStyleSheets.length,
        headChildren: document.head.children.length,
        titleAndLanguage: [document.title, document.documentElement.lang],
        globals: [window.wasmBindings, window.init, window.wasm, window.__wbg_init, window.define_status_widget],
        newGlobals: Object.getOwnPropertyNames(window).filter(
          (name) => !window.hostGlobalsBefore.includes(name) && name !== 'hostGlobalsBefore',
        ),
      };
    });
  const withoutWidget = await browser.newPage();
  await withoutWidget.route('**/embed.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await withoutWidget.goto('/pages/hostile.html');
  const reference = await measure(withoutWidget);

  const withWidget = await browser.newPage();
  await openHost(withWidget, '/pages/hostile.html');
  const measured = await measure(withWidget);
  expect(measured).toEqual(reference);
  expect(measured.newGlobals).toEqual([]);
  expect(measured.adoptedSheets).toBe(0);
});

test('widgets added, removed and re-pointed are followed, sharing one request per feed', async ({ page }) => {
  const requests = { main: 0, other: 0 };
  page.on('request', (request) => {
    if (request.url().endsWith('/fixtures/native/embed.json')) requests.main += 1;
    if (request.url().endsWith('/fixtures/native/embed-other.json')) requests.other += 1;
  });
  await openHost(page, '/pages/hostile.html');
  await expect(page.locator('#removed .sw-root')).toContainText('Other Service');
  await expect(page.locator('#switching .sw-root')).toContainText('Other Service');
  expect(requests).toEqual({ main: 1, other: 1 });

  // one added later, as a single-page app would
  await page.evaluate(() => {
    const late = document.createElement('status-widget');
    late.id = 'late';
    late.setAttribute('feed', '/fixtures/native/embed.json');
    late.setAttribute('view', 'badge');
    document.querySelector('#late-slot').append(late);
  });
  await expect(page.locator('#late .sw-badge-line')).toContainText('Acme API');
  await expect(page.locator('#late a.sw-badge-line')).toHaveAttribute('href', 'https://status.acme.test');

  // a new feed on one, the other removed: nobody shows the other feed any more
  await page.evaluate(() => {
    document.querySelector('#switching').setAttribute('feed', '/fixtures/native/embed.json');
    document.querySelector('#removed').remove();
  });
  await expect(page.locator('#switching .sw-root')).toContainText('Acme API');
  await expect(page.locator('#removed')).toHaveCount(0);
  // and a theme change is applied to the same element
  await page.evaluate(() => document.querySelector('#badge').setAttribute('theme', 'dark'));
  await expect(page.locator('#badge .sw-root')).toHaveClass(/sw-theme-dark/);

  // five widgets on one feed: one request per refresh; none for the feed nobody shows
  const before = { ...requests };
  for (let poll = 1; poll <= 3; poll += 1) {
    await page.clock.runFor(60_000);
    await expect.poll(() => requests.main).toBe(before.main + poll);
    await page.waitForTimeout(200);
    expect(requests.main).toBe(before.main + poll);
  }
  expect(requests.other).toBe(before.other);
});

test('a page with the documented Content-Security-Policy reports no violation', async ({ page }) => {
  const refusals = await watchRefusals(page);
  await page.goto('/pages/csp.html');
  await expect(page.locator('#badge .sw-root')).toContainText('Acme API');
  await expect(page.locator('#compact .sw-root')).toContainText('REST API');
  await expect(page.locator('#full .sw-header h1')).toHaveText('Nimbus AI API status');
  expect(await refusals.violations()).toEqual([]);
  expect(refusals.errors).toEqual([]);
});

test('a toast appears only while something is under way, and stays dismissed', async ({ page }) => {
  await page.goto('/pages/blank.html');
  await page.evaluate(() => {
    for (const [id, feed] of [['toast', '/fixtures/native/embed.json'], ['quiet-toast', '/fixtures/native/embed-other.json']]) {
      const toast = document.createElement('status-widget');
      toast.id = id;
      toast.setAttribute('feed', feed);
      toast.setAttribute('view', 'toast');
      document.body.append(toast);
    }
  });
  const toast = page.locator('#toast .sw-toast');
  await expect(toast).toContainText('503 errors in the EU region');
  await expect(page.locator('#quiet-toast .sw-root')).toBeAttached();
  await expect(page.locator('#quiet-toast .sw-toast')).toHaveCount(0);
  const box = await toast.boundingBox();
  const viewport = page.viewportSize();
  expect(box.x + box.width).toBeGreaterThan(viewport.width - 40);
  expect(box.y + box.height).toBeGreaterThan(viewport.height - 40);
  await page.getByRole('button', { name: 'Dismiss this notice' }).click();
  await expect(toast).toHaveCount(0);
  await page.reload();
  await page.evaluate(() => {
    const toast = document.createElement('status-widget');
    toast.id = 'toast';
    toast.setAttribute('feed', '/fixtures/native/embed.json');
    toast.setAttribute('view', 'toast');
    document.body.append(toast);
  });
  await expect(page.locator('#compact .sw-root')).toContainText('Acme API');
  await expect(page.locator('#toast .sw-toast')).toHaveCount(0);
});

test('the framed page reports its height and the helper sizes only its own frame', async ({ page }) => {
  await page.goto('/pages/frame.html');
  const frame = page.frameLocator('#status');
  await expect(frame.locator('.sw-compact__name')).toHaveText('Acme API');
  await expect(frame.locator('.sw-embed')).toBeHidden();
  // links leave the frame instead of loading the status page inside it
  await expect(frame.locator('head base[target=_top]')).toHaveCount(1);
  await expect.poll(async () => (await page.locator('#status').boundingBox()).height).toBeGreaterThan(300);
  const content = await frame.locator('body').evaluate((body) => body.getBoundingClientRect().height);
  expect(Math.abs((await page.locator('#status').boundingBox()).height - Math.ceil(content))).toBeLessThanOrEqual(1);
  expect((await page.locator('#unhelped').boundingBox()).height).toBe(50);
});

test('the embed panel previews the chosen widget and copies its snippets', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?feed=/fixtures/native/embed.json');
  await page.getByText('Embed this').click();
  await page.getByRole('combobox', { name: /^View/ }).selectOption('badge');
  await page.getByRole('combobox', { name: /^Theme/ }).selectOption('dark');
  const preview = page.locator('.sw-embed__preview status-widget');
  await expect(preview).toHaveAttribute('view', 'badge');
  await expect(preview.locator('.sw-root.sw-view-badge.sw-theme-dark')).toContainText('Acme API');
  await page.getByRole('button', { name: 'Copy script snippet' }).click();
  await expect(page.locator('.sw-embed__confirmation')).toHaveText('Script snippet copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const origin = new URL(page.url()).origin;
  expect(copied).toBe(
    `<script type="module" src="${origin}/embed.js"></script>\n` +
      `<status-widget feed="${origin}/fixtures/native/embed.json" view="badge" theme="dark"></status-widget>`,
  );
  await page.getByRole('button', { name: 'Copy iframe snippet' }).click();
  await expect(page.locator('.sw-embed__confirmation')).toHaveText('Iframe snippet copied.');
  const frameSnippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(frameSnippet).toContain(`src="${origin}/?feed=${encodeURIComponent(`${origin}/fixtures/native/embed.json`)}&amp;view=badge&amp;theme=dark"`);
  expect(frameSnippet).toContain(`<script type="module" src="${origin}/embed-frame.js"></script>`);
});
