// The feedback pages in Debian's headless Chromium at phone (390x844) and
// kiosk (1080x1920) sizes: the form, its error state (without JavaScript, as
// the server renders it), the receipt, and the lookup. No console errors,
// nothing wider than the screen, touch targets large enough; a screenshot of
// each for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, shotsDir, sizes } from './lib.mjs';

let server; let chrome; let dataDir;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-fb-browser-'));
  const conf = join(dataDir, 'motcua.conf');
  writeFileSync(conf, `data_dir = ${join(dataDir, 'data')}\nfeedback_rate_limit = 0\nlookup_rate_limit = 0\n`);
  server = await startServer(['--config', conf]);
  chrome = await launchBrowser();
  mkdirSync(shotsDir, { recursive: true });
});
after(async () => { await chrome?.close(); await server?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

// Generous timeouts: the test machine is small and shared.
const kTimeout = 60000;

async function checkLayout(page, problems) {
  assert.deepEqual(problems, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  const small = await page.evaluate(() => [...document.querySelectorAll(
    'button, .btn, .fb input:not([type=checkbox]):not([type=radio]):not([type=hidden]), .fb select, .fb textarea, .choice, .check')]
    .filter((e) => e.offsetParent !== null && !e.closest('.hp'))
    .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(small, []);
}

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 1)]);

async function fillGood(page) {
  await page.selectOption('#f-kind', 'delay_harassment');
  await page.fill('#f-title', 'Chậm trả kết quả đăng ký khai sinh');
  await page.fill('#f-content', 'Tôi nộp hồ sơ đăng ký khai sinh cho con ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được.');
  await page.setInputFiles('#f-files', { name: 'anh.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.fill('#f-name', 'Lò Văn Pấng');
  await page.fill('#f-address', 'Bản Nà Ngà, xã Mường Bú');
  await page.fill('#f-phone', '0912 345 678');
  await page.check('#f-consent');
}

for (const size of ['phone', 'kiosk']) {
  test(`feedback form at ${size} size`, async () => {
    const { ctx, page, problems, status } = await openPage(chrome.browser, size, server.url + '/phan-anh?thu_tuc=1.001193');
    page.setDefaultTimeout(kTimeout);
    assert.equal(status, 200);
    await checkLayout(page, problems);
    assert.equal(await page.inputValue('#f-procedure_code'), '1.001193');
    await page.screenshot({ path: join(shotsDir, `feedback-form-${size}.png`) });
    await ctx.close();
  });

  test(`feedback error state (server, no JavaScript) at ${size} size`, async () => {
    const ctx = await chrome.browser.newContext({ viewport: sizes[size], locale: 'vi-VN', javaScriptEnabled: false });
    const page = await ctx.newPage();
    page.setDefaultTimeout(kTimeout);
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/422/.test(m.text())) problems.push(m.text()); });
    await page.goto(server.url + '/phan-anh');
    await page.fill('#f-title', 'Chậm trả kết quả');
    await page.fill('#f-name', 'Lò Văn Pấng');
    await page.fill('#f-phone', '0912 34');
    const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.fb button[type=submit]')]);
    assert.equal(resp.status(), 422);
    await checkLayout(page, problems);
    assert.match(await page.textContent('.errsum h2'), /Vui lòng sửa \d+ mục/);
    assert.equal(await page.inputValue('#f-name'), 'Lò Văn Pấng');  // kept
    assert.match(await page.textContent('#e-phone'), /Số điện thoại chưa đúng/);
    await page.screenshot({ path: join(shotsDir, `feedback-error-${size}.png`) });
    if (size === 'phone') await page.screenshot({ path: join(shotsDir, `feedback-error-${size}-full.png`), fullPage: true });
    await ctx.close();
  });

  test(`feedback receipt at ${size} size`, async () => {
    const { ctx, page, problems } = await openPage(chrome.browser, size, server.url + '/phan-anh');
    page.setDefaultTimeout(kTimeout);
    await fillGood(page);
    const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.fb button[type=submit]')]);
    assert.equal(resp.status(), 200);
    assert.match(page.url(), /\/phan-anh\/bien-nhan\/PA-[0-9A-Z]{5}-[0-9A-Z]{5}\?k=/);
    await checkLayout(page, problems);
    const code = (await page.textContent('.code')).trim();
    assert.match(code, /^PA-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.ok(await page.isVisible('[data-print]'), 'print button shown with JavaScript');
    await page.screenshot({ path: join(shotsDir, `feedback-receipt-${size}.png`) });
    // Lookup with the code and the last 4 digits.
    await page.goto(server.url + '/phan-anh/tra-cuu?ma=' + code);
    await page.fill('#f-so4', '5678');
    await Promise.all([page.waitForNavigation(), page.click('form.fb button[type=submit]')]);
    assert.match(await page.textContent('.state'), /Đã tiếp nhận/);
    await checkLayout(page, problems);
    await page.screenshot({ path: join(shotsDir, `feedback-lookup-${size}.png`) });
    await ctx.close();
  });
}

test('with JavaScript: earlier checks, procedure suggestions, character counter', async () => {
  const { ctx, page, problems } = await openPage(chrome.browser, 'phone', server.url + '/phan-anh');
  page.setDefaultTimeout(kTimeout);
  await page.click('form.fb button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/phan-anh');  // stopped before sending
  assert.ok(await page.isVisible('#ejs-f-name'));
  await page.fill('#f-content', 'Xin chào');
  assert.match(await page.textContent('[data-counter]'), /8\/5\.000/);
  await page.fill('#f-procedure_code', 'khai sinh');
  await page.waitForSelector('[data-suggest-list] button');
  await page.click('[data-suggest-list] button >> nth=0');
  assert.match(await page.inputValue('#f-procedure_code'), /^\d\.\d{6}$/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a receipt prints on one A4 page and fits an 80 mm roll', async () => {
  const { ctx, page } = await openPage(chrome.browser, 'phone', server.url + '/phan-anh');
  page.setDefaultTimeout(kTimeout);
  await fillGood(page);
  await Promise.all([page.waitForNavigation(), page.click('form.fb button[type=submit]')]);
  await page.emulateMedia({ media: 'print' });
  const a4 = await page.pdf({ format: 'A4', printBackground: false });
  const pagesA4 = (a4.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pagesA4, 1, 'A4 receipt is one page');
  // 80 mm roll: nothing wider than the paper.
  await page.setViewportSize({ width: 302, height: 1200 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `receipt is ${overflow}px wider than 80 mm`);
  await page.screenshot({ path: join(shotsDir, 'feedback-receipt-print-80mm.png'), fullPage: true });
  writeFileSync(join(shotsDir, 'feedback-receipt-a4.pdf'), a4);
  await page.pdf({ path: join(shotsDir, 'feedback-receipt-80mm.pdf'), width: '80mm', height: '297mm' });
  await ctx.close();
});
