// Measures the standalone page on a large feed (crates/status-feed/examples/large_feed.rs):
// the time from the feed's last byte arriving to the page fully rendered, and the memory the
// page holds once rendered. Used by `cargo xtask bench`; runs on its own too:
//
//   node tests/bench/large-feed-render.js FEED.json [--figures OUT]
//
// OUT gets one line per measure, "name min median max", for xtask to judge against budgets.
//
// "Fully rendered": every component row ([data-component]) and every incident card
// ([data-incident]) the page shows at first is in the document, and one more animation frame
// has started, so the frame that first held them has been laid out and painted. At first the
// page shows every open incident and the first 20 past ones (the rest come with "Show more"),
// and, on a feed this large, the rows of the groups with something wrong (groups that are all
// operational start folded and make their rows when unfolded). The clock starts
// at the feed response's responseEnd (Resource Timing), so network time is left out.
//
// Memory, after a forced garbage collection (CDP HeapProfiler.collectGarbage): the V8 heap in
// use (Runtime.getHeapUsage) plus the wasm module's linear memory, which holds the parsed feed
// and the views' state but lives outside the V8 heap; both are printed and their sum is what
// the budget applies to.
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import sirv from 'sirv';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const figuresIndex = args.indexOf('--figures');
const figuresPath = figuresIndex >= 0 ? args.splice(figuresIndex, 2)[1] : null;
const [feedPath] = args;
if (!feedPath) {
  console.error('usage: node tests/bench/large-feed-render.js FEED.json [--figures OUT]');
  process.exit(2);
}

const runs = Number(process.env.BENCH_RUNS || 7);
const port = Number(process.env.BENCH_PORT || 4283);
const feedBytes = readFileSync(feedPath);
const feed = JSON.parse(feedBytes);
const MB = 1024 * 1024;

// What the page must show: every visible component, every open incident, and the first page
// of the incidents that ended within the page's 30 days (the generator puts all the others
// there). Keep PAST_PAGE in step with src/components/incident_list.rs.
// Likewise FOLD_QUIET_GROUPS_ABOVE from src/components/component_list.rs.
const PAST_PAGE = 20;
const FOLD_QUIET_GROUPS_ABOVE = 50;
const visible = feed.components.filter((c) => !c.only_show_if_degraded || c.status !== 'operational');
const troubledGroups = new Set(visible.filter((c) => c.status !== 'operational').map((c) => c.group));
const expectedComponents =
  visible.length > FOLD_QUIET_GROUPS_ABOVE
    ? visible.filter((c) => !c.group || troubledGroups.has(c.group)).length
    : visible.length;
const open = feed.incidents.filter((i) => !['resolved', 'postmortem'].includes(i.status)).length;
const expectedIncidents = open + Math.min(PAST_PAGE, feed.incidents.length - open);

// The build and the feed from one origin, as a status page and its feed usually are; the feed
// is held in memory so every run gets the same bytes at once.
const dist = sirv('dist', { dev: true });
const server = http.createServer((req, res) => {
  if (new URL(req.url, 'http://localhost').pathname === '/bench/large-feed.json') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(feedBytes);
  }
  return dist(req, res, () => {
    res.writeHead(404);
    res.end();
  });
});
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

async function measureOnce(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(
    ({ components, incidents }) => {
      // Both stages' wasm memories, caught as they are instantiated.
      window.benchWasmMemories = [];
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = async (...args) => {
          const result = await original.apply(WebAssembly, args);
          const instance = result.instance ?? result;
          if (instance.exports?.memory) window.benchWasmMemories.push(instance.exports.memory);
          return result;
        };
      }
      window.fullyRendered = new Promise((resolve) => {
        const look = () => {
          const done =
            document.querySelectorAll('[data-component]').length === components &&
            document.querySelectorAll('[data-incident]').length === incidents;
          if (done) requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
    },
    { components: expectedComponents, incidents: expectedIncidents },
  );
  await page.goto(`http://127.0.0.1:${port}/?feed=${encodeURIComponent('/bench/large-feed.json')}`);
  const { elapsed, wasmBytes } = await page.evaluate(async ({ components, incidents }) => {
    const giveUp = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`the page never showed ${components} components and ${incidents} incidents`)), 60_000),
    );
    const rendered = await Promise.race([window.fullyRendered, giveUp]);
    const response = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/bench/large-feed.json'));
    return { elapsed: rendered - response.responseEnd, wasmBytes: window.benchWasmMemories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0) };
  }, { components: expectedComponents, incidents: expectedIncidents });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
  await context.close();
  return { elapsed, jsHeapBytes: usedSize, wasmBytes, domElements };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await measureOnce(browser));
  await browser.close();

  const spread = (values) => ({ values, min: Math.min(...values), median: median(values), max: Math.max(...values) });
  const render = spread(results.map((r) => r.elapsed));
  const memory = spread(results.map((r) => (r.jsHeapBytes + r.wasmBytes) / MB));
  const row = (name, { values, min, median, max }, digits) => {
    const show = (value) => value.toFixed(digits);
    console.log(`| ${name} | ${values.map(show).join(', ')} | ${show(min)} | ${show(median)} | ${show(max)} |`);
  };
  console.log(
    `\nLarge feed on the standalone page (${(feedBytes.length / MB).toFixed(1)} MB, ${expectedComponents} components, ` +
      `${expectedIncidents} incidents; ${runs} cold runs)\n`,
  );
  console.log('| measure | runs | min | median | max |');
  console.log('|---|---|---:|---:|---:|');
  row('feed received to fully rendered (ms)', render, 0);
  row('memory after GC: JS heap + wasm (MB)', memory, 1);
  console.log(
    `\nMedians: JS heap ${median(results.map((r) => r.jsHeapBytes / MB)).toFixed(1)} MB, ` +
      `wasm linear memory ${median(results.map((r) => r.wasmBytes / MB)).toFixed(1)} MB, ` +
      `${median(results.map((r) => r.domElements))} elements in the document.`,
  );
  if (figuresPath) {
    const line = (name, { min, median, max }) => `${name} ${min} ${median} ${max}\n`;
    writeFileSync(figuresPath, line('render_ms', render) + line('memory_mb', memory));
  }
} finally {
  server.close();
}
