// Measures the time from the embed script starting to the first badge painted, on a host page
// served from localhost with a local feed, in fresh browser contexts (nothing cached). Prints
// the runs and their median. Used by `cargo xtask bench`.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const runs = Number(process.env.BENCH_RUNS || 7);
const port = Number(process.env.BENCH_PORT || 4273);
const server = spawn('node', ['tests/e2e/serve.js', String(port)], { stdio: 'ignore' });

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the bench server did not start');
}

async function measureOnce(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Watches every frame for the badge inside the widget's shadow root; the time is taken at
  // the frame after it appears, when it has been painted.
  await page.addInitScript(() => {
    window.firstBadge = new Promise((resolve) => {
      const look = () => {
        const badge = document.querySelector('status-widget')?.shadowRoot?.querySelector('.sw-badge');
        if (badge) requestAnimationFrame(() => resolve(performance.now()));
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  });
  await page.goto(`http://127.0.0.1:${port}/pages/bench-badge.html`);
  const elapsed = await page.evaluate(async () => {
    const painted = await window.firstBadge;
    const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/embed.js'));
    return painted - script.responseEnd;
  });
  await context.close();
  return elapsed;
}

try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const times = [];
  for (let run = 0; run < runs; run += 1) times.push(await measureOnce(browser));
  await browser.close();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`\nEmbed script start to first badge painted (ms, ${runs} cold runs, local feed)\n`);
  console.log('| runs | min | median | max |');
  console.log('|---|---:|---:|---:|');
  console.log(`| ${times.map((t) => t.toFixed(0)).join(', ')} | ${times[0].toFixed(0)} | ${median.toFixed(0)} | ${times[times.length - 1].toFixed(0)} |`);
} finally {
  server.kill();
}
