// Shared helpers: start the real motcua binary on a free loopback port, and
// launch Debian's Chromium (never a downloaded one) with no outside lookups.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const binary = process.env.MOTCUA_BINARY;
export const shotsDir = process.env.MOTCUA_SHOTS_DIR || join(tmpdir(), 'motcua-shots');

export async function startServer(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-browser-'));
  const portFile = join(dir, 'port');
  const proc = spawn(binary, ['serve', '--demo', '--db', join(dir, 'db.sqlite'),
    '--listen', '127.0.0.1:0', '--port-file', portFile, ...extraArgs],
  // In its own directory: a default data_dir ("data") is not shared with servers beside it.
  { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 500 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(portFile)) throw new Error('server did not start: ' + log);
  let port = 0;
  for (let i = 0; i < 50 && !port; i++) {
    port = parseInt(readFileSync(portFile, 'utf8'), 10) || 0;
    if (!port) await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    async stop() { proc.kill('SIGTERM'); await new Promise((r) => proc.once('exit', r)); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function launchBrowser() {
  // playwright-core gives each launch a fresh, empty profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-extensions', '--disable-default-apps', '--disable-domain-reliability',
      '--disable-breakpad',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  return { browser, async close() { await browser.close(); } };
}

export const sizes = { phone: { width: 390, height: 844 }, kiosk: { width: 1080, height: 1920 } };

// Opens a page, collecting console errors and failed requests.
export async function openPage(browser, size, url) {
  const ctx = await browser.newContext({ viewport: sizes[size], locale: 'vi-VN' });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
  const resp = await page.goto(url, { waitUntil: 'load' });
  return { ctx, page, problems, status: resp ? resp.status() : 0 };
}
