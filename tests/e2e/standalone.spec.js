import { demoIncident, demoTimeAt, expect, newContextAt, test } from './clock.js';

/** Collects console errors and uncaught exceptions so a test can require none. */
function watchErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

test('the demo feed renders status, components and incidents with no console errors', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/');

  const header = page.locator('.sw-header');
  await expect(header.locator('h1')).toHaveText('Nimbus AI API status');
  await expect(header.locator('.sw-badge')).toHaveText(/Degraded performance/);
  await expect(header).toContainText('Some chat completion requests fail with 502 and 503 errors');
  await expect(header.locator('.sw-checked time')).toHaveText(/now|second|minute/);
  await expect(header).toContainText('Demo data');

  const chat = page.locator('[data-component=chat]');
  await expect(chat).toContainText('Chat completions');
  await expect(chat.locator('.sw-badge')).toHaveText(/Partial outage/);
  await expect(page.locator('[data-component=batch]')).toHaveCount(0);

  const ongoing = page.locator('[data-incident="inc-2026-11-27-chat"]');
  await expect(ongoing).toContainText('Elevated 502 and 503 errors on chat completions');
  await expect(ongoing).toContainText('Affects: Chat completions, Image generation');
  await expect(ongoing.locator('details')).toHaveAttribute('open', '');
  await expect(ongoing.locator('.sw-update')).toHaveCount(3);
  await expect(page.locator('[data-incident="inc-2026-11-24-emb"]')).toContainText('Intermittent 500 errors on embeddings');

  const screenshot = testInfo.outputPath('standalone-demo.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('standalone-demo', { path: screenshot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('a Statuspage v2 summary is read through the adapter', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?feed=/fixtures/statuspage/summary.json');
  await expect(page.locator('.sw-header h1')).toHaveText('Example Cloud status');
  await expect(page.locator('.sw-header .sw-badge')).toHaveText(/Partial outage/);
  await expect(page.locator('.sw-group')).toContainText('Public API');
  await expect(page.locator('[data-component=cmp6future06] .sw-badge')).toHaveText(/Status unknown/);
  await expect(page.locator('[data-incident=inc7q2w3e4r5]')).toContainText('Elevated error rates on the REST API');
  expect(errors).toEqual([]);
});

test('feed content is shown as text and never executed', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await page.goto('/?feed=/fixtures/native/hostile.json');
  await expect(page.locator('.sw-header h1')).toContainText('<img src=x');
  await expect(page.locator('.sw-header')).toContainText("<script>document.title='pwned'</script>");
  await page.locator('.sw-incident').hover();
  await page.locator('[data-component=api]').hover();
  expect(await page.locator('.sw-root img, .sw-root script, .sw-root iframe, .sw-root svg, .sw-root b').count()).toBe(0);
  const hrefs = await page.locator('.sw-root a').evaluateAll((links) => links.map((a) => a.href));
  expect(hrefs.every((href) => href.startsWith('http'))).toBe(true);
  expect(await page.title()).not.toBe('pwned');
  expect(dialogs).toEqual([]);
});

test('an HTTP error from the feed server is explained', async ({ page }) => {
  await page.goto('/?feed=/broken/http-500.json');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Status unavailable');
  await expect(alert).toContainText('HTTP 500');
});

test('a feed that is not JSON is reported as unreadable', async ({ page }) => {
  await page.goto('/?feed=/broken/not-json.json');
  await expect(page.getByRole('alert')).toContainText('The status feed could not be read: not valid JSON');
});

test('an invalid feed names the path and the reason', async ({ page }) => {
  await page.route((url) => url.pathname === '/invalid-feed.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ version: 1, service: { name: 'X' }, components: [{ id: 'a', name: 'A' }] }),
    }),
  );
  await page.goto('/?feed=/invalid-feed.json');
  await expect(page.getByRole('alert')).toContainText('components[0].status: is required');
  // In any language the problem is told in the feed format's English terms, marked as such.
  await page.goto('/?feed=/invalid-feed.json&lang=de');
  await expect(page.getByRole('alert')).toContainText('Der Status-Feed konnte nicht gelesen werden:');
  await expect(page.locator('.sw-state__message [lang=en]')).toContainText('components[0].status: is required');
});

test('an unreachable feed says the network or CORS is at fault', async ({ page }) => {
  await page.goto('/?feed=http://127.0.0.1:9/feed.json');
  await expect(page.getByRole('alert')).toContainText('could not be reached');
});

test('a loading state is visible while the feed is on its way', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route((url) => url.pathname === '/demo/feed.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Loading status' })).toBeVisible();
  release();
  await expect(page.locator('.sw-header h1')).toHaveText('Nimbus AI API status');
});

test('the exact time of the last check shows on keyboard focus, not only on hover', async ({ page }) => {
  await page.goto('/');
  const time = page.locator('.sw-checked time');
  const exact = page.locator('.sw-checked .sw-visually-hidden');
  await expect(time).toHaveAttribute('title', /\d{4}/);
  const widthOf = async () => (await exact.boundingBox())?.width ?? 0;
  expect(await widthOf()).toBeLessThanOrEqual(1);
  await page.keyboard.press('Tab');
  for (let presses = 0; presses < 10 && !(await time.evaluate((element) => element === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(time).toBeFocused();
  expect(await widthOf()).toBeGreaterThan(100);
  await expect(exact).toHaveText(/\d{4}/);
});

test('every section of the status page is there for the demo feed', async ({ page }) => {
  await page.goto('/');
  const headings = page.locator('.sw-status-page h2');
  await expect(headings).toHaveText([
    "What we're seeing right now",
    'Components',
    'Incidents',
    'Scheduled maintenance',
    'About these errors',
  ]);
  await expect(page.locator('.sw-community__headline')).toHaveText(/reports? from visitors in the last 15 min/);
  await expect(page.locator('.sw-chart__plot')).toHaveAttribute('aria-label', /^Reports per 5 min over the last/);
  await expect(page.locator('.sw-chart__legend li')).toHaveCount(3);

  // Groups fold and unfold; components carry their 90-day history.
  const api = page.locator('[data-group=api] > details');
  await expect(api).toHaveAttribute('open', '');
  await api.locator('summary').click();
  await expect(api).not.toHaveAttribute('open', '');
  await expect(page.locator('[data-component=chat]')).toBeHidden();
  await api.locator('summary').press('Enter');
  await expect(page.locator('[data-component=chat]')).toBeVisible();
  const history = page.locator('[data-component=chat] .sw-history__bars');
  // The days with problems are in the text alternative, not only in tooltips.
  await expect(history).toHaveAttribute('aria-label', /^Last 90 days: 5 with problems, 99\.62% uptime\. (\w+ \d+: [^;]+; ){4}\w+ \d+: Partial outage, 95 min down$/);
  await expect(history.locator('rect')).toHaveCount(90);
  await expect(history.locator('rect').last().locator('title')).toHaveText(/: Partial outage, 95 min down$/);
  await expect(page.locator('[data-component=batch] .sw-history')).toHaveCount(0);

  await expect(page.locator('[data-maintenance="mnt-2026-11-29-db"]')).toContainText('Affects: Developer console, Billing and usage');
  const guide = page.locator('.sw-guide');
  await expect(guide.locator('dt')).toHaveCount(5);
  await expect(guide.locator('dt').first()).toHaveText('HTTP 500 Internal Server Error');
  await expect(guide.locator('ol li').first()).toContainText('exponential backoff');
  for (const link of await guide.locator('a').all()) {
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('href', /^https?:\/\//);
  }
  const question = guide.locator('details.sw-faq').first();
  await question.locator('summary').click();
  await expect(question.locator('p')).toBeVisible();
});

for (const width of [320, 375, 1280]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the page fits ${width} px without sideways scrolling (${colorScheme}), screenshot saved`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await expect(page.locator('.sw-guide')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (width === 320) return;
      const screenshot = testInfo.outputPath(`status-page-${width}-${colorScheme}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      await testInfo.attach(`status-page-${width}-${colorScheme}`, { path: screenshot, contentType: 'image/png' });
    });
  }
}

test('the page speaks German when asked by lang= or by the browser, with dates in German', async ({ browser, now }) => {
  for (const [locale, query] of [['en-US', '?lang=de'], ['de-DE', '']]) {
    const context = await newContextAt(browser, now, { locale });
    const page = await context.newPage();
    await page.goto(`/${query}`);
    await expect(page.locator('.sw-header h1')).toHaveText('Status: Nimbus AI API');
    await expect(page.locator('.sw-root')).toHaveAttribute('lang', /^de/);
    // The standalone page is the whole document: its language and title follow.
    await expect(page.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(page).toHaveTitle('Status: Nimbus AI API');
    await expect(page.locator('.sw-header .sw-badge')).toHaveText(/Eingeschränkte Leistung/);
    await expect(page.locator('.sw-status-page h2')).toHaveText([
      'Was wir gerade sehen',
      'Komponenten',
      'Vorfälle',
      'Geplante Wartungen',
      'Über diese Fehler',
    ]);
    await expect(page.locator('.sw-checked')).toHaveText(/^Zuletzt geprüft (jetzt|vor \d+ Sekunden)/);
    await expect(page.getByRole('button', { name: 'Problem melden' })).toBeVisible();
    // Dates come from Intl in the chosen locale and the page's time zone, with the year only
    // when it is not the visitor's current year. The demo's dates follow the clock, so the
    // expected date is worked out from it.
    const started = demoTimeAt(demoIncident('inc-2026-11-24-emb').started_at, now).getTime();
    const expected = await page.evaluate(
      ([started, now]) => {
        const year = (time) => new Date(time).getFullYear();
        const fields = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
        if (year(started) !== year(now)) fields.year = 'numeric';
        return new Intl.DateTimeFormat('de', fields).format(started);
      },
      [started, Date.parse(now)],
    );
    expect(expected).toMatch(/^\d+\. (Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sept|Okt|Nov|Dez)/);
    await expect(page.locator('[data-incident="inc-2026-11-24-emb"] .sw-incident__meta')).toContainText(
      `begonnen am ${expected} ·`,
    );
    await context.close();
  }
});

test('a browser language the widget does not speak falls back to English', async ({ browser, now }) => {
  const context = await newContextAt(browser, now, { locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('.sw-header h1')).toHaveText('Nimbus AI API status');
  await expect(page.locator('.sw-root')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('Nimbus AI API status');
  await context.close();
});
