// End-to-end tests drive the release build in Debian's Chromium; Playwright never downloads
// a browser here. `cargo xtask test` builds dist/ before running these.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    locale: 'en-US',
    timezoneId: 'UTC',
  },
  // Every page runs on a clock the tests set (tests/e2e/clock.js). The specs whose dates follow
  // that clock run again at instants and in zones where dates go wrong: a year's end seen from
  // both sides of the date line, a leap day, and the night Berlin moves its clocks forward.
  projects: [
    { name: 'default' },
    ...[
      ['year-end-kiritimati', '2027-01-01T00:30:00Z', 'Pacific/Kiritimati'],
      ['year-end-adak', '2027-01-01T00:30:00Z', 'America/Adak'],
      ['leap-day', '2028-02-29T12:00:00Z', 'UTC'],
      ['dst-berlin', '2027-03-28T01:30:00Z', 'Europe/Berlin'],
    ].map(([name, now, timezoneId]) => ({ name, testMatch: 'standalone.spec.js', use: { now, timezoneId } })),
  ],
  webServer: {
    command: `node tests/e2e/serve.js ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
