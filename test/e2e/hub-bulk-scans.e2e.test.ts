import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildS10 } from '../../src/standards/s10.js';
import { releaseParcels } from '../support/customs-release.js';
import { declarationInput } from '../support/fixtures.js';
import { declare, openDispatch, openReceptacle, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const RECEIVE_MANY = `mutation ($inputs: [ReceiveParcelInput!]!) {
  receiveParcels(inputs: $inputs) {
    receivedCount refusedCount
    results {
      __typename
      ... on ParcelReceived { alreadyReceived parcel { trackingNumber state location receivedWeightGrams } weightDiscrepancy { reason } }
      ... on UnmanifestedParcel { errorCode reason scannedCode exception { scanCount } }
      ... on LocationNotFound { errorCode locationCode }
    }
  }
}`;
const MOVE_MANY = `mutation ($moves: [MoveParcelInput!]!) {
  moveParcels(moves: $moves) { movedCount refusedCount results { __typename ... on HubParcel { trackingNumber location } ... on ErrorResult { errorCode } } }
}`;
const BAG_MANY = `mutation ($r: ID!, $t: [String!]!) {
  addParcelsToReceptacle(receptacleId: $r, trackingNumbers: $t) {
    __typename
    ... on BagParcelsPayload { baggedCount refusedCount receptacle { itemCount grossWeightGrams } results { __typename ... on HubParcel { trackingNumber state } ... on ErrorResult { errorCode } } }
    ... on ReceptacleNotOpen { errorCode }
  }
}`;
const PARCEL = `query ($t: String) { shipment(trackingNumber: $t) { status events { code } } }`;
const AUDIT = `query ($id: ID!) { auditTrail(entityId: $id) { action } }`;

const dims = { length: 300, width: 200, height: 50 };
const scan = (trackingNumber: string, weightGrams = 380, location = 'RCV-01-01') => ({ trackingNumber, weightGrams, dimensionsMm: dims, location });

describe('bulk scans at the hub', () => {
  it('receives with weights: per-item results in input order, the same checks and events as one scan', async () => {
    const numbers = await declare(server, 3);
    const unknown = buildS10('LM', 99_999_993, 'MY');
    const inputs = [scan(numbers[0]), scan('RB123'), scan(numbers[1], 900), scan(numbers[2], 380, 'NOWHERE'), scan(numbers[0]), scan(unknown), scan(unknown)];
    const res = await server.gql(RECEIVE_MANY, { inputs }, KEYS.hub);
    expect(res.errors).toBeUndefined();
    const { results, receivedCount, refusedCount } = res.data.receiveParcels;
    expect(results.map((r: { __typename: string }) => r.__typename)).toEqual([
      'ParcelReceived', 'UnmanifestedParcel', 'ParcelReceived', 'LocationNotFound', 'ParcelReceived', 'UnmanifestedParcel', 'UnmanifestedParcel',
    ]);
    expect({ receivedCount, refusedCount }).toEqual({ receivedCount: 2, refusedCount: 4 });
    expect(results[0]).toMatchObject({ alreadyReceived: false, parcel: { trackingNumber: numbers[0], state: 'RECEIVED', location: 'RCV-01-01', receivedWeightGrams: 380 }, weightDiscrepancy: null });
    expect(results[1]).toMatchObject({ reason: 'MALFORMED_NUMBER', exception: { scanCount: 1 } });
    expect(results[2]).toMatchObject({ alreadyReceived: false, weightDiscrepancy: { reason: 'HEAVIER' } });
    expect(results[4]).toMatchObject({ alreadyReceived: true });
    // The same unknown code twice in one call: one exception, scanned twice.
    expect(results[6]).toMatchObject({ reason: 'UNKNOWN_NUMBER', exception: { scanCount: 2 } });

    const parcel = (await server.gql(PARCEL, { t: numbers[0] }, KEYS.seller)).data.shipment;
    expect(parcel).toEqual({ status: 'RECEIVED_AT_HUB', events: [{ code: 'SGA' }, { code: 'EMA' }, { code: 'EMB' }, { code: 'EXA' }] });
    const notReceived = (await server.gql(PARCEL, { t: numbers[2] }, KEYS.seller)).data.shipment;
    expect(notReceived.status).toBe('DECLARED');
  });

  it('takes 1,000 parcels in one call, with as many statements as a call of ten', async () => {
    const numbers = await declareMany(1_010);
    const small = await server.gql(RECEIVE_MANY, { inputs: numbers.slice(0, 10).map((n) => scan(n)) }, KEYS.hub);
    const large = await server.gql(RECEIVE_MANY, { inputs: numbers.slice(10).map((n) => scan(n)) }, KEYS.hub);
    expect(large.data.receiveParcels).toMatchObject({ receivedCount: 1_000, refusedCount: 0 });
    expect(large.data.receiveParcels.results.map((r: { parcel: { trackingNumber: string } }) => r.parcel.trackingNumber)).toEqual(numbers.slice(10));
    expect(Number(large.headers.get('x-db-queries'))).toBe(Number(small.headers.get('x-db-queries')));
    const again = await server.gql(RECEIVE_MANY, { inputs: numbers.slice(10).map((n) => scan(n)) }, KEYS.hub);
    expect(again.data.receiveParcels).toMatchObject({ receivedCount: 0, refusedCount: 0 });
    expect(again.data.receiveParcels.results.every((r: { alreadyReceived: boolean }) => r.alreadyReceived)).toBe(true);
  });

  it('moves many parcels; a bagged one is refused, a parcel given twice ends at its last location', async () => {
    const numbers = await declare(server, 2);
    await server.gql(RECEIVE_MANY, { inputs: numbers.map((n) => scan(n)) }, KEYS.hub);
    const res = await server.gql(MOVE_MANY, { moves: [
      { trackingNumber: numbers[0], location: 'RCV-01-02' },
      { trackingNumber: numbers[1], location: 'NOWHERE' },
      { trackingNumber: buildS10('LM', 99_999_994, 'MY'), location: 'RCV-01-02' },
      { trackingNumber: numbers[0], location: 'EXC-01-01' },
    ] }, KEYS.hub);
    expect(res.data.moveParcels).toEqual({
      movedCount: 2, refusedCount: 2,
      results: [
        { __typename: 'HubParcel', trackingNumber: numbers[0], location: 'EXC-01-01' },
        { __typename: 'LocationNotFound', errorCode: 'LOCATION_NOT_FOUND' },
        { __typename: 'ParcelNotFound', errorCode: 'PARCEL_NOT_FOUND' },
        { __typename: 'HubParcel', trackingNumber: numbers[0], location: 'EXC-01-01' },
      ],
    });
  });

  it('bags many parcels into one receptacle in scan order, with the single scan checks and a status change each', async () => {
    const numbers = await declare(server, 4);
    await releaseParcels(server, numbers.slice(0, 3));
    await server.gql(RECEIVE_MANY, { inputs: numbers.slice(0, 3).map((n) => scan(n)) }, KEYS.hub);
    const dispatch = await openDispatch(server, RU_PACKET_LANE);
    const bag = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    const res = await server.gql(BAG_MANY, { r: bag.id, t: [numbers[0], numbers[3], numbers[1], numbers[0], 'LM000000000MY', numbers[2]] }, KEYS.hub);
    const payload = res.data.addParcelsToReceptacle;
    expect(payload.__typename).toBe('BagParcelsPayload');
    expect(payload.results.map((r: { __typename: string; errorCode?: string }) => r.errorCode ?? r.__typename)).toEqual([
      'HubParcel', 'PARCEL_NOT_RELEASED', 'HubParcel', 'HubParcel', 'PARCEL_NOT_FOUND', 'HubParcel',
    ]);
    expect(payload).toMatchObject({ baggedCount: 4, refusedCount: 2, receptacle: { itemCount: 3, grossWeightGrams: 1_140 } });
    const parcel = (await server.gql(`query ($t: String) { shipment(trackingNumber: $t) { id status } }`, { t: numbers[1] }, KEYS.seller)).data.shipment;
    expect(parcel.status).toBe('BAGGED');
    const audit = (await server.gql(AUDIT, { id: parcel.id }, KEYS.admin)).data.auditTrail.map((a: { action: string }) => a.action);
    expect(audit.slice(-2)).toEqual(['hub.parcel.bagged', 'shipment.status_changed']);
  });
});

async function declareMany(n: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const res = await server.gql(
      `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { results { ... on Shipment { trackingNumber } } } }`,
      { inputs: Array.from({ length: Math.min(500, n - i) }, () => declarationInput()) },
      KEYS.seller,
    );
    numbers.push(...res.data.declareShipments.results.map((r: { trackingNumber: string }) => r.trackingNumber));
  }
  return numbers;
}
