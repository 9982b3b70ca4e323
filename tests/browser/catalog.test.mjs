// The public catalogue in a real browser at phone (390x844) and kiosk
// (1080x1920) sizes: no console errors, nothing wider than the screen, touch
// targets large enough, and a screenshot of each page for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, shotsDir } from './lib.mjs';

let server; let chrome;
before(async () => { server = await startServer(); chrome = await launchBrowser(); mkdirSync(shotsDir, { recursive: true }); });
after(async () => { await chrome?.close(); await server?.stop(); });

const pages = [
  ['home', '/'],
  ['field', '/linh-vuc/ho-tich'],
  ['procedure', '/thu-tuc/1.001193'],
  ['search', '/tim-kiem?q=chung+thuc'],
  ['replaced', '/thu-tuc/2.000986'],
  ['nothing-found', '/tim-kiem?q=xyzxyz'],
];

for (const size of ['phone', 'kiosk']) {
  for (const [name, path] of pages) {
    test(`${name} at ${size} size`, async () => {
      const { ctx, page, problems, status } = await openPage(chrome.browser, size, server.url + path);
      assert.equal(status, 200);
      assert.deepEqual(problems, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      // Every link and button a thumb must hit is at least 44 px tall
      // (48 px targets; inline text links in paragraphs are exempt).
      const small = await page.evaluate(() => [...document.querySelectorAll('button, .btn, .fields a, .plist a, input[type=search]')]
        .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)));
      assert.deepEqual(small, []);
      assert.equal(await page.getAttribute('html', 'lang'), 'vi');
      await page.screenshot({ path: join(shotsDir, `${name}-${size}.png`), fullPage: false });
      await ctx.close();
    });
  }
}

test('search form works without JavaScript', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  await page.fill('#q', 'dang ky khai sinh');
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  assert.match(page.url(), /\/tim-kiem\?q=dang\+ky\+khai\+sinh/);
  const first = await page.getAttribute('.plist a', 'href');
  assert.equal(first, '/thu-tuc/1.001193');
  await ctx.close();
});
