import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { projectPath } from '../../src/platform/paths.js';
import { axeViolations } from '../support/browser.js';
import { consolePage, consoleScreenshot, consoleSpecServer, openSection, PHONE } from '../support/console.js';
import { releaseParcels } from '../support/customs-release.js';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { declare } from '../support/hub-fixtures.js';
import { KEYS } from '../support/test-server.js';
import { barcodeData, parseZpl } from '../support/zpl.js';

const running = consoleSpecServer();

const focusedId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id);

/** Clicks a document button and returns what the browser downloaded: its name, first bytes and whole text. */
async function download(page: Page, name: RegExp): Promise<{ filename: string; head: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const bytes = await readFile((await file.path())!);
  return { filename: file.suggestedFilename(), head: bytes.subarray(0, 5).toString('latin1'), text: bytes.toString('utf8') };
}

const russian = JSON.parse(readFileSync(projectPath('console', 'src', 'i18n', 'catalogs', 'ru.json'), 'utf8')) as Record<string, string>;

const PARCEL = `query ($t: String!) { hubParcel(trackingNumber: $t) { state receptacle { state receptacleNumber } } }`;

describe('hub operator workspace', () => {
  it('scans a parcel in, is told where it goes, bags it, closes the bag and gets its CN 35 as PDF and as ZPL, closes the dispatch and gets its CN 38, and reads today in Russian', async () => {
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
    await page.getByText(/Customs has not released it yet \(Assessed\): leave it on RCV-01-01./).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-scan-desktop');
    await page.getByLabel('Weight (g)').fill('200');
    await page.getByLabel('Barcode').fill('ZZ000000000ZZ');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/ZZ000000000ZZ/);

    // Bags: close the bag, print its CN 35.
    await expect(openSection(page, 'Alt+2')).resolves.toBe('Bags');
    await page.getByRole('button', { name: /^Close / }).click();
    await page.getByText(/Bag closed: \w{29}\. Print its CN 35\./).waitFor();
    const s9 = (await running.server.gql(PARCEL, { t: parcel }, KEYS.hub)).data.hubParcel.receptacle.receptacleNumber as string;
    expect(await download(page, /^CN 35 label of .* \(PDF\)$/)).toMatchObject({ filename: `CN35-${s9}.pdf`, head: '%PDF-' });
    expect(await axeViolations(page)).toEqual([]);

    // The station's thermal printer takes ZPL: the operator picks it with the arrow keys, once.
    await page.getByRole('radio', { name: /^PDF/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: /^ZPL for a thermal printer \(4×6 in, 203 dpi\)/ }).isChecked()).resolves.toBe(true);
    const zpl = await download(page, /^CN 35 label of .* \(ZPL\)$/);
    expect(zpl.filename).toBe(`CN35-${s9}.zpl`);
    expect(zpl.text.startsWith('^XA')).toBe(true);
    const labels = parseZpl(zpl.text);
    expect(labels).toHaveLength(1);
    expect(labels[0].fields.map(barcodeData).filter(Boolean)).toEqual([s9]);
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-bags-desktop');
    await page.reload();
    await page.getByRole('button', { name: /^CN 35 label of .* \(ZPL\)$/ }).waitFor();

    // Dispatches: close the dispatch the bag joined, print its CN 38.
    await expect(openSection(page, 'Alt+3')).resolves.toBe('Dispatches');
    await page.getByRole('button', { name: /^Close / }).click();
    await page.getByText(/Dispatch \w{20} closed/).waitFor();
    expect((await download(page, /^CN 38 of /)).head).toBe('%PDF-');
    expect(await axeViolations(page)).toEqual([]);

    // Exceptions: the unknown number is there.
    await expect(openSection(page, 'Alt+4')).resolves.toBe('Exceptions');
    await page.getByRole('cell', { name: 'ZZ000000000ZZ' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Today's figures.
    await expect(openSection(page, 'Alt+5')).resolves.toBe('Today');
    await page.getByText('Parcels by status').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-dashboard-desktop');

    // In Russian the statuses are named, not shown as the API's enum values.
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { level: 1, name: russian['hub.dashboard.title'] }).waitFor();
    const statusNames = Object.entries(russian).filter(([key]) => key.startsWith('status.')).map(([, name]) => name);
    const shown = await page.getByRole('region', { name: russian['hub.dashboard.statuses'] }).getByRole('rowheader').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((name) => !statusNames.includes(name))).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("lets an admin pick the hub it acts at: Liège's bins and carriers, a Liège parcel received there", async () => {
    const declared = await running.server.gql(DECLARE_MANY, { inputs: [declarationInput()] }, KEYS.liegeSeller);
    const parcel = declared.data.declareShipments.results[0].trackingNumber as string;
    await releaseParcels(running.server, [parcel], KEYS.liegeCustoms);
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.admin);
    await page.getByRole('link', { name: 'Hub', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Scan station' }).waitFor();
    await page.getByLabel('Acting at hub').selectOption('BELGG-EWTP');
    // RCV-02-01 is one of Liège's bins: the station lists them once Liège is picked.
    await page.getByLabel('Location').selectOption('RCV-02-01');
    await page.getByLabel('Weight (g)').fill('380');
    await page.getByLabel('Barcode').fill(parcel);
    await page.keyboard.press('Enter');
    await page.getByText(`Received ${parcel}: 380 g, on RCV-02-01.`).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The choice holds on the other screens, and only Liège's carriers make a lane there.
    await expect(openSection(page, 'Alt+3')).resolves.toBe('Dispatches');
    await expect(page.getByLabel('Acting at hub').inputValue()).resolves.toBe('BELGG-EWTP');
    const carriers = page.getByLabel('Carrier').locator('option');
    await carriers.filter({ hasText: 'bpost' }).waitFor({ state: 'attached' });
    expect((await carriers.allTextContents()).filter((c) => c.includes('Pos Malaysia'))).toEqual([]);
    // The list is Liège's: Kuala Lumpur's dispatch (closed in the first spec) shows once Kuala Lumpur is picked.
    await page.getByText('No open or closed dispatch.').waitFor();
    await page.getByLabel('Acting at hub').selectOption('MYKUL-DFTZ');
    await page.getByRole('cell', { name: /^MYKULA/ }).first().waitFor();
    await page.getByLabel('Acting at hub').selectOption('BELGG-EWTP');
    await page.getByText('No open or closed dispatch.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('works at phone width and in Chinese', async () => {
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.hub, PHONE);
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { level: 1, name: '扫描台' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-scan-phone');
    await expect(openSection(page, 'Alt+5')).resolves.toBe('今日');
    await page.getByText('按状态统计的包裹').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'hub-dashboard-phone');
    await page.getByLabel('语言').selectOption('en');
    await context.close();
  });
});
