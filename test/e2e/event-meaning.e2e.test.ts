import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseParcels } from '../support/customs-release.js';
import { declarationInput } from '../support/fixtures.js';
import { RECEIVE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const DECLARE = `mutation ($input: DeclareShipmentInput!) { declareShipment(input: $input) { ... on Shipment { id trackingNumber status } } }`;
const TRACK = `query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code ownCode description office } } } }`;
const DECIDE = `mutation ($id: ID!, $v: Int!) { decideDeclaration(id: $id, decision: RELEASE, expectedVersion: $v) { __typename ... on CustomsDeclaration { version } } }`;
const VERSION = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { version state } }`;

async function declare(overrides: Record<string, unknown> = {}): Promise<{ id: string; trackingNumber: string; status: string }> {
  const res = await server.gql(DECLARE, { input: { ...declarationInput(), ...overrides } }, KEYS.seller);
  expect(res.errors).toBeUndefined();
  return res.data.declareShipment;
}

async function timeline(trackingNumber: string): Promise<{ code: string; ownCode: boolean; description: string; office: string | null }[]> {
  return (await server.gql(TRACK, { n: trackingNumber })).data.track.events;
}

async function receive(trackingNumber: string): Promise<void> {
  const res = await server.gql(RECEIVE, { input: { trackingNumber, weightGrams: 380, dimensionsMm: { length: 300, width: 200, height: 50 }, location: 'RCV-01-01' } }, KEYS.hub);
  expect(res.data.receiveParcel.__typename).toBe('ParcelReceived');
}

describe('events mean what the UPU codes say', () => {
  it('a declaration is pre-advice: an own code, "shipping information received" in every language, no EMA or EXA', async () => {
    const parcel = await declare();
    expect(await timeline(parcel.trackingNumber)).toEqual([{ code: 'SGA', ownCode: true, description: 'Shipping information received', office: 'MYKULA' }]);
    for (const [lang, text] of [
      ['en', 'Shipping information received'], ['ru', 'Информация об отправлении получена'], ['ms', 'Maklumat penghantaran diterima'], ['zh', '已收到发货信息'],
    ]) {
      const page = await (await fetch(`${server.url}/track/${parcel.trackingNumber}?lang=${lang}`)).text();
      expect(page).toContain(`<li data-code="SGA"><p>${text} <abbr`);
      expect(page).not.toContain('data-code="EMA"');
    }
  });

  it('a release on the declaration alone shows nothing until the hub receives the parcel: then EMA, EMB, EXA and the release', async () => {
    const parcel = await declare();
    await releaseParcels(server, [parcel.trackingNumber]);
    expect((await timeline(parcel.trackingNumber)).map((e) => e.code)).toEqual(['SGA']);
    await receive(parcel.trackingNumber);
    const events = await timeline(parcel.trackingNumber);
    expect(events.map((e) => [e.code, e.ownCode])).toEqual([['SGA', true], ['EMA', false], ['EMB', false], ['EXA', false], ['EXC', false]]);
    expect(events[1]).toMatchObject({ description: 'Accepted by the post', office: 'MYKULA' });
  });

  it('a parcel customs reviews is presented at receipt (EXA, EXB); a decision after that shows at once (EXC)', async () => {
    const input = declarationInput();
    const parcel = await declare({ lines: [{ ...input.lines[0], value: { amountMinor: 100, currency: 'MYR' } }] });
    expect(parcel.status).toBe('CUSTOMS_REVIEW');
    expect((await timeline(parcel.trackingNumber)).map((e) => e.code)).toEqual(['SGA']);
    await receive(parcel.trackingNumber);
    expect((await timeline(parcel.trackingNumber)).map((e) => e.code)).toEqual(['SGA', 'EMA', 'EMB', 'EXA', 'EXB']);
    const { version } = (await server.gql(VERSION, { id: parcel.id }, KEYS.customs)).data.customsDeclaration;
    expect((await server.gql(DECIDE, { id: parcel.id, v: version }, KEYS.customs)).data.decideDeclaration.__typename).toBe('CustomsDeclaration');
    expect((await timeline(parcel.trackingNumber)).map((e) => e.code)).toEqual(['SGA', 'EMA', 'EMB', 'EXA', 'EXB', 'EXC']);
  });
});
