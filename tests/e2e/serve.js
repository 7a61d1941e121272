// Serves the release build (dist/) and the feed fixtures for the end-to-end tests, plus a few
// routes that fail on purpose; and, on the next port, the scriptable fault-injecting feed
// server (a different origin, so CORS is exercised too).
import http from 'node:http';
import sirv from 'sirv';
import { startFaultServer } from './fault-server.js';

const port = Number(process.argv[2] || 4173);
const dist = sirv('dist', { dev: true, etag: true });
const fixtures = sirv('crates/status-feed/tests/fixtures', { dev: true });
const pages = sirv('tests/e2e/pages', { dev: true });

// The policy docs/embedding.md tells host pages they need: their own origin plus wasm.
export const EMBED_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const failures = {
  '/broken/http-500.json': (res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal Server Error');
  },
  '/broken/not-json.json': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html><body>Welcome to nginx!</body></html>');
  },
};

http
  .createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (failures[path]) return failures[path](res);
    if (path.startsWith('/pages/')) {
      if (path === '/pages/csp.html') res.setHeader('Content-Security-Policy', EMBED_CSP);
      req.url = req.url.slice('/pages'.length);
      return pages(req, res, () => notFound(res));
    }
    if (path.startsWith('/fixtures/')) {
      req.url = req.url.slice('/fixtures'.length);
      return fixtures(req, res, () => notFound(res));
    }
    return dist(req, res, () => notFound(res));
  })
  .listen(port, '127.0.0.1');

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}

startFaultServer(port + 1);
