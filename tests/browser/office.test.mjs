// The officers' pages in Debian's headless Chromium at phone size (390x844,
// and 360 px for the width check): log in, open the inbox, open a feedback,
// perform one transition, open the report. No console errors, nothing wider
// than the screen, touch targets large enough, and no page needs JavaScript.
// Screenshots of the inbox, a feedback page and a report, for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, startServer, launchBrowser, shotsDir } from './lib.mjs';

const kTimeout = 60000;
const kPassword = 'mat-khau-can-bo-1';
let server; let chrome; let dataDir; let db;

async function api(path, body) {
  const r = await fetch(server.url + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(r.status, 201);
  return (await r.json()).code;
}

const sender = { name: 'Lò Văn Pấng', address: 'Bản Nà Ngà, xã Mường Bú', phone: '0912 345 678', consent: true };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-office-browser-'));
  const conf = join(dataDir, 'motcua.conf');
  db = join(dataDir, 'db.sqlite');
  writeFileSync(conf, `data_dir = ${join(dataDir, 'data')}\npbkdf2_iterations = 10000\n` +
    'feedback_rate_limit = 0\nlookup_rate_limit = 0\n');
  execFileSync(binary, ['officer', 'add', '--config', conf, '--db', db, '--username', 'lan',
    '--name', 'Lò Thị Lan', '--role', 'centre_civil_servant', '--password-stdin'], { input: kPassword + '\n' });
  server = await startServer(['--config', conf, '--db', db]);  // the last --db wins
  await api('/api/v1/feedback', { ...sender, kind: 'delay_harassment', procedure_code: '1.001193',
    title: 'Chậm trả kết quả đăng ký khai sinh',
    content: 'Tôi nộp hồ sơ đăng ký khai sinh cho con ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được kết quả.' });
  await api('/api/v1/feedback', { ...sender, kind: 'not_practical', title: 'Yêu cầu bản sao sổ hộ khẩu không còn phù hợp',
    content: 'Sổ hộ khẩu giấy đã bỏ từ năm 2023 nhưng bộ phận một cửa vẫn yêu cầu nộp bản sao.' });
  await api('/api/v1/feedback', { ...sender, kind: 'initiative', title: 'Đề nghị cho nộp hồ sơ qua Zalo của xã',
    content: 'Nhiều bản ở xa, đi lại mất cả ngày; đề nghị cho gửi ảnh giấy tờ qua kênh chính thức của xã.' });
  // Backdate the first one by two weeks (sqlite3 CLI, when installed) so the
  // inbox shows an overdue item as it will in real use.
  const day = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
  try {
    execFileSync('sqlite3', [db, `UPDATE feedback SET received_date='${day(-14)}', state_since='${day(-14)}', ` +
      `transfer_due='${day(-7)}', answer_due='${day(0)}' WHERE title LIKE 'Chậm trả%'`]);
  } catch { /* no sqlite3: every item is fresh */ }
  chrome = await launchBrowser();
  mkdirSync(shotsDir, { recursive: true });
});
after(async () => { await chrome?.close(); await server?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

async function checkLayout(page, problems) {
  assert.deepEqual(problems, []);
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${page.url()} is ${overflow}px wider than a ${width}px screen`);
  }
  const small = await page.evaluate(() => [...document.querySelectorAll(
    'main button, main .btn, main input:not([type=checkbox]):not([type=hidden]), main select, main textarea, .onav a, .fbi')]
    .filter((e) => e.offsetParent !== null)
    .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(small, []);
  await page.setViewportSize({ width: 390, height: 844 });
}

test('an officer logs in on a phone, handles a feedback and opens the report, without JavaScript', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN',
    javaScriptEnabled: false });
  const page = await ctx.newPage();
  page.setDefaultTimeout(kTimeout);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));

  // Not logged in: the inbox sends us to the login page and back.
  await page.goto(server.url + '/can-bo/phan-anh');
  assert.match(page.url(), /\/can-bo\/dang-nhap\?tiep=/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'office-login-phone.png') });
  await page.fill('#username', 'lan');
  await page.fill('#password', kPassword);
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  assert.match(page.url(), /\/can-bo\/phan-anh$/);

  // The inbox.
  assert.equal(await page.locator('.fbl li').count(), 3);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'office-inbox-phone.png') });
  await page.screenshot({ path: join(shotsDir, 'office-inbox-phone-full.png'), fullPage: true });

  // A feedback, and one transition through the state machine.
  await Promise.all([page.waitForNavigation(), page.click('.fbl li:first-child a')]);
  assert.match(await page.textContent('.tag-state'), /Đã tiếp nhận/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'office-feedback-phone.png') });
  await page.screenshot({ path: join(shotsDir, 'office-feedback-phone-full.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Tiếp nhận xử lý")')]);
  assert.match(await page.textContent('.tag-state'), /Đang xử lý/);
  assert.match(await page.textContent('.flash'), /Đã ghi nhận/);
  assert.match(await page.textContent('.timeline'), /Tiếp nhận xử lý/);
  // The next steps need inputs: a <details> opens without JavaScript.
  await page.click('summary:has-text("Ghi kết quả xử lý")');
  assert.ok(await page.isVisible('textarea[name=answer]'));
  await page.screenshot({ path: join(shotsDir, 'office-feedback-after-phone.png'), fullPage: true });

  // Home, posting check, report.
  await page.goto(server.url + '/can-bo/');
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'office-home-phone.png'), fullPage: true });
  await page.goto(server.url + '/can-bo/niem-yet');
  await checkLayout(page, problems);
  await page.goto(server.url + '/can-bo/can-bo');
  await checkLayout(page, problems);
  await page.goto(server.url + '/can-bo/ngay-nghi');
  await checkLayout(page, problems);
  await page.goto(server.url + '/can-bo/bao-cao');
  assert.match(await page.textContent('h1'), /Báo cáo kiểm soát thủ tục hành chính Quý/);
  await checkLayout(page, problems);
  await page.screenshot({ path: join(shotsDir, 'office-report-phone.png') });
  await page.screenshot({ path: join(shotsDir, 'office-report-phone-full.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.onav'), false);  // printed without the navigation
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  await page.screenshot({ path: join(shotsDir, 'office-report-print.png'), fullPage: true });
  await ctx.close();
});
