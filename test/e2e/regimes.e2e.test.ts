import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegimeBook } from '../../src/modules/reference/regime-book.js';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { KEYS, startTestServer, TestClock, type TestServer } from '../support/test-server.js';

const clock = new TestClock(new Date('2026-12-02T10:00:00Z'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock });
});
afterAll(async () => {
  await server?.stop();
});

const LOAD = `mutation ($doc: JSON!) {
  loadRegimeVersions(document: $doc) {
    __typename
    ... on RegimeVersionsLoaded { versions { version section effectiveFrom origin confidence loadedBy sources { url } } }
    ... on RegimeDocumentRejected { errorCode message errors { path code message } }
  }
}`;
const WITHDRAW = `mutation ($v: String!, $reason: String) {
  withdrawRegimeVersion(version: $v, reason: $reason) {
    __typename
    ... on RegimeVersionWithdrawn { version { version origin withdrawnAt withdrawReason } }
    ... on RegimeWithdrawalRefused { errorCode message }
  }
}`;
const LIST = `query ($s: String) { regimeVersions(section: $s) { version effectiveFrom origin confidence } }`;
const ASSESSMENT = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { assessment { regime ruleVersion due { amountMinor currency } } } }`;
const AUDIT = `query ($id: ID!) { auditTrail(entityId: $id) { actorKind action reason after } }`;

/** An EAEU version raising the e-commerce duty to 10%, starting `from`. */
function eaeuVersion(version: string, from: string, dueMinor = 10260) {
  return {
    effectiveFrom: from, version, currency: 'EUR', valueLimitMinor: 20000, weightLimitG: 31000, rate: '0.10', minPerKgMinor: 100, basis: 'WHOLE_VALUE',
    vatRates: { RU: '0.22', BY: '0.20', KZ: '0.16', AM: '0.20', KG: '0.12' }, confidence: 'REPORTED',
    sources: [{ url: 'https://example.org/eec-decision', title: 'EEC decision raising the e-commerce duty (test)', date: '2026-11-30' }],
    examples: [{
      name: 'EUR 300, 1 kg: 10% = 30, VAT 22% of 330',
      input: { destination: 'RU', destinationIsEu: false, declaredOn: from, category: 'SALE_OF_GOODS', grossWeightG: 1000,
        lines: [{ hsCode: '610910', description: 'T-shirt', quantity: 1, valueMinor: 30000, currency: 'EUR', netWeightG: 200, originCountry: 'MY' }] },
      expect: { dueMinor },
    }],
  };
}

async function load(doc: unknown, key = KEYS.admin) {
  const res = await server.gql(LOAD, { doc }, key);
  return res.errors ? res : res.data.loadRegimeVersions;
}

/** A parcel to Russia worth EUR 300 (380 g gross), declared on the clock's day. */
async function declareRussia(): Promise<{ ruleVersion: string; due: number }> {
  const base = declarationInput();
  const input = declarationInput({
    addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}` },
    lines: [{ ...base.lines[0], value: { amountMinor: 30000, currency: 'EUR' } }],
  });
  const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  const d = await server.gql(ASSESSMENT, { id: res.data.declareShipment.id }, KEYS.customs);
  return { ruleVersion: d.data.customsDeclaration.assessment.ruleVersion, due: d.data.customsDeclaration.assessment.due.amountMinor };
}

describe('regime versions as an operation', () => {
  it('lists the seed versions with their confidence', async () => {
    const res = await server.gql(LIST, { s: 'eaeu' }, KEYS.customs);
    expect(res.data.regimeVersions).toEqual([
      { version: 'EAEU-2019', effectiveFrom: '2019-01-01', origin: 'SEED', confidence: 'REPORTED' },
      { version: 'EAEU-2020', effectiveFrom: '2020-01-01', origin: 'SEED', confidence: 'VERIFIED' },
      { version: 'EAEU-2026-07', effectiveFrom: '2026-07-01', origin: 'SEED', confidence: 'REPORTED' },
    ]);
  });

  it('only an administrator loads or withdraws', async () => {
    expect((await load({ eaeu: { versions: [eaeuVersion('EAEU-X', '2027-01-01')] } }, KEYS.seller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await load({ eaeu: { versions: [eaeuVersion('EAEU-X', '2027-01-01')] } }, KEYS.customs)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await server.gql(WITHDRAW, { v: 'EAEU-2020' }, KEYS.customs);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a bad document with typed errors by path, and stores nothing', async () => {
    const bad = await load({ eaeu: { versions: [{ ...eaeuVersion('EAEU-BAD', '2026-12-02'), rate: 0.1 }] }, dutyTables: {} });
    expect(bad).toMatchObject({ __typename: 'RegimeDocumentRejected', errorCode: 'REGIME_DOCUMENT_INVALID' });
    expect(bad.errors.map((e: { path: string }) => e.path)).toEqual(['eaeu.versions[0].rate', 'dutyTables']);
    const past = await load({ eaeu: { versions: [eaeuVersion('EAEU-PAST', '2026-12-02')] } });
    expect(past.errors).toEqual([expect.objectContaining({ path: 'eaeu.versions[0].effectiveFrom', code: 'INVALID' })]);
    const wrong = await load({ eaeu: { versions: [eaeuVersion('EAEU-WRONG', '2026-12-10', 9999)] } });
    expect(wrong).toMatchObject({ errorCode: 'REGIME_EXAMPLES_FAILED', errors: [{ path: 'eaeu.versions[0].examples[0].expect.dueMinor', code: 'INVALID' }] });
    expect(wrong.errors[0].message).toContain('computed 10260');
    const notJson = await load('eaeu');
    expect(notJson).toMatchObject({ errorCode: 'REGIME_DOCUMENT_INVALID', errors: [{ path: '', code: 'WRONG_TYPE' }] });
    const list = await server.gql(LIST, { s: 'eaeu' }, KEYS.admin);
    expect(list.data.regimeVersions).toHaveLength(3);
  });

  it('a loaded version changes assessments from its date and not before, without a restart, audited', async () => {
    // A second process over the same database, which sees the load only through the generation.
    const otherWorker = await RegimeBook.load(server.database.db, clock, 0);
    const loaded = await load({ eaeu: { versions: [eaeuVersion('EAEU-2026-12', '2026-12-10')] } });
    expect(loaded).toEqual({ __typename: 'RegimeVersionsLoaded', versions: [expect.objectContaining({ version: 'EAEU-2026-12', origin: 'LOADED', confidence: 'REPORTED', loadedBy: expect.any(String) })] });

    clock.set('2026-12-09T23:59:59Z');
    expect(await declareRussia()).toEqual({ ruleVersion: 'EAEU-2026-07', due: 8430 });
    clock.set('2026-12-10T00:00:00Z');
    expect(await declareRussia()).toEqual({ ruleVersion: 'EAEU-2026-12', due: 10260 });

    expect(otherWorker.current.eaeu.versions.map((v) => v.version)).not.toContain('EAEU-2026-12');
    await otherWorker.refresh();
    expect(otherWorker.current.eaeu.versions.map((v) => v.version)).toContain('EAEU-2026-12');

    const audit = await server.gql(AUDIT, { id: 'EAEU-2026-12' }, KEYS.admin);
    expect(audit.data.auditTrail).toEqual([expect.objectContaining({ actorKind: 'api_key', action: 'regime.version_loaded', after: expect.objectContaining({ effectiveFrom: '2026-12-10' }) })]);
  });

  it('withdraws a version before it starts, not after; a withdrawn version never applies', async () => {
    clock.set('2026-12-10T12:00:00Z');
    const started = await server.gql(WITHDRAW, { v: 'EAEU-2026-12' }, KEYS.admin);
    expect(started.data.withdrawRegimeVersion).toMatchObject({ __typename: 'RegimeWithdrawalRefused', errorCode: 'REGIME_VERSION_STARTED' });
    expect((await server.gql(WITHDRAW, { v: 'EAEU-2020' }, KEYS.admin)).data.withdrawRegimeVersion.errorCode).toBe('REGIME_VERSION_IS_SEED');
    expect((await server.gql(WITHDRAW, { v: 'NOPE-1' }, KEYS.admin)).data.withdrawRegimeVersion.errorCode).toBe('REGIME_VERSION_NOT_FOUND');

    await load({ eaeu: { versions: [{ ...eaeuVersion('EAEU-2026-12-20', '2026-12-20', 8430), rate: '0.05' }] } });
    // The same start date again is an overlap.
    const clash = await load({ eaeu: { versions: [eaeuVersion('EAEU-2026-12-20B', '2026-12-20')] } });
    expect(clash.errors).toEqual([expect.objectContaining({ path: 'eaeu.versions[0].effectiveFrom', code: 'INVALID' })]);
    const withdrawn = await server.gql(WITHDRAW, { v: 'EAEU-2026-12-20', reason: 'Decision postponed' }, KEYS.admin);
    expect(withdrawn.data.withdrawRegimeVersion).toMatchObject({ __typename: 'RegimeVersionWithdrawn', version: { origin: 'WITHDRAWN', withdrawReason: 'Decision postponed' } });
    expect((await server.gql(WITHDRAW, { v: 'EAEU-2026-12-20' }, KEYS.admin)).data.withdrawRegimeVersion.errorCode).toBe('REGIME_VERSION_WITHDRAWN');

    clock.set('2026-12-20T08:00:00Z');
    expect(await declareRussia()).toEqual({ ruleVersion: 'EAEU-2026-12', due: 10260 });
    const audit = await server.gql(AUDIT, { id: 'EAEU-2026-12-20' }, KEYS.admin);
    expect(audit.data.auditTrail.map((a: { action: string }) => a.action)).toEqual(['regime.version_loaded', 'regime.version_withdrawn']);
    expect(audit.data.auditTrail[1].reason).toBe('Decision postponed');
    // The freed start date can be taken again.
    expect((await load({ eaeu: { versions: [eaeuVersion('EAEU-2026-12-31', '2026-12-31')] } })).__typename).toBe('RegimeVersionsLoaded');
  });
});

describe('declaration-time refusals from the regime data', () => {
  const line = declarationInput().lines[0];
  const to = (country: string, extra: Record<string, unknown> = {}) => {
    const base = declarationInput();
    return declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}`, countryCode: country }, ...extra });
  };
  const declare = async (input: unknown) => (await server.gql(DECLARE_ONE, { input }, KEYS.seller)).data.declareShipment;

  beforeAll(() => clock.set('2026-12-21T09:00:00Z'));

  it('EU: commercial goods need a 6-digit HS code (ICS2); a gift with a 4-digit heading passes', async () => {
    const lines = [line, { ...line, hsCode: '6109' }];
    const refused = await declare(to('DE', { lines, grossWeightGrams: 700 }));
    expect(refused).toMatchObject({ __typename: 'DeclarationRejected', errors: [{ path: 'lines[1].hsCode', code: 'HS_SUBHEADING_REQUIRED' }] });
    expect((await declare(to('DE', { lines, grossWeightGrams: 700, category: 'GIFT', invoiceNumber: null }))).__typename).toBe('Shipment');
    expect((await declare(to('DE', { lines: [line] }))).__typename).toBe('Shipment');
    expect((await declare(to('RU', { lines, grossWeightGrams: 700 }))).__typename).toBe('Shipment');
  });

  it('EU: VAT charged at sale needs the IOSS number', async () => {
    expect(await declare(to('FR', { taxCollectedAtSale: true }))).toMatchObject({ errors: [{ path: 'iossNumber', code: 'IOSS_NUMBER_REQUIRED' }] });
    expect((await declare(to('FR', { taxCollectedAtSale: true, iossNumber: 'IM2500000001' }))).__typename).toBe('Shipment');
  });

  it('Malaysia: LVG charged at sale needs the seller LVG registration (taxId)', async () => {
    expect(await declare(to('MY', { taxCollectedAtSale: true }))).toMatchObject({ errors: [{ path: 'taxId', code: 'LVG_REGISTRATION_REQUIRED' }] });
    expect((await declare(to('MY', { taxCollectedAtSale: true, taxId: 'LVG-000123' }))).__typename).toBe('Shipment');
  });
});
