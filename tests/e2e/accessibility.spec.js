// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) of the standalone page
// and of embedded widgets, in both colour schemes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './clock.js';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

for (const colorScheme of ['light', 'dark']) {
  test(`the standalone page has no accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await expect(page.locator('.sw-header h1')).toHaveText('Nimbus AI API status');
    await page.getByText('Embed this').click();
    await expect(page.locator('.sw-embed__preview .sw-root')).toBeAttached();
    const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test(`embedded widgets have no accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/pages/csp.html');
    await expect(page.locator('#compact .sw-root')).toContainText('REST API');
    await expect(page.locator('#full .sw-header h1')).toHaveText('Nimbus AI API status');
    const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the report dialog has no accessibility violations and keeps focus inside (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    const opener = page.getByRole('button', { name: 'Report a problem' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Report a problem' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('HTTP 502 Bad Gateway').check();
    const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // A modal dialog makes the page behind it inert: tabbing reaches only the dialog's
    // controls (and, past the last one, the browser's own UI, when nothing is focused).
    const focusedOutside = [];
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press('Tab');
      const outside = await page.evaluate(() => {
        const focused = document.activeElement;
        const nowhere = !focused || focused === document.body;
        return nowhere || focused.closest('dialog') ? null : focused.outerHTML.slice(0, 80);
      });
      if (outside) focusedOutside.push(outside);
    }
    expect(focusedOutside).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });
}
