// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) of the standalone page
// and of embedded widgets, in both colour schemes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

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
