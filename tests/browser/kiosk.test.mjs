// Kiosk mode in Debian's headless Chromium at the counter's screen sizes:
// every kiosk page without console errors, overflow or small targets; the
// idle timeout clearing a half-filled form, storage and cookies and going
// home; the attract screen; the on-screen keyboard typing Vietnamese; and the
// phone pages untouched. Screenshots of each for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, shotsDir } from './lib.mjs';

// kiosk_idle_seconds of the second server, for the tests of the timeout itself:
// countdown after 10 s, reset after 20 s (also the attract delay). The first
// server keeps the default 90 s so that no countdown gets in other tests' way.
const IDLE = 20;
const screens = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } };

let server; let idleServer; let chrome; let dataDir;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-kiosk-'));
  const common = `data_dir = ${join(dataDir, 'data')}\nfeedback_rate_limit = 0\nlookup_rate_limit = 0\n`;
  writeFileSync(join(dataDir, 'default.conf'), common);
  writeFileSync(join(dataDir, 'idle.conf'), common + `kiosk_idle_seconds = ${IDLE}\n`);
  server = await startServer(['--config', join(dataDir, 'default.conf')]);
  idleServer = await startServer(['--config', join(dataDir, 'idle.conf')]);
  chrome = await launchBrowser();
  mkdirSync(shotsDir, { recursive: true });
});
after(async () => {
  await chrome?.close(); await server?.stop(); await idleServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// A kiosk browser: a fresh context that has opened /kiosk (which sets the cookie).
async function kiosk(screen, path = '/kiosk', srv = server) {
  const ctx = await chrome.browser.newContext({ viewport: screens[screen], locale: 'vi-VN', hasTouch: true });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  // A navigation cancels the page's pending requests (ERR_ABORTED): not a fault.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push('failed: ' + r.url());
  });
  await page.goto(srv.url + '/kiosk');
  if (path !== '/kiosk') await page.goto(srv.url + path);
  return { ctx, page, problems };
}

const pages = [
  ['kiosk-home', '/kiosk', 200],
  ['kiosk-field', '/linh-vuc/ho-tich', 200],
  ['kiosk-procedure', '/thu-tuc/1.001193', 200],
  ['kiosk-search', '/tim-kiem?q=chung+thuc', 200],
  ['kiosk-replaced', '/thu-tuc/2.000986', 200],
  ['kiosk-nothing-found', '/tim-kiem?q=xyzxyz', 200],
  ['kiosk-404', '/khong-co', 404],
  ['kiosk-feedback', '/phan-anh', 200],
  ['kiosk-lookup', '/phan-anh/tra-cuu', 200],
];

// MOTCUA_KIOSK_PART=pages runs only the page checks, =timers only the rest
// (countdowns, attract screen, keyboard): ctest runs the two halves side by side.
const part = process.env.MOTCUA_KIOSK_PART || 'all';
const pagePart = (t) => (part === 'timers' ? t.skip : t);
const timerPart = (t) => (part === 'pages' ? t.skip : t);

for (const screen of Object.keys(screens)) {
  for (const [name, path, want] of pages) {
    pagePart(test)(`${name} in ${screen}: kiosk layout, no errors, nothing too wide or too small`, async () => {
      const { ctx, page, problems } = await kiosk(screen);
      const resp = await page.goto(server.url + path);
      assert.equal(resp.status(), want);
      await page.waitForTimeout(300);  // the first /healthz check
      assert.equal(await page.evaluate(() => document.body.classList.contains('kiosk')), true);
      assert.equal(await page.getAttribute('body', 'data-idle-seconds'), '90');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      const small = await page.evaluate(() => [...document.querySelectorAll('a, button, input, select, textarea')]
        .filter((e) => e.type !== 'hidden' && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .filter((e) => e.getBoundingClientRect().height < 48)
        .map((e) => e.outerHTML.slice(0, 100)));
      assert.deepEqual(small, [], 'touch targets under 48 px');
      assert.equal(await page.getAttribute('[data-kiosk-net]', 'data-state'), 'online');
      if (name === 'kiosk-procedure') {
        const qr = await page.$('.qr-box svg');
        assert.ok(qr, 'QR code on the procedure page');
        const box = await qr.boundingBox();
        assert.ok(box.width >= 200, `QR is ${box.width}px wide`);
        assert.match(await page.textContent('.qr-url'), /\/thu-tuc\/1\.001193$/);
      }
      await page.screenshot({ path: join(shotsDir, `${name}-${screen}.png`) });
      // The 404 page's own status is logged by Chromium; nothing else may be.
      const own404 = (p) => want === 404 && /status of 404/.test(p);
      assert.deepEqual(problems.filter((p) => !own404(p)), []);
      await ctx.close();
    });
  }
}

timerPart(test)('the on-screen keyboard types Vietnamese with Telex and tone keys, and searches', async () => {
  const { ctx, page, problems } = await kiosk('portrait');
  await page.click('#q');
  await page.waitForSelector('#osk:not([hidden])');
  assert.equal(await page.getAttribute('#q', 'inputmode'), 'none');
  const keys = async (s) => { for (const k of s) await page.click(`#osk [data-k="${k}"]`); };
  await keys('ddawng');
  await page.click('#osk [data-osk-do="space"]');
  await keys('ky');
  await page.click('#osk [data-tone="2"]');  // sắc
  await page.click('#osk [data-osk-do="space"]');
  await keys('khai');
  assert.equal(await page.inputValue('#q'), 'đăng ký khai');
  await page.click('#osk [data-osk-do="back"]');
  await page.click('#osk [data-osk-do="back"]');
  await page.click('#osk [data-osk-do="shift"]');
  await keys('s');
  assert.equal(await page.inputValue('#q'), 'đăng ký khS');
  await page.click('#osk [data-osk-do="back"]');
  await page.click('#osk [data-osk-do="back"]');
  await keys('hai');
  await page.click('#osk [data-osk-do="space"]');
  await keys('sinh');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'keys keep the focus');
  await page.screenshot({ path: join(shotsDir, 'kiosk-keyboard-portrait.png') });
  await Promise.all([page.waitForURL(/\/tim-kiem\?q=/), page.click('#osk [data-osk-do="enter"]')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'đăng ký khai sinh');
  assert.ok(await page.$('.plist a[href="/thu-tuc/1.001193"]'));
  assert.deepEqual(problems, []);
  await ctx.close();
});

timerPart(test)('keyboard in landscape', async () => {
  const { ctx, page } = await kiosk('landscape');
  await page.click('#q');
  await page.waitForSelector('#osk:not([hidden])');
  const field = await page.$eval('#q', (e) => e.getBoundingClientRect().bottom);
  const kb = await page.$eval('#osk', (e) => e.getBoundingClientRect().top);
  assert.ok(field <= kb, 'the field stays above the keyboard');
  await page.screenshot({ path: join(shotsDir, 'kiosk-keyboard-landscape.png') });
  await ctx.close();
});

timerPart(test)('idle timeout: countdown, then a half-filled form, storage and cookies are cleared and the page is home', async () => {
  const { ctx, page, problems } = await kiosk('portrait', '/tim-kiem', idleServer);
  // The last citizen: half a form typed, something stored, a cookie of their own.
  const t0 = Date.now();
  await page.fill('#q', 'giấy khai sinh của con tôi');
  await page.evaluate(() => { sessionStorage.setItem('draft', 'x'); localStorage.setItem('draft', 'y'); });
  await ctx.addCookies([{ name: 'citizen_session', value: 'abc', url: idleServer.url }]);
  await page.waitForSelector('#kiosk-countdown:not([hidden])', { timeout: (IDLE + 10) * 1000 });
  const shown = await page.textContent('.kcount-n');
  assert.ok(Number(shown) <= 10 && Number(shown) >= 1, `countdown shows ${shown}`);
  await page.screenshot({ path: join(shotsDir, 'kiosk-countdown-portrait.png') });
  await page.waitForURL((u) => new URL(u).pathname === '/kiosk', { timeout: (IDLE + 20) * 1000 });
  await page.waitForLoadState('load');
  const waited = (Date.now() - t0) / 1000;
  assert.ok(waited >= IDLE - 0.5, `reset after ${waited}s`);
  assert.equal(new URL(page.url()).search, '', 'home, without the reset marker');
  assert.equal(await page.inputValue('#q'), '');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('draft')), null);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  const cookies = (await ctx.cookies()).map((c) => c.name);
  assert.ok(!cookies.includes('citizen_session'), 'the citizen\'s cookie is gone');
  assert.ok(cookies.includes('motcua_kiosk'), 'the kiosk stays a kiosk');
  // Back does not lead to the last citizen's pages.
  await page.goBack().catch(() => {});
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/kiosk');
  assert.equal(await page.inputValue('#q'), '');
  assert.deepEqual(problems, []);
  await ctx.close();
});

timerPart(test)('idle timeout on a half-filled feedback form typed with the keyboard: nothing of it is left', async () => {
  const { ctx, page, problems } = await kiosk('portrait', '/phan-anh', idleServer);
  await page.selectOption('#f-kind', 'delay_harassment');
  await page.click('#f-title');
  await page.waitForSelector('#osk:not([hidden])');
  for (const k of 'chaamj') await page.click(`#osk [data-k="${k}"]`);
  assert.equal(await page.inputValue('#f-title'), 'chậm');
  await page.click('#f-content');
  for (const k of 'xin') await page.click(`#osk [data-k="${k}"]`);
  await page.click('#osk [data-osk-do="enter"]');  // a new line in a textarea
  for (const k of 'hoir') await page.click(`#osk [data-k="${k}"]`);
  assert.equal(await page.inputValue('#f-content'), 'xin\nhỏi');
  await page.click('#f-phone');
  for (const k of '0912') await page.click(`#osk [data-k="${k}"]`);
  assert.equal(await page.inputValue('#f-phone'), '0912');
  await page.click('#osk .osk-done');
  await page.check('#f-consent');
  await page.screenshot({ path: join(shotsDir, 'kiosk-feedback-typed-portrait.png') });
  await page.waitForURL((u) => new URL(u).pathname === '/kiosk', { timeout: (IDLE + 20) * 1000 });
  await page.waitForLoadState('load');
  await page.goBack().catch(() => {});
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/kiosk', 'Back stays home');
  await page.goto(idleServer.url + '/phan-anh');
  for (const id of ['#f-title', '#f-content', '#f-phone', '#f-name']) assert.equal(await page.inputValue(id), '', id);
  assert.equal(await page.isChecked('#f-consent'), false);
  assert.deepEqual(problems, []);
  await ctx.close();
});

timerPart(test)('the receipt at the kiosk carries a QR code of the lookup, never of the receipt', async () => {
  for (const screen of Object.keys(screens)) {
    const { ctx, page, problems } = await kiosk(screen, '/phan-anh');
    await page.selectOption('#f-kind', 'delay_harassment');
    await page.fill('#f-title', 'Chậm trả kết quả đăng ký khai sinh');
    await page.fill('#f-content', 'Tôi nộp hồ sơ ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được.');
    await page.fill('#f-name', 'Lò Văn Pấng');
    await page.fill('#f-address', 'Bản Nà Ngà, xã Mường Bú');
    await page.fill('#f-phone', '0912 345 678');
    await page.check('#f-consent');
    await Promise.all([page.waitForNavigation(), page.click('form.fb button[type=submit]')]);
    assert.match(page.url(), /\/phan-anh\/bien-nhan\//);
    const code = (await page.textContent('.code')).trim();
    assert.ok(await page.$('.qr-box svg'));
    const url = await page.textContent('.qr-url');
    assert.ok(url.endsWith('/phan-anh/tra-cuu?ma=' + code), url);
    assert.ok(!url.includes('k='), 'the receipt key stays off the QR code');
    await page.screenshot({ path: join(shotsDir, `kiosk-receipt-${screen}.png`) });
    assert.deepEqual(problems, []);
    await ctx.close();
  }
});

timerPart(test)('a touch during the countdown keeps the page and what was typed', async () => {
  const { ctx, page } = await kiosk('landscape', '/tim-kiem', idleServer);
  await page.fill('#q', 'chứng thực');
  await page.waitForSelector('#kiosk-countdown:not([hidden])', { timeout: (IDLE + 10) * 1000 });
  await page.touchscreen.tap(960, 540);  // anywhere: the countdown covers the screen
  assert.equal(await page.isHidden('#kiosk-countdown'), true);
  assert.equal(new URL(page.url()).pathname, '/tim-kiem');
  assert.equal(await page.inputValue('#q'), 'chứng thực');
  await ctx.close();
});

timerPart(test)('the end button clears at once', async () => {
  const { ctx, page } = await kiosk('portrait', '/tim-kiem');
  await page.fill('#q', 'đất đai');
  await page.click('#osk .osk-done');  // the keyboard covers the bar while open
  await Promise.all([page.waitForURL((u) => new URL(u).pathname === '/kiosk'), page.click('[data-kiosk-reset]')]);
  await page.waitForLoadState('load');
  assert.equal(await page.inputValue('#q'), '');
  await ctx.close();
});

timerPart(test)('the attract screen cycles through the fields when nobody touches /kiosk, and a touch ends it', async () => {
  const { ctx, page, problems } = await kiosk('portrait', '/kiosk', idleServer);
  await page.waitForSelector('#attract:not([hidden])', { timeout: (IDLE + 20) * 1000 });
  const first = await page.textContent('#attract .slide.on h2');
  await page.waitForTimeout(700);
  await page.screenshot({ path: join(shotsDir, 'kiosk-attract-portrait.png') });
  await page.setViewportSize(screens.landscape);
  await page.screenshot({ path: join(shotsDir, 'kiosk-attract-landscape.png') });
  await page.waitForFunction((f) => document.querySelector('#attract .slide.on h2').textContent !== f, first, { timeout: 20000 });
  await page.mouse.click(500, 500);
  await page.waitForSelector('#attract', { state: 'hidden' });
  assert.equal(new URL(page.url()).pathname, '/kiosk');
  assert.deepEqual(problems, []);
  await ctx.close();
});

timerPart(test)('the badge shows the catalogue version, the publishing decision and "chưa đồng bộ"', async () => {
  const { ctx, page } = await kiosk('portrait');
  const badge = await page.textContent('.k-badge');
  assert.match(badge, /phiên bản \d+/);
  assert.match(badge, /Quyết định số 9901\/QĐ-UBND/);
  assert.match(badge, /chưa đồng bộ/);
  await ctx.close();
});

timerPart(test)('phones never get any of it; ?kiosk=1 works without the cookie', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  for (const path of ['/', '/thu-tuc/1.001193', '/tim-kiem?q=ho+tich']) {
    await page.goto(server.url + path);
    assert.equal(await page.$('script'), null, `no script on ${path}`);
    assert.equal(await page.$('link[href="/static/kiosk.css"]'), null);
    assert.equal(await page.$('.kbar, .qr-box, #osk'), null);
  }
  await page.goto(server.url + '/thu-tuc/1.001193?kiosk=1');
  assert.ok(await page.$('body.kiosk .qr-box'));
  await page.goto(server.url + '/thu-tuc/1.001193');
  assert.equal(await page.$('body.kiosk'), null, 'the parameter alone does not stick');
  await ctx.close();
});

timerPart(test)('kiosk pages work without JavaScript too', async () => {
  const ctx = await chrome.browser.newContext({ viewport: screens.portrait, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + '/kiosk');
  assert.equal(await page.isHidden('#attract'), true);
  assert.equal(await page.isHidden('#osk'), true);
  assert.equal(await page.isHidden('#kiosk-countdown'), true);
  await page.fill('#q', 'khai sinh');
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  assert.ok(await page.$('.plist a[href="/thu-tuc/1.001193"]'));
  await ctx.close();
});
