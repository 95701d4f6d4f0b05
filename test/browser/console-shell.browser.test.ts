import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser } from '../support/browser.js';
import { consolePage, consoleScreenshot, PHONE } from '../support/console.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('console shell', () => {
  it('refuses a wrong key and says so, with nothing loaded from elsewhere', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) foreign.push(request.url());
    });
    await page.goto(`${server.url}/app`);
    await page.getByLabel('API key').fill('sg_not_a_key');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That API key is not valid or has been revoked.');
    expect(await axeViolations(page)).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('shows a seller the seller workspace, switches language and remembers the key in this tab only', async () => {
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, PHONE);
    await expect(page.getByRole('navigation', { name: 'Seller' }).getByRole('link').count()).resolves.toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'seller-phone');

    await page.getByLabel('Language').selectOption('zh');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh');
    await expect(page.getByRole('button', { name: '退出登录' }).isVisible()).resolves.toBe(true);
    await page.reload();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.getByLabel('语言').selectOption('en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('API key').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows a role without a workspace what to do instead', async () => {
    const { context, page } = await consolePage(browser, server.url, KEYS.carrierRu);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Nothing to work on here');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
