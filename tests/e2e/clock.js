// Pages under test run at an instant the project sets, never at the machine's: the demo feed
// is shown as if checked "now", so its dates move with the clock, and a test that read the
// wall clock would pass or fail with the calendar. playwright.config.js runs the
// date-sensitive specs again across a year's end, on a leap day, on a DST change and in far
// time zones.
import { readFileSync } from 'node:fs';
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

export const test = base.extend({
  /** The pages' clock (ISO 8601); null leaves the real clock, for tests against the real server. */
  now: ['2026-12-07T12:00:00Z', { option: true }],
  context: async ({ context, now }, use) => {
    if (now !== null) await context.clock.install({ time: new Date(now) });
    await use(context);
  },
});

/** A context with options of its own (a locale, say), on the test's clock. */
export async function newContextAt(browser, now, options = {}) {
  const context = await browser.newContext(options);
  if (now !== null) await context.clock.install({ time: new Date(now) });
  return context;
}

const demo = JSON.parse(readFileSync(new URL('../../demo/feed.json', import.meta.url), 'utf8'));

/** Where a time of the demo feed lands when the page shows the demo as checked at `now`. */
export function demoTimeAt(demoTime, now) {
  return new Date(Date.parse(now) + Date.parse(demoTime) - Date.parse(demo.checked_at));
}

/** The demo feed's incident with this id, as written in demo/feed.json. */
export function demoIncident(id) {
  return demo.incidents.find((incident) => incident.id === id);
}
