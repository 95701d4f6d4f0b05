import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../support/browser.js';
import { consolePage, consoleScreenshot, DESKTOP, openSection, PHONE } from '../support/console.js';
import { BAD_CELLS, declarationSheetCsv } from '../support/declaration-sheets.js';
import { parcelWithDocumentRequest, TINY_FILES } from '../support/document-requests.js';
import { declarationInput, DECLARE_MANY, uniqueRef } from '../support/fixtures.js';
import { KEYS, startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server.js';
import { barcodeData, parseZpl } from '../support/zpl.js';

let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(tmpdir(), 'silkgate-console-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function parcelsWithPrefix(prefix: string): Promise<number> {
  let count = 0;
  let after: string | null = null;
  do {
    const res: GraphQLResponse = await server.gql(`query ($after: String) { shipments(first: 500, after: $after) { edges { node { sellerReference } } pageInfo { hasNextPage endCursor } } }`, { after }, KEYS.seller);
    count += res.data.shipments.edges.filter((e: { node: { sellerReference: string } }) => e.node.sellerReference.startsWith(prefix)).length;
    after = res.data.shipments.pageInfo.hasNextPage ? res.data.shipments.pageInfo.endCursor : null;
  } while (after);
  return count;
}

const problemRows = (page: Page) => page.locator('table.import-problems tbody tr[data-row]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-row')} ${r.querySelector('code')?.textContent}`));

async function importFile(page: Page, file: string): Promise<void> {
  await page.getByLabel('Declaration file (CSV or XLSX)').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('heading', { name: /^Result of / }).waitFor({ timeout: 90_000 });
}

describe('seller workspace', () => {
  it('a seller imports a 500-row file with 5 bad rows and sees exactly those 5; uploading it again creates nothing', async () => {
    const prefix = uniqueRef('IMP');
    const bad = [17, 101, 250, 333, 498];
    const file = path.join(dir, 'orders.csv');
    await writeFile(file, declarationSheetCsv(prefix, 500, bad));
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, DESKTOP);
    await expect(openSection(page, 'Alt+3')).resolves.toBe('Import a sheet');
    const template = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the template (CSV)' }).click()]);
    expect(template[0].suggestedFilename()).toBe('silkgate-declarations.csv');

    await importFile(page, file);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('500 rows: 495 parcels declared, 5 rows with problems.');
    expect(await problemRows(page)).toEqual(bad.map((row, i) => `${row} ${BAD_CELLS[i].column}`));
    for (const [i, row] of bad.entries()) {
      await expect(page.locator(`tr[data-row="${row}"]`).textContent()).resolves.toMatch(BAD_CELLS[i].message);
    }
    // Rows 17 and 333 never reach the API (not a whole number, unknown currency); the other 498 parcels do.
    await expect(page.getByText('Processed 498 of 498 parcels').isVisible()).resolves.toBe(true);
    expect(await parcelsWithPrefix(prefix)).toBe(495);
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'seller-import');

    await importFile(page, file);
    await expect(page.getByText('495 of these parcels were already declared by an earlier upload of this file: nothing new was created.').isVisible()).resolves.toBe(true);
    expect(await problemRows(page)).toHaveLength(5);
    expect(await parcelsWithPrefix(prefix)).toBe(495);
    await context.close();
  });

  it('declares one parcel with the HS picker; the API refusals show at their fields', async () => {
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, DESKTOP);
    await expect(openSection(page, 'Alt+2')).resolves.toBe('Declare a parcel');
    const reference = uniqueRef('FORM');
    await page.getByLabel('Your reference (order number) *').fill(reference);
    await page.getByLabel('Gross weight (g) *').fill('380');
    const sender = page.getByRole('group', { name: 'Sender' });
    await sender.getByLabel('Address line 1 *').fill('Lot 12, Jalan KLIA S5');
    await sender.getByLabel('City *').fill('Sepang');
    await sender.getByLabel('Phone *').fill('+60 3 8787 1234');
    const addressee = page.getByRole('group', { name: 'Addressee' });
    await addressee.getByLabel('Name *').fill('Анна Иванова');
    await addressee.getByLabel('Address line 1 *').fill('ул. Тверская, д. 7');
    await addressee.getByLabel('City *').fill('Москва');
    await addressee.getByLabel('Country (2 letters) *').fill('RU');
    await addressee.getByLabel('Phone *').fill('not a phone');
    const line = page.getByRole('group', { name: 'Content line 1' });
    await line.getByLabel('What the goods are *').fill('gift');
    await line.getByLabel('HS code *').fill('cotton');
    await expect(line.locator('datalist option').first().getAttribute('value')).resolves.toMatch(/^\d{4,6}$/);
    await line.getByLabel('HS code *').fill('610910');
    await expect(line.locator('p.muted', { hasText: /^610910 — T-shirts/ }).isVisible()).resolves.toBe(true);
    await line.getByLabel('Quantity *').fill('2');
    await line.getByLabel('Net weight (g) *').fill('300');
    await line.getByLabel('Value *').fill('45.90');
    await page.getByRole('button', { name: 'Declare', exact: true }).click();

    const summary = page.getByRole('alert');
    await expect(summary.getByRole('heading').textContent()).resolves.toBe('The declaration was not accepted: 2 fields to correct');
    await expect(addressee.getByLabel('Phone *').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(line.getByLabel('What the goods are *').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('.error-summary:focus').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'seller-declare-errors');

    await addressee.getByLabel('Phone *').fill('+7 495 123 45 67');
    await line.getByLabel('What the goods are *').fill("Women's cotton T-shirt, printed");
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Declared: [A-Z]{2}\d{9}MY \(CN22\)\./);
    await page.getByRole('button', { name: 'Print labels (1 selected)' }).click();
    await expect(page.getByRole('link', { name: 'Open the labels (PDF)' }).getAttribute('href')).resolves.toMatch(/^blob:/);

    // The same parcel sent from Liège instead of the organisation's own hub: Liège's series numbers it.
    const hub = page.getByLabel('Sent from hub *');
    await expect(hub.inputValue()).resolves.toBe('MYKUL-DFTZ');
    await hub.selectOption({ label: 'Liège eWTP Hub' });
    await page.getByLabel('Your reference (order number) *').fill(uniqueRef('FORM'));
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Declared: [A-Z]{2}\d{9}BE \(CN22\)\./ }).waitFor();
    await context.close();
  });

  it('lists parcels with filters and prints labels for a selection as PDF and as ZPL for a thermal printer, at phone width', async () => {
    const inputs = [declarationInput(), declarationInput(), declarationInput()];
    const declared = await server.gql(DECLARE_MANY, { inputs }, KEYS.seller);
    expect(declared.data.declareShipments.createdCount).toBe(3);
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, PHONE);
    await page.getByRole('table').waitFor();
    const rows = page.getByRole('table').locator('tbody tr');

    await page.getByLabel('Your reference').fill(inputs[1].sellerReference);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The list changes when the filtered call answers: wait until the other parcels have gone.
    await rows.filter({ hasNotText: inputs[1].sellerReference }).first().waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(inputs[1].sellerReference);
    // Sent from the organisation's own hub, as the list says beside the destination.
    await expect(rows.first().locator('td[data-label="Sent from"]').textContent()).resolves.toBe('MYKUL-DFTZ');
    await page.getByLabel('Status').selectOption('DELIVERED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No parcels match.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Your reference').fill('');
    await page.getByLabel('Destination country').fill('RU');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('table').waitFor();

    await page.getByRole('checkbox', { name: 'Select all parcels shown' }).check();
    const shown = await rows.count();
    expect(shown).toBeGreaterThanOrEqual(3);
    const print = page.getByRole('button', { name: `Print labels (${shown} selected)` });
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'seller-parcels-phone');
    await print.click();
    await page.getByRole('link', { name: 'Open the labels (PDF)' }).waitFor();

    // The seller's label printer takes ZPL: one label per selected parcel, each with its S10 in ^BC.
    await page.getByRole('radio', { name: /^ZPL for a thermal printer/ }).check();
    await print.click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Open the labels (ZPL)' }).click()]);
    expect(file.suggestedFilename()).toBe('labels.zpl');
    const zpl = await readFile((await file.path())!, 'utf8');
    expect(zpl.startsWith('^XA')).toBe(true);
    const barcodes = parseZpl(zpl).map((label) => label.fields.map(barcodeData).filter(Boolean));
    expect(barcodes).toHaveLength(shown);
    expect(barcodes.every((symbols) => symbols.length === 1)).toBe(true);
    const declaredNumbers = (declared.data.declareShipments.results as { trackingNumber: string }[]).map((r) => r.trackingNumber);
    expect(barcodes.flat()).toEqual(expect.arrayContaining(declaredNumbers));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('answers a customs document request with a PDF, which customs then sees', async () => {
    const parcel = await parcelWithDocumentRequest(server);
    const invoice = path.join(dir, 'invoice.pdf');
    await writeFile(invoice, TINY_FILES.pdf);
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, PHONE);
    await expect(openSection(page, 'Alt+4')).resolves.toBe('Customs requests');
    const form = page.getByRole('form', { name: new RegExp(parcel.trackingNumber) });
    await form.getByLabel('Your answer *').fill('The invoice for order 7 is attached.');
    await form.getByLabel('Documents (PDF, PNG or JPEG)').setInputFiles(invoice);
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'seller-documents-phone');
    await form.getByRole('button', { name: 'Send the answer' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(`Answer sent for ${parcel.trackingNumber}: the declaration is back under review.`);
    const seen = await server.gql(`query ($id: ID!) { shipment(id: $id) { status attachments { filename contentType } customs { documentRequests { response documentReferences } } } }`, { id: parcel.shipmentId }, KEYS.customs);
    expect(seen.data.shipment).toMatchObject({
      status: 'CUSTOMS_REVIEW',
      attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf' }],
      customs: { documentRequests: [{ response: 'The invoice for order 7 is attached.', documentReferences: [expect.stringMatching(/^attachment:/)] }] },
    });
    await context.close();
  });

  it('registers a webhook endpoint and shows its secret once; every seller screen passes axe-core at both widths', async () => {
    const { context, page } = await consolePage(browser, server.url, KEYS.seller, DESKTOP);
    await expect(openSection(page, 'Alt+5')).resolves.toBe('Webhooks');
    await page.getByLabel('URL *').fill('https://hooks.example.invalid/silkgate');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('alert').or(page.getByRole('status')).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const key of ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5'] as const) {
        await openSection(page, key);
        expect([key, viewport.width, await axeViolations(page)]).toEqual([key, viewport.width, []]);
      }
    }
    await consoleScreenshot(page, 'seller-webhooks');
    await context.close();
  });
});
