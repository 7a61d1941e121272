// What a visitor downloads, counted in a browser rather than guessed from file lists: each
// page is loaded in a fresh context from tests/bench/serve-brotli.js (brotli, quality 11, as a
// CDN would serve the build), and every response but the feed's is summed, body bytes as
// sent. The feeds and a host page's own document are left out. Three pages:
//   badges      a host page with two badges and a toast (tests/bench/badges-page.html);
//   compact     a host page with a compact widget (tests/bench/compact-page.html);
//   standalone  the standalone page on the built-in demo feed (dist/index.html).
// Used by `cargo xtask bench`; runs on its own too:
//
//   node tests/bench/downloads.js [--figures OUT]
//
// It prints a table per page, and OUT gets `<page>_bytes <total>` lines for xtask to judge.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const figuresIndex = args.indexOf('--figures');
const figuresPath = figuresIndex >= 0 ? args[figuresIndex + 1] : null;
const port = Number(process.env.BENCH_PORT || 4294);
const origin = `http://127.0.0.1:${port}`;

const PAGES = [
  { name: 'badges', path: '/bench/badges-page.html', shown: '.sw-badge' },
  { name: 'compact', path: '/bench/compact-page.html', shown: '.sw-compact' },
  { name: 'standalone', path: '/', shown: '.sw-header h1' },
];
/// The feeds are not the widget's weight, and neither is a host page's own document;
/// everything else counts (the standalone page's document is the widget's).
const isFeed = (url) => url.pathname.startsWith('/fixtures/') || url.pathname === '/demo/feed.json';
const isHostPage = (url) => url.pathname.startsWith('/bench/');
/// Once the page shows its widget, anything still to come would arrive within this.
const SETTLE_MS = 1000;

const server = spawn('node', ['tests/bench/serve-brotli.js', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  server.stdout.on('data', (data) => String(data).includes('listening') && resolve());
  server.on('exit', () => reject(new Error('the bench server stopped')));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const figures = [];
try {
  for (const page of PAGES) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const downloads = [];
    tab.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== origin || isFeed(url) || isHostPage(url)) return;
      downloads.push({ path: url.pathname, bytes: Number(response.headers()['content-length'] ?? NaN), encoding: response.headers()['content-encoding'] });
    });
    await tab.goto(origin + page.path);
    await tab.waitForFunction((selector) => {
      const inShadow = [...document.querySelectorAll('status-widget')].some((element) => element.shadowRoot?.querySelector(selector));
      return inShadow || document.querySelector(selector);
    }, page.shown, { timeout: 30000 });
    await tab.waitForTimeout(SETTLE_MS);
    await context.close();
    const unmeasured = downloads.filter((download) => !Number.isFinite(download.bytes) || download.encoding !== 'br');
    if (unmeasured.length) throw new Error(`not served with brotli and a length: ${unmeasured.map((d) => d.path).join(', ')}`);
    const total = downloads.reduce((sum, download) => sum + download.bytes, 0);
    console.log(`\nDownloads of the ${page.name} page (${page.path}), brotli bytes, the feed and the host's own page left out\n`);
    console.log('| file | brotli |');
    console.log('|---|---:|');
    for (const download of downloads) console.log(`| ${download.path} | ${download.bytes} |`);
    console.log(`| **total** | **${total}** |`);
    figures.push(`${page.name}_bytes ${total}`);
  }
} finally {
  await browser.close();
  server.kill();
}
if (figuresPath) writeFileSync(figuresPath, `${figures.join('\n')}\n`);
