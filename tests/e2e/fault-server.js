// A feed server that fails on purpose, for the live-update tests. Each test posts a script (a
// list of steps) under its own id; every GET of the feed plays the next step, the last one
// repeating. The server keeps a log of requests so tests can check when the widget called.
//
//   POST /script?id=ID   body: [{ kind, feed, status, retryAfter, hang, contentType, cors, etag }]
//                        (`feed`: a document to send as the body, instead of a `kind`)
//   GET  /feed?id=ID     the feed, as the script says
//   GET  /log?id=ID      [{ at, ifNoneMatch, ifModifiedSince }]
import http from 'node:http';

const baseFeed = {
  version: 1,
  service: { name: 'Fault Test API' },
  status: 'operational',
  summary: 'All systems go.',
  checked_at: '2026-11-27T09:00:00Z',
  refresh_seconds: 60,
  components: [{ id: 'api', name: 'Public API', status: 'operational' }],
};

const bodies = {
  good: () => JSON.stringify(baseFeed),
  changed: () =>
    JSON.stringify({
      ...baseFeed,
      status: 'degraded',
      summary: 'Errors on the API.',
      components: [{ id: 'api', name: 'Public API', status: 'degraded' }],
    }),
  truncated: () => JSON.stringify(baseFeed).slice(0, 60),
  'not-json': () => '<!doctype html><title>Captive portal</title><p>Sign in to the Wi-Fi',
  'invalid-feed': () => JSON.stringify({ ...baseFeed, components: [{ id: 'api', name: 'Public API' }] }),
  huge: () => JSON.stringify({ ...baseFeed, summary: 'x'.repeat(9 * 1024 * 1024) }),
};

const scripts = new Map();

function cors(res, step = {}) {
  if (step.cors === false) return;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, ETag');
}

function playStep(req, res, script) {
  const step = script.steps[Math.min(script.played, script.steps.length - 1)];
  script.played += 1;
  script.log.push({
    at: Date.now(),
    ifNoneMatch: req.headers['if-none-match'] || null,
    ifModifiedSince: req.headers['if-modified-since'] || null,
  });
  if (step.hang) return; // never answer; the widget must give up on its own
  cors(res, step);
  const body = step.feed ? JSON.stringify(step.feed) : bodies[step.kind || 'good']();
  if (step.etag) {
    const tag = `"${step.kind || 'good'}"`;
    res.setHeader('ETag', tag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === tag) {
      script.notModified += 1;
      res.writeHead(304);
      return res.end();
    }
  } else {
    res.setHeader('Cache-Control', 'no-store');
  }
  if (step.retryAfter !== undefined) res.setHeader('Retry-After', String(step.retryAfter));
  res.setHeader('Content-Type', step.contentType || 'application/json');
  res.writeHead(step.status || 200);
  res.end(step.status && step.status >= 400 ? 'failure on purpose' : body);
}

export function startFaultServer(port) {
  return http
    .createServer((req, res) => {
      const url = new URL(req.url, 'http://localhost');
      const id = url.searchParams.get('id') || 'default';
      if (req.method === 'OPTIONS') {
        cors(res);
        res.setHeader('Access-Control-Allow-Headers', '*');
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === '/script' && req.method === 'POST') {
        let text = '';
        req.on('data', (chunk) => (text += chunk));
        req.on('end', () => {
          scripts.set(id, { steps: JSON.parse(text), played: 0, notModified: 0, log: [] });
          res.writeHead(204);
          res.end();
        });
        return;
      }
      const script = scripts.get(id);
      if (url.pathname === '/log') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(script ? { requests: script.log, notModified: script.notModified } : null));
      }
      if (url.pathname === '/feed' && script) return playStep(req, res, script);
      res.writeHead(404);
      res.end();
    })
    .listen(port, '127.0.0.1');
}
