// The report flow end to end: the standalone page served by the real status-server (built by
// `cargo xtask test`) with a fresh SQLite file, a visitor reporting through the dialog, the
// report checked in the database, and the community signal of the next refresh showing it.
import { execFileSync } from 'node:child_process';
import { expect, test } from './clock.js';
import { startStatusServer } from './status-server.js';

const port = Number(process.env.E2E_PORT || 4173) + 10;
const origin = `http://127.0.0.1:${port}`;
const pageUrl = `${origin}/?feed=/feeds/demo.json`;
let server;

// One server and database for the file, so its tests run in order in one worker.
test.describe.configure({ mode: 'serial' });
// The real server counts reports by the machine's clock, so these pages keep that clock too;
// what they assert ("in the last 15 min") is true at any date.
test.use({ now: null });

test.beforeAll(async () => {
  server = await startStatusServer(port);
});

test.afterAll(() => server?.stop());

/** Rows of the reports table, read with Python's sqlite3 (Node 20 has no SQLite module). */
function storedReports() {
  const script = [
    'import json, sqlite3, sys',
    'rows = sqlite3.connect(sys.argv[1]).execute(',
    '    "select feed, component, symptom, note, idempotency_key from reports order by id").fetchall()',
    'print(json.dumps(rows))',
  ].join('\n');
  const output = execFileSync('python3', ['-c', script, server.database]);
  return JSON.parse(output).map(([feed, component, symptom, note, key]) => ({ feed, component, symptom, note, key }));
}

const dialog = (page) => page.getByRole('dialog', { name: 'Report a problem' });
const reportStatus = (page) => dialog(page).locator('.sw-report__status');

async function openDialog(page) {
  await page.getByRole('button', { name: 'Report a problem' }).click();
  await expect(dialog(page)).toBeVisible();
}

test('a visitor reports a 503; it is stored, and the next refresh shows it in the signal and chart', async ({ page }) => {
  await page.clock.install();
  await page.goto(pageUrl);
  await expect(page.locator('.sw-community__headline')).toHaveText(/^No reports from visitors in the last 15 min/);
  await expect(page.locator('.sw-chart')).toHaveCount(0);

  await openDialog(page);
  // The component in the worst state is offered first.
  await expect(dialog(page).getByLabel('Which part is affected?')).toHaveValue('chat');
  await expect(dialog(page).getByLabel('Which part is affected?')).toBeFocused();
  await dialog(page).getByLabel('HTTP 503 Service Unavailable').check();
  await dialog(page).getByLabel('Note (optional)').fill('  Streaming requests fail since 09:00 ');
  await expect(dialog(page).locator('.sw-report__count')).toHaveText('38 / 280');
  await dialog(page).getByRole('button', { name: 'Send report' }).click();
  await expect(reportStatus(page)).toHaveText(/^Thank you: your report was counted/);

  const stored = storedReports();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    feed: 'demo',
    component: 'chat',
    symptom: '503',
    note: 'Streaming requests fail since 09:00',
  });
  expect(stored[0].key).toMatch(/^[0-9a-f]{32}$/);

  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toBeHidden();

  // The feed asks for 60 s between refreshes (plus up to 10 % jitter).
  await page.clock.runFor(70_000);
  await expect(page.locator('.sw-community__headline')).toHaveText(
    '1 report from visitors in the last 15 min, where there are usually none.',
  );
  const bars = page.locator('.sw-chart__plot g').filter({ hasText: '1 report' });
  await expect(bars).toHaveCount(1);
  await expect(bars.locator('rect.sw-chart__bar--0')).toHaveCount(1);
  await expect(page.locator('.sw-chart__legend')).toHaveText('HTTP 503 Service Unavailable: 1');
  await expect(page.locator('.sw-chart__plot')).toHaveAttribute('aria-label', /1 in all, at most 1 in one interval/);

  // The same component again is refused locally, and the visitor is told why.
  await openDialog(page);
  await expect(reportStatus(page)).toHaveText(/^You reported this component recently/);
  await expect(dialog(page).getByRole('button', { name: 'Send report' })).toBeDisabled();
  await dialog(page).getByLabel('Which part is affected?').selectOption('embeddings');
  await expect(reportStatus(page)).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  expect(storedReports()).toHaveLength(1);
});

test('a failed send keeps what was typed, and its retry is counted once', async ({ page }) => {
  let attempts = 0;
  await page.route('**/api/reports/demo', async (route) => {
    attempts += 1;
    if (attempts > 1) return route.continue();
    // The server stores the first attempt, but its answer is lost in a 503 on the way back.
    await route.fetch();
    return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Bad gateway</h1>' });
  });
  await page.goto(pageUrl);
  await openDialog(page);
  await dialog(page).getByLabel('Which part is affected?').selectOption('images');
  await dialog(page).getByLabel('Slow responses').check();
  await dialog(page).getByLabel('Note (optional)').fill('takes 40 s');
  await dialog(page).getByRole('button', { name: 'Send report' }).click();
  await expect(reportStatus(page)).toHaveText(/^The report server had a problem\. Your report is kept here/);
  await expect(dialog(page).getByLabel('Note (optional)')).toHaveValue('takes 40 s');
  await expect(dialog(page).getByLabel('Slow responses')).toBeChecked();

  await dialog(page).getByRole('button', { name: 'Try again' }).click();
  await expect(reportStatus(page)).toHaveText(/^Thank you/);
  expect(attempts).toBe(2);
  const images = storedReports().filter((report) => report.component === 'images');
  expect(images).toHaveLength(1);
  expect(images[0]).toMatchObject({ symptom: 'slow', note: 'takes 40 s' });
});

test('offline, rate-limited and refused reports say so and can be retried', async ({ page, context }) => {
  const before = storedReports().length;
  await page.goto(pageUrl);
  await openDialog(page);
  await dialog(page).getByLabel('Which part is affected?').selectOption('console');
  await dialog(page).getByLabel('Something else').check();

  await context.setOffline(true);
  await dialog(page).getByRole('button', { name: 'Send report' }).click();
  await expect(reportStatus(page)).toHaveText(/^You are offline\. Your report is kept here/);
  await context.setOffline(false);

  await page.route('**/api/reports/demo', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'retry-after': '120', 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'rate_limited', message: 'Too many reports; try again in 120 seconds.' }),
    }),
  );
  await dialog(page).getByRole('button', { name: 'Try again' }).click();
  await expect(reportStatus(page)).toHaveText('Too many reports from your network just now. Try again in 2 min.');

  await page.unroute('**/api/reports/demo');
  await page.route('**/api/reports/demo', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'unknown_component', message: 'Feed "demo" has no component "console".' }),
    }),
  );
  await dialog(page).getByRole('button', { name: 'Try again' }).click();
  await expect(reportStatus(page)).toHaveText('The report was not accepted: Feed "demo" has no component "console".');
  await expect(dialog(page).getByRole('button', { name: 'Send report' })).toBeEnabled();
  expect(storedReports()).toHaveLength(before);
});

test('report="off" and feeds without report settings show no button', async ({ page }) => {
  await page.goto(`${pageUrl}&report=off`);
  await expect(page.locator('.sw-header h1')).toHaveText('Nimbus AI API status');
  await expect(page.getByRole('button', { name: 'Report a problem' })).toHaveCount(0);

  await page.route((url) => url.pathname === '/feeds/demo.json', async (route) => {
    const feed = await (await route.fetch()).json();
    delete feed.report;
    return route.fulfill({ json: feed });
  });
  await page.goto(pageUrl);
  await expect(page.locator('.sw-header h1')).toHaveText('Nimbus AI API status');
  await expect(page.getByRole('button', { name: 'Report a problem' })).toHaveCount(0);
});
