import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { axeViolations } from '../support/browser.js';
import { consolePage, consoleScreenshot, consoleSpecServer, PHONE } from '../support/console.js';
import { releaseParcels } from '../support/customs-release.js';
import { declare } from '../support/hub-fixtures.js';
import { KEYS } from '../support/test-server.js';

const running = consoleSpecServer();

const focusedId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id);

/** Clicks a document button and returns the first bytes of what the browser downloaded. */
async function download(page: Page, name: RegExp): Promise<{ filename: string; head: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return { filename: file.suggestedFilename(), head: (await readFile((await file.path())!)).subarray(0, 5).toString('latin1') };
}

const PARCEL = `query ($t: String!) { hubParcel(trackingNumber: $t) { state receptacle { state receptacleNumber } } }`;

describe('hub operator workspace', () => {
  it('scans a parcel in, is told where it goes, bags it, closes the bag and gets its CN 35, then closes the dispatch and gets its CN 38', async () => {
    const [parcel, waiting] = await declare(running.server, 2);
    await releaseParcels(running.server, [parcel]);
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.hub);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Scan station');
    await expect(focusedId(page)).resolves.toBe('scan');

    // A keyboard-wedge scanner types the number and Enter; the station asks for the weight.
    await page.keyboard.type(`${parcel}\n`);
    await expect(focusedId(page)).resolves.toBe('weight');
    await page.keyboard.type('380\n');
    await page.getByText(`Received ${parcel}: 380 g, on RCV-01-01.`).waitFor();
    await page.getByText('Goes to lane RUMOWA A/UA · RU-POST: no open bag of that lane has room.').waitFor();
    await expect(focusedId(page)).resolves.toBe('scan');
    await page.getByRole('button', { name: 'Open a bag for this lane and bag it' }).click();
    await page.getByText(new RegExp(`${parcel} is in bag \\w+: 1 items, 0.38 kg.`)).waitFor();
    expect((await running.server.gql(PARCEL, { t: parcel }, KEYS.hub)).data.hubParcel).toMatchObject({ state: 'BAGGED', receptacle: { state: 'OPEN' } });

    // The parcel customs has not released waits on its shelf; an unknown number becomes an exception.
    await page.getByLabel('Weight (g)').fill('380');
    await page.getByLabel('Barcode').fill(waiting);
    await page.keyboard.press('Enter');
    await page.getByText(/Customs has not released it yet \(ASSESSED\): leave it on RCV-01-01./).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-scan-desktop');
    await page.getByLabel('Weight (g)').fill('200');
    await page.getByLabel('Barcode').fill('ZZ000000000ZZ');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/ZZ000000000ZZ/);

    // Bags: close the bag, print its CN 35.
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bags');
    await page.getByRole('button', { name: /^Close / }).click();
    await page.getByText(/Bag closed: \w{29}\. Print its CN 35\./).waitFor();
    const s9 = (await running.server.gql(PARCEL, { t: parcel }, KEYS.hub)).data.hubParcel.receptacle.receptacleNumber as string;
    expect(await download(page, /^CN 35 label of /)).toEqual({ filename: `CN35-${s9}.pdf`, head: '%PDF-' });
    expect(await axeViolations(page)).toEqual([]);

    // Dispatches: close the dispatch the bag joined, print its CN 38.
    await page.keyboard.press('Alt+3');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dispatches');
    await page.getByRole('button', { name: /^Close / }).click();
    await page.getByText(/Dispatch \w{20} closed/).waitFor();
    expect((await download(page, /^CN 38 of /)).head).toBe('%PDF-');
    expect(await axeViolations(page)).toEqual([]);

    // Exceptions: the unknown number is there.
    await page.keyboard.press('Alt+4');
    await page.getByRole('cell', { name: 'ZZ000000000ZZ' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Today's figures.
    await page.keyboard.press('Alt+5');
    await page.getByText('Parcels by status').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-dashboard-desktop');
    await context.close();
  });

  it('works at phone width and in Chinese', async () => {
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.hub, PHONE);
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { level: 1, name: '扫描台' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-scan-phone');
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: '今日' }).waitFor();
    await page.getByText('按状态统计的包裹').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-dashboard-phone');
    await page.getByLabel('语言').selectOption('en');
    await context.close();
  });
});
