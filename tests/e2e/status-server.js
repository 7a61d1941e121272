// The real status-server (target/debug, built by `cargo xtask test`) for the specs that need
// it, serving dist/ and the demo feed with a fresh SQLite file in a folder of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';

/**
 * Starts the server on `port` with `serverLines` added to its `[server]` section, and waits
 * until it answers. `database` is the SQLite file; `stop()` ends it and removes its folder.
 */
export async function startStatusServer(port, serverLines = []) {
  const directory = mkdtempSync(join(tmpdir(), 'status-widget-e2e-'));
  const config = join(directory, 'config.toml');
  const database = join(directory, 'reports.db');
  writeFileSync(
    config,
    [
      '[server]',
      `listen = "127.0.0.1:${port}"`,
      `static_dir = ${JSON.stringify(resolve('dist'))}`,
      ...serverLines,
      '[storage]',
      `database = ${JSON.stringify(database)}`,
      '[feeds]',
      `demo = ${JSON.stringify(resolve('demo/feed.json'))}`,
    ].join('\n'),
  );
  const server = spawn(resolve('target/debug/status-server'), ['--config', config], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${origin}/healthz`).catch(() => null))?.status, { timeout: 15_000 })
    .toBe(200);
  return {
    origin,
    database,
    stop() {
      server.kill();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
