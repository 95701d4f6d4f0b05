import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { axeViolations } from '../support/browser.js';
import { consolePage, consoleScreenshot, consoleSpecServer, openSection, PHONE } from '../support/console.js';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { KEYS } from '../support/test-server.js';

const running = consoleSpecServer();

const line = declarationInput().lines[0];
/** Each parcel to its own addressee, so split-shipment rules stay out of the way. */
async function declare(lines = [line]): Promise<{ id: string; trackingNumber: string }> {
  const base = declarationInput();
  const res = await running.server.gql(DECLARE_ONE, { input: declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}` }, lines }) }, KEYS.seller);
  if (res.data?.declareShipment?.__typename !== 'Shipment') throw new Error(JSON.stringify(res.data ?? res.errors));
  return res.data.declareShipment;
}
const undervalued = () => declare([{ ...line, value: { amountMinor: 100, currency: 'MYR' } }]);
const airPistol = () => declare([{ ...line, description: 'Air pistol, 4.5 mm', hsCode: '930400', quantity: 1, value: { amountMinor: 90000, currency: 'MYR' } }]);

const READ = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { state version documentRequests { id } } }`;
const state = async (id: string) => (await running.server.gql(READ, { id }, KEYS.customs)).data.customsDeclaration as { state: string; version: number; documentRequests: { id: string }[] };
const DECIDE = `mutation ($id: ID!, $v: Int!) { decideDeclaration(id: $id, decision: HOLD, reason: "Licence check", expectedVersion: $v) { __typename } }`;
const RESPOND = `mutation ($id: ID!) { respondToDocumentRequest(requestId: $id, response: "Invoice INV-7 attached", documentReferences: ["INV-7"]) { __typename } }`;

const focusedId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id);

async function openParcel(page: Page, trackingNumber: string) {
  await page.getByRole('button', { name: new RegExp(trackingNumber) }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(trackingNumber) }).waitFor();
}

describe('customs officer workspace', () => {
  it('works a parcel from the queue to release by key, asks for documents and reads the answer, and shows a conflict when another officer decided first', async () => {
    const [release, ask, contested, held] = [await undervalued(), await undervalued(), await undervalued(), await airPistol()];
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.customs);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Review queue');

    // Queue to release: pick the parcel, read why it was targeted, press R.
    await openParcel(page, release.trackingNumber);
    await page.getByText(/UNDERVALUED/).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'customs-desktop');
    await page.keyboard.press('r');
    await page.getByRole('button', { name: new RegExp(release.trackingNumber) }).waitFor({ state: 'detached' });
    await expect(page.getByRole('status').textContent()).resolves.toBe(`Decided: ${release.trackingNumber} is now Released.`);
    expect((await state(release.id)).state).toBe('RELEASED');

    // Request documents with D and Enter (the reason is prefilled); the seller answers; the officer sees it.
    await openParcel(page, ask.trackingNumber);
    await page.keyboard.press('d');
    await expect(focusedId(page)).resolves.toBe('decision-reason');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: new RegExp(ask.trackingNumber) }).waitFor({ state: 'detached' });
    const asked = await state(ask.id);
    expect(asked.state).toBe('DOCUMENTS_REQUESTED');
    expect((await running.server.gql(RESPOND, { id: asked.documentRequests[0].id }, KEYS.seller)).data.respondToDocumentRequest.__typename).toBe('CustomsDeclaration');
    await page.reload();
    await openParcel(page, ask.trackingNumber);
    await page.getByText('Invoice INV-7 attached (INV-7)').waitFor();
    await page.getByText(/Audit trail/).click();
    await page.getByRole('cell', { name: 'Documents provided Documents requested → Under review' }).waitFor();

    // Another officer holds the parcel while this one has it open: the rejection is refused and said so.
    await openParcel(page, contested.trackingNumber);
    expect((await running.server.gql(DECIDE, { id: contested.id, v: (await state(contested.id)).version }, KEYS.customs)).data.decideDeclaration.__typename).toBe('CustomsDeclaration');
    await page.keyboard.press('x');
    await page.getByLabel(/Reason for/).fill('Undervalued, no invoice');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('Another officer decided first.');
    await expect(alert.textContent()).resolves.toContain('the parcel is now Held for inspection');
    await expect(alert.textContent()).resolves.toContain('Undervalued, no invoice');
    expect(await axeViolations(page)).toEqual([]);
    expect((await state(contested.id)).state).toBe('HELD_FOR_INSPECTION');

    // A held parcel: record the inspection result.
    await page.getByRole('radio', { name: 'Red' }).check();
    await openParcel(page, held.trackingNumber);
    await page.getByLabel('Outcome').selectOption('PROHIBITED_GOODS');
    await page.getByLabel('Findings').fill('Air pistol without licence');
    await page.getByRole('button', { name: 'Record the result' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(held.trackingNumber) }).waitFor({ state: 'detached' });
    expect((await state(held.id)).state).toBe('SEIZED');
    await context.close();
  });

  it('releases a selection of green parcels at once and reports the one another officer moved', async () => {
    const green = [await declare(), await declare(), await declare()];
    const { context, page } = await consolePage(running.browser, running.server.url, KEYS.customs, PHONE);
    await consoleScreenshot(page, 'customs-phone');
    await expect(openSection(page, 'Alt+2')).resolves.toBe('Green channel');
    for (const g of green) await page.getByLabel(`Select ${g.trackingNumber}`).check();
    expect(await axeViolations(page)).toEqual([]);
    await consoleScreenshot(page, 'customs-green-phone');
    // Meanwhile another officer holds one of them.
    await running.server.gql(DECIDE, { id: green[2].id, v: (await state(green[2].id)).version }, KEYS.customs);
    await page.getByRole('button', { name: 'Release selected (3)' }).click();
    await page.getByText('Released 2; not released 1.').waitFor();
    await expect(page.getByRole('listitem').filter({ hasText: green[2].trackingNumber }).textContent()).resolves.toContain('now Held for inspection');
    expect((await Promise.all(green.map((g) => state(g.id)))).map((s) => s.state)).toEqual(['RELEASED', 'RELEASED', 'HELD_FOR_INSPECTION']);

    await expect(openSection(page, 'Alt+3')).resolves.toBe('Escalations');
    await page.getByText('Nothing waiting in this lane.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

