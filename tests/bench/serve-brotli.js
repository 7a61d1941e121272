// Serves the release build as a CDN would: every file compressed with brotli (quality 11) once,
// at start, and kept in memory; sent with `Content-Encoding: br` to clients that accept it.
// Used by tests/bench/first-badge.js; runs on its own too:
//
//   node tests/bench/serve-brotli.js [PORT]
//
//   /                dist/ (the release build)
//   /bench/          tests/bench/ (the bench pages and the vanilla reference badge)
//   /fixtures/       crates/status-feed/tests/fixtures/ (the feeds)
//
// It prints "listening on PORT" once every file is compressed and it accepts requests.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const port = Number(process.argv[2] || 4293);
const roots = [
  ['/bench/', 'tests/bench'],
  ['/fixtures/', 'crates/status-feed/tests/fixtures'],
  ['/', 'dist'],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/// URL path -> { type, raw, br }, for every file of a known type under the roots.
const files = new Map();
for (const [prefix, dir] of roots) {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const type = TYPES[extname(path)];
    const parts = relative(dir, path).split(sep);
    // Hidden folders (a build's staging folder, say) are not part of what is served.
    if (!entry.isFile() || !type || parts.some((part) => part.startsWith('.'))) continue;
    const urlPath = prefix + parts.join('/');
    if (files.has(urlPath)) continue; // an earlier (more specific) root wins
    const raw = readFileSync(path);
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    files.set(urlPath, { type, raw, br });
  }
}

http
  .createServer((req, res) => {
    let path = new URL(req.url, 'http://localhost').pathname;
    if (path.endsWith('/')) path += 'index.html';
    const file = files.get(path);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-cache' });
      return res.end('Not found');
    }
    const brotli = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    const body = brotli ? file.br : file.raw;
    const headers = {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
    };
    if (brotli) headers['content-encoding'] = 'br';
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  })
  .listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
