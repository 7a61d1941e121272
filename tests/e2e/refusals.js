// What a browser refused on a page: Content-Security-Policy violations and console errors,
// collected from the page's first script on.
export async function watchRefusals(page) {
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return { violations: () => page.evaluate(() => window.violations), errors };
}
