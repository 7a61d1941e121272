// The main way the widget is used: a host page on one origin embeds the widget, its feed and
// its report endpoint from another, the real status-server (built by `cargo xtask test`),
// under the Content-Security-Policy docs/embedding.md gives for that case. Module scripts,
// the wasm, the feed, reports and embed-frame.js are all cross-origin requests here, so the
// server's CORS headers for its static files are what make any of it work.
import http from 'node:http';
import { expect, test } from './clock.js';
import { watchRefusals } from './refusals.js';
import { startStatusServer } from './status-server.js';

const widgetPort = Number(process.env.E2E_PORT || 4173) + 20;
const widget = `http://127.0.0.1:${widgetPort}`;
// Served by a real server, not by routing in the browser: Chromium treats a page it did not
// fetch as public, and refuses it requests to loopback addresses such as the widget's.
const hostPort = widgetPort + 1;
const host = `http://127.0.0.1:${hostPort}`;
const feed = `${widget}/feeds/demo.json`;
// As docs/embedding.md gives it for a widget served from another origin.
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${widget}`,
  `connect-src 'self' ${widget}`,
  `frame-src ${widget}`,
].join('; ');
/** The host pages' bodies by path. */
const hostPages = new Map();
let server;
let hostServer;

// One server and database for the file.
test.describe.configure({ mode: 'serial' });
// The real server counts reports by the machine's clock, so these pages keep that clock too;
// nothing asserted here depends on the date.
test.use({ now: null });

test.beforeAll(async () => {
  // Only the host page's origin, so the test shows the list is followed.
  server = await startStatusServer(widgetPort, [`cors_origins = [${JSON.stringify(host)}]`]);
  hostServer = http
    .createServer((request, response) => {
      const body = hostPages.get(request.url);
      // Nothing else is asked for but the browser's favicon.
      if (body === undefined) {
        response.writeHead(204).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>${body}</body></html>`);
    })
    .listen(hostPort, '127.0.0.1');
});

test.afterAll(() => {
  server?.stop();
  hostServer?.close();
});

/**
 * Opens a host page `name` on `host` with `body`, sent with the cross-origin policy, and
 * collects the policy's violations and console errors.
 */
async function openHostPage(page, name, body) {
  const path = `/${name}.html`;
  hostPages.set(path, body);
  const refusals = await watchRefusals(page);
  await page.goto(`${host}${path}`);
  return {
    /** No violation and no console error so far; and the policy is in force after all. */
    async expectNothingRefused() {
      expect(await refusals.violations()).toEqual([]);
      expect(refusals.errors).toEqual([]);
      const inlineRan = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.head.append(script);
        return window.inlineRan === true;
      });
      expect(inlineRan).toBe(false);
    },
  };
}

test('badge, compact and toast widgets load from the widget origin', async ({ page }) => {
  const hostPage = await openHostPage(
    page,
    'views',
    `<script type="module" src="${widget}/embed.js"></script>
     <status-widget id="badge" feed="${feed}" view="badge"></status-widget>
     <status-widget id="compact" feed="${feed}" view="compact"></status-widget>
     <status-widget id="toast" feed="${feed}" view="toast"></status-widget>`,
  );
  await expect(page.locator('#badge .sw-root')).toContainText('Nimbus AI API');
  await expect(page.locator('#compact .sw-compact__name')).toHaveText('Nimbus AI API');
  await expect(page.locator('#compact .sw-root')).toContainText('Chat completions');
  await expect(page.locator('#toast .sw-toast')).toContainText('Elevated 502 and 503 errors on chat completions');
  await hostPage.expectNothingRefused();
});

test('a report from the compact view on the host page is counted by the widget origin', async ({ page }) => {
  const hostPage = await openHostPage(
    page,
    'report',
    `<script type="module" src="${widget}/embed.js"></script>
     <status-widget feed="${feed}" view="compact"></status-widget>`,
  );
  await page.getByRole('button', { name: 'Report a problem' }).click();
  const dialog = page.getByRole('dialog', { name: 'Report a problem' });
  await dialog.getByLabel('HTTP 503 Service Unavailable').check();
  await dialog.getByRole('button', { name: 'Send report' }).click();
  // The compact view has no "What we're seeing right now" to point to.
  await expect(dialog.locator('.sw-report__status')).toHaveText('Thank you: your report was counted.');

  const served = await (await fetch(feed)).json();
  const counted = served.community.buckets.reduce((sum, bucket) => sum + (bucket.symptoms?.['503'] ?? 0), 0);
  expect(counted).toBe(1);
  await hostPage.expectNothingRefused();
});

test('an iframe of the widget origin is sized by embed-frame.js from that origin', async ({ page }) => {
  const framed = `${widget}/?feed=${encodeURIComponent(feed)}&view=compact&theme=light`;
  // No style attribute: the policy refuses inline styles, as a strict host page's would.
  const hostPage = await openHostPage(
    page,
    'frame',
    `<iframe id="status" src="${framed}" title="Service status" data-status-widget-frame></iframe>
     <script type="module" src="${widget}/embed-frame.js"></script>`,
  );
  const frame = page.frameLocator('#status');
  await expect(frame.locator('.sw-compact__name')).toHaveText('Nimbus AI API');
  const frameHeight = () => page.locator('#status').evaluate((element) => element.clientHeight);
  // Past the 150 px a frame has without the helper, and then to its content's height.
  await expect.poll(frameHeight).toBeGreaterThan(150);
  const mismatch = async () => {
    const content = await frame.locator('body').evaluate((body) => body.getBoundingClientRect().height);
    return Math.abs((await frameHeight()) - Math.ceil(content));
  };
  await expect.poll(mismatch).toBeLessThanOrEqual(1);
  await hostPage.expectNothingRefused();
});
