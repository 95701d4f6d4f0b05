import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseAirWaybill } from '../../src/standards/air-waybill.js';
import { parseS8 } from '../../src/standards/s8.js';
import { parseS9 } from '../../src/standards/s9.js';
import { releaseParcels } from '../support/customs-release.js';
import { add, CLOSE_DISPATCH, CLOSE_RECEPTACLE, declare, openDispatch, openReceptacle, receive, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const TRACK = `query ($t: String!) { track(trackingNumber: $t) { __typename ... on Tracking { status events { code office countryCode } } } }`;

describe('hub flow: declare → release → receive → bag → dispatch → close', () => {
  it('gives S8/S9 identifiers, writes EMB and EMC, queues the dispatch for the carrier and shows it on the public timeline', async () => {
    const numbers = await declare(server, 3, { grossWeightGrams: 1_000, lines: [{ description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 900, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }] });
    await releaseParcels(server, numbers);

    for (const n of numbers) {
      const received = await receive(server, n, 1_020);
      expect(received).toMatchObject({ __typename: 'ParcelReceived', alreadyReceived: false, weightDiscrepancy: null, parcel: { trackingNumber: n, state: 'RECEIVED', location: 'RCV-01-01', receivedWeightGrams: 1_020 } });
    }
    const afterReceive = await server.gql(TRACK, { t: numbers[0] });
    expect(afterReceive.data.track).toMatchObject({ status: 'RECEIVED_AT_HUB', events: [{ code: 'SGA' }, { code: 'EMA', office: 'MYKULA' }, { code: 'EMB', office: 'MYKULA', countryCode: 'MY' }, { code: 'EXA' }, { code: 'EXC' }] });

    const dispatch = await openDispatch(server, RU_PACKET_LANE, { transport: { mode: 'AIR', flightNumber: 'SU521', departureAt: '2026-11-12T01:00:00Z' } });
    expect(dispatch.__typename).toBe('Dispatch');
    const s8 = parseS8(dispatch.dispatchNumber);
    expect(s8).toMatchObject({ valid: true, parsed: { originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', yearDigit: new Date().getUTCFullYear() % 10 } });
    expect(dispatch.dispatchNumber).toHaveLength(20);
    expect(dispatch).toMatchObject({ state: 'OPEN', serial: s8.valid ? s8.parsed.serial : -1, receptacleCount: 0, transport: { mode: 'AIR', flightNumber: 'SU521', departureAt: '2026-11-12T01:00:00.000Z' }, lane: { destinationOffice: 'RUMOWA', carrier: { code: 'RU-POST' } } });

    // Two bags: the first takes two parcels, the second one.
    const first = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    const second = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    expect([first.serial, second.serial]).toEqual([1, 2]);
    expect(first.dispatch.dispatchNumber).toBe(dispatch.dispatchNumber);
    expect(await add(server, first.id, numbers[0])).toMatchObject({ __typename: 'Receptacle', itemCount: 1, grossWeightGrams: 1_020 });
    expect(await add(server, first.id, numbers[1])).toMatchObject({ __typename: 'Receptacle', itemCount: 2, grossWeightGrams: 2_040 });
    expect(await add(server, second.id, numbers[2])).toMatchObject({ __typename: 'Receptacle', itemCount: 1 });
    expect((await server.gql(TRACK, { t: numbers[0] })).data.track.status).toBe('BAGGED');

    const closed1 = (await server.gql(CLOSE_RECEPTACLE, { r: first.id }, KEYS.hub)).data.closeReceptacle;
    const closed2 = (await server.gql(CLOSE_RECEPTACLE, { r: second.id }, KEYS.hub)).data.closeReceptacle;
    expect(closed1.receptacleNumber).toBe(`${dispatch.dispatchNumber}001000020`);
    expect(closed2.receptacleNumber).toBe(`${dispatch.dispatchNumber}002000010`);
    expect(closed1.state).toBe('CLOSED');

    const awb = '176-12345675';
    const res = await server.gql(CLOSE_DISPATCH, { d: dispatch.id, awb: '17612345675' }, KEYS.hub);
    expect(res.errors).toBeUndefined();
    const closed = res.data.closeDispatch;
    expect(closed).toMatchObject({ __typename: 'Dispatch', state: 'CLOSED', airWaybill: awb });
    expect(parseAirWaybill(closed.airWaybill).valid).toBe(true);
    // The highest-receptacle indicator is set on the last bag only.
    const [bag1, bag2] = closed.receptacles;
    expect(bag1.receptacleNumber).toBe(`${dispatch.dispatchNumber}001000020`);
    expect(bag2.receptacleNumber).toBe(`${dispatch.dispatchNumber}002100010`);
    expect(parseS9(bag2.receptacleNumber)).toMatchObject({ valid: true, parsed: { receptacleSerial: 2, highest: true, registered: false, weightGrams: 1_000 } });
    expect(closed.receptacles.every((r: { state: string }) => r.state === 'DISPATCHED')).toBe(true);
    expect(bag1.parcels.map((p: { state: string }) => p.state)).toEqual(['DISPATCHED', 'DISPATCHED']);

    // CN 38-style delivery bill
    expect(closed.deliveryBill).toMatchObject({
      type: 'CN38', dispatchNumber: dispatch.dispatchNumber, originOffice: 'MYKULA', destinationOffice: 'RUMOWA', carrier: 'RU-POST', airWaybill: awb,
      transport: { mode: 'AIR', flightNumber: 'SU521' },
      receptacles: [
        { receptacleNumber: bag1.receptacleNumber, weightGrams: 2_040, itemCount: 2, highest: false },
        { receptacleNumber: bag2.receptacleNumber, weightGrams: 1_020, itemCount: 1, highest: true },
      ],
      totals: { receptacles: 2, items: 3, weightGrams: 3_060 },
    });

    // Public timeline: declared, presented to and released by export customs, received, departed.
    for (const n of numbers) {
      const track = (await server.gql(TRACK, { t: n })).data.track;
      expect(track.status).toBe('DISPATCHED');
      expect(track.events.map((e: { code: string }) => e.code)).toEqual(['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC']);
      expect(track.events[4]).toMatchObject({ office: 'MYKULA', countryCode: 'MY' });
    }

    // Carrier handoff queue and outbox message with CN 38 and ITMATT-style item data.
    const db = server.database.db;
    const handoffs = await db.query<{ state: string; carrierCode: string }>(
      `SELECT h.state, c.code AS "carrierCode" FROM carrier_handoffs h JOIN carriers c ON c.id = h.carrier_id WHERE h.dispatch_id = $1`, [dispatch.id]);
    expect(handoffs).toEqual([{ state: 'READY', carrierCode: 'RU-POST' }]);
    const [message] = await db.query<{ topic: string; carrierId: string; payload: any }>(
      `SELECT topic, carrier_id AS "carrierId", payload FROM outbox_messages WHERE aggregate_id = $1`, [dispatch.id]);
    expect(message.topic).toBe('dispatch.closed');
    expect(message.carrierId).toBeTruthy();
    expect(message.payload.deliveryBill.dispatchNumber).toBe(dispatch.dispatchNumber);
    expect(message.payload.items).toHaveLength(3);
    const item = message.payload.items.find((i: { trackingNumber: string }) => i.trackingNumber === numbers[2]);
    expect(item).toMatchObject({
      receptacleNumber: bag2.receptacleNumber, grossWeightGrams: 1_000, measuredWeightGrams: 1_020, customsForm: 'CN22',
      addressee: { countryCode: 'RU' }, contents: [{ hsCode: '610910', quantity: 2, value: { amountMinor: 4590, currency: 'MYR' } }],
    });

    // Audit trail of one parcel: received, bagged, dispatched, each followed by the status change it makes.
    const [shipment] = await db.query<{ id: string }>('SELECT id FROM shipments WHERE tracking_number = $1', [numbers[0]]);
    const audit = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [shipment.id]);
    expect(audit.map((a) => a.action)).toEqual([
      'shipment.declared', 'customs.assessed', 'customs.decision.release', 'shipment.status_changed', 'hub.parcel.received', 'shipment.status_changed',
      'hub.parcel.bagged', 'shipment.status_changed', 'hub.parcel.dispatched', 'shipment.status_changed',
    ]);

    // A closed dispatch cannot close again: ILLEGAL_TRANSITION naming both states.
    const again = await server.gql(CLOSE_DISPATCH, { d: dispatch.id }, KEYS.hub);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'CLOSED', to: 'CLOSED' });
  });

  it('takes consecutive S8 serials per origin/destination/category/subclass/year, independently per subclass', async () => {
    const a = await openDispatch(server, RU_PACKET_LANE);
    const b = await openDispatch(server, RU_PACKET_LANE);
    const c = await openDispatch(server, { ...RU_PACKET_LANE, mailSubclass: 'CC' });
    expect(b.serial).toBe(a.serial + 1);
    expect(c.serial).toBe(1);
    expect(c.dispatchNumber.slice(12, 15)).toBe('ACC');
  });
});
