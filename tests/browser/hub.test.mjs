// The province hub's pages in Debian's headless Chromium at phone size
// (390x844, and 360 px for the width check): a real `motcua hub`, a real
// commune board pushing three feedback to it, a province officer logging in
// without JavaScript. Screenshots of each page, for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, launchBrowser, shotsDir } from './lib.mjs';

const kTimeout = 60000;
const kPassword = 'mat-khau-can-bo-1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let dir; let chrome; const procs = [];

// Starts `motcua ARGS... --listen 127.0.0.1:0 --port-file F`; resolves to the
// port file's numbers once it has `lines` of them.
async function start(args, lines) {
  const portFile = join(dir, `port-${procs.length}`);
  const proc = spawn(binary, [...args, '--listen', '127.0.0.1:0', '--port-file', portFile],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  procs.push(proc);
  for (let i = 0; i < 500; i++) {
    if (existsSync(portFile)) {
      const ports = readFileSync(portFile, 'utf8').split('\n').filter(Boolean).map(Number);
      if (ports.length >= lines) return ports;
    }
    await sleep(20);
  }
  throw new Error('did not start: ' + log);
}

let hubUrl;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-hub-browser-'));
  const hubConf = join(dir, 'hub.conf');
  writeFileSync(hubConf, `db = ${join(dir, 'hub', 'hub.db')}\ndata_dir = ${join(dir, 'hub')}\n` +
    'hub_listen = 127.0.0.1:0\nhub_plain_http = yes\npublic_levels = all\npbkdf2_iterations = 10000\n');
  const run = (args, input) => execFileSync(binary, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  run(['hub', 'key', 'generate', '--config', hubConf]);
  run(['import', '--config', hubConf, join(import.meta.dirname, '..', '..', 'server', 'catalog', 'demo', 'procedures.jsonl')]);
  run(['hub', 'device', 'add', '03646', '--config', hubConf, '--out', join(dir, 'prov')]);
  run(['hub', 'device', 'add', '03664', '--config', hubConf, '--out', join(dir, 'prov2')]);
  run(['officer', 'add', '--config', hubConf, '--username', 'tinh', '--name', 'Cầm Văn Tỉnh',
    '--role', 'centre_civil_servant', '--password-stdin'], kPassword + '\n');
  const hubPorts = await start(['hub', '--config', hubConf], 3);
  hubUrl = `http://127.0.0.1:${hubPorts[0]}`;

  // The board of Phường Tô Hiệu, syncing every second.
  const conf = readFileSync(join(dir, 'prov', 'sync.conf'), 'utf8')
    .replace(/^sync_hub = .*$/m, `sync_hub = http://127.0.0.1:${hubPorts[2]}`);
  const boardConf = join(dir, 'board.conf');
  writeFileSync(boardConf, conf + `db = ${join(dir, 'board', 'board.db')}\ndata_dir = ${join(dir, 'board')}\n` +
    'sync_interval_s = 1\nfeedback_rate_limit = 0\n');
  const [boardPort] = await start(['serve', '--config', boardConf], 1);
  const sender = { name: 'Lò Văn Pấng', address: 'Bản Nà Ngà, phường Tô Hiệu', phone: '0912 345 678', consent: true };
  for (const [kind, title, content] of [
    ['delay_harassment', 'Chậm trả kết quả đăng ký khai sinh', 'Tôi nộp hồ sơ ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được kết quả.'],
    ['not_practical', 'Yêu cầu bản sao sổ hộ khẩu không còn phù hợp', 'Sổ hộ khẩu giấy đã bỏ nhưng bộ phận một cửa vẫn yêu cầu nộp bản sao.'],
    ['initiative', 'Đề nghị cho nộp hồ sơ qua kênh chính thức của phường', 'Nhiều bản ở xa, đi lại mất cả ngày.']]) {
    const r = await fetch(`http://127.0.0.1:${boardPort}/api/v1/feedback`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...sender, kind, title, content }),
    });
    assert.equal(r.status, 201);
  }
  chrome = await launchBrowser();
  mkdirSync(shotsDir, { recursive: true });
});
after(async () => {
  await chrome?.close();
  for (const p of procs) { p.kill('SIGTERM'); await new Promise((r) => p.once('exit', r)); }
  rmSync(dir, { recursive: true, force: true });
});

async function checkLayout(page, problems) {
  assert.deepEqual(problems, []);
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${page.url()} is ${overflow}px wider than a ${width}px screen`);
  }
  const small = await page.evaluate(() => [...document.querySelectorAll(
    'main button, main .btn, main select, .onav a, .fbi')]
    .filter((e) => e.offsetParent !== null)
    .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(small, []);
  await page.setViewportSize({ width: 390, height: 844 });
}

test('a province officer reads communes, feedback, the report and bundles on a phone', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN',
    javaScriptEnabled: false });
  const page = await ctx.newPage();
  page.setDefaultTimeout(kTimeout);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));

  await page.goto(hubUrl + '/can-bo/tinh/phan-anh');
  assert.match(page.url(), /\/can-bo\/dang-nhap\?tiep=/);
  await page.fill('#username', 'tinh');
  await page.fill('#password', kPassword);
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  assert.match(page.url(), /\/can-bo\/tinh\/phan-anh$/);
  // The board pushes within a second or two of each feedback.
  for (let i = 0; i < 50 && await page.locator('.fbl li').count() < 3; i++) {
    await sleep(200);
    await page.reload();
  }
  assert.equal(await page.locator('.fbl li').count(), 3);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-feedback-phone.png'), fullPage: true });

  // One feedback: the officer accepts it for the commune, without JavaScript;
  // the board applies it and its answer comes back.
  await Promise.all([page.waitForNavigation(), page.click('.fbl li:first-child a')]);
  assert.match(page.url(), /\/can-bo\/tinh\/phan-anh\/03646-1\/PA-/);
  await checkLayout(page, problems);
  await Promise.all([page.waitForNavigation(),
    page.click('form:has(input[name=action][value=accept]) button')]);
  assert.match(await page.textContent('main'), /Đang chờ xã nhận/);
  for (let i = 0; i < 50 && !/Xã đã thực hiện/.test(await page.textContent('main')); i++) {
    await sleep(200);
    await page.reload();
  }
  assert.match(await page.textContent('main'), /Xã đã thực hiện/);
  assert.match(await page.textContent('.tags'), /Đang xử lý/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-feedback-one-phone.png'), fullPage: true });

  await page.goto(hubUrl + '/can-bo/tinh');
  assert.match(await page.textContent('main'), /Phường Tô Hiệu/);
  assert.match(await page.textContent('main'), /73 xã, phường chưa có thiết bị/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-communes-phone.png') });
  await page.screenshot({ path: join(shotsDir, 'hub-communes-phone-full.png'), fullPage: true });

  await page.goto(hubUrl + '/can-bo/tinh/bao-cao');
  assert.match(await page.textContent('h1'), /Báo cáo tổng hợp phản ánh, kiến nghị Quý/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-report-phone-full.png'), fullPage: true });

  await page.goto(hubUrl + '/can-bo/tinh/thu-tuc');
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-procedures-phone.png') });

  await page.goto(hubUrl + '/can-bo/tinh/xa/03646');
  assert.match(await page.textContent('main'), /Danh mục thủ tục/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'hub-commune-phone.png') });
  await ctx.close();
});
