/** The console (/app) in Chromium: sign in as a role, screenshots at phone and desktop widths. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/platform/paths.js';
import { afterAll, beforeAll } from '@jest/globals';
import { ARTIFACTS_DIR, launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './test-server.js';

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 860 };

/** A fresh context (its own sessionStorage) at the given width, signed in to the console with `key`. */
export async function consolePage(browser: Browser, url: string, key: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${url}/app`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

/**
 * Presses a section shortcut (Alt+1 … Alt+9) and waits until that section is shown: its nav link is the
 * current page and the h1 carries its title. The hash changes a task after the key press, so reading
 * the heading at once races the render. Returns the section's title.
 */
export async function openSection(page: Page, shortcut: `Alt+${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`): Promise<string> {
  await page.keyboard.press(shortcut);
  const link = page.locator(`nav.sections a[aria-keyshortcuts="${shortcut}"][aria-current="page"]`);
  await link.waitFor();
  const title = (await link.textContent()) ?? '';
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  return title;
}

/** What the viewport shows, into test-artifacts/screenshots and, for the README, docs/images/console-<name>.png. */
export async function consoleScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `console-${name}.png`);
  await page.screenshot({ path: file });
  const docs = path.join(PROJECT_ROOT, 'docs', 'images');
  await mkdir(docs, { recursive: true });
  await copyFile(file, path.join(docs, `console-${name}.png`));
}

/** For a console spec file: a test server and Chromium started before its tests and stopped after them. */
export function consoleSpecServer(): { readonly server: TestServer; readonly browser: Browser } {
  const running = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    running.server = await startTestServer();
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
