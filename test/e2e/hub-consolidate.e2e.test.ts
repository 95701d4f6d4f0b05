import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { manualClock } from '../../src/platform/clock.js';
import { parseS9 } from '../../src/standards/s9.js';
import { CLOSE_DISPATCH, declare, openDispatch, readyParcels, receive, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
// Hub time stands still unless a spec moves it.
const clock = manualClock();
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(async () => {
  await server?.stop();
});

const CONSOLIDATE = `mutation ($input: ConsolidateInput) {
  consolidate(input: $input) {
    parcelsBagged oversized withoutLane
    receptacles { id receptacleNumber state itemCount grossWeightGrams registered dangerousGoods serial
      lane { destinationOffice mailSubclass } dispatch { id dispatchNumber } parcels { trackingNumber state dangerousGoods registered receivedWeightGrams } }
    dispatches { id dispatchNumber state receptacleCount lane { destinationOffice mailSubclass carrier { code } } }
  }
}`;
const DE_ADDRESSEE = { name: 'Max Mustermann', addressLines: ['Hauptstraße 1'], city: 'Berlin', postcode: '10115', countryCode: 'DE', phone: '+49 30 1234567' };

describe('consolidate', () => {
  it('bags every released, received, unbagged parcel per lane by weight, never mixing or overfilling, into open or new dispatches', async () => {
    const existing = await openDispatch(server, RU_PACKET_LANE);
    const heavy = [
      ...(await readyParcels(server, 3, { grossWeightGrams: 12_000 })),
      ...(await readyParcels(server, 3, { grossWeightGrams: 9_000 })),
      ...(await readyParcels(server, 4, { grossWeightGrams: 4_000 })),
    ];
    const dg = await readyParcels(server, 2, { grossWeightGrams: 2_000, lithiumBatteries: 'LITHIUM_ION_IN_EQUIPMENT' });
    const registered = await readyParcels(server, 2, { grossWeightGrams: 1_000, service: 'REGISTERED_SMALL_PACKET' });
    const germany = await readyParcels(server, 2, { grossWeightGrams: 1_500, addressee: DE_ADDRESSEE });
    const [oversized] = await readyParcels(server, 1, { grossWeightGrams: 31_000 });
    const [unreleased] = await declare(server, 1);
    await receive(server, unreleased);

    // A lane filter bags only that lane.
    const onlyDe = await server.gql(CONSOLIDATE, { input: { lane: { destinationOffice: 'DEFRAA' } } }, KEYS.hub);
    expect(onlyDe.errors).toBeUndefined();
    expect(onlyDe.data.consolidate.parcelsBagged).toBe(2);
    expect(onlyDe.data.consolidate.dispatches).toEqual([expect.objectContaining({ state: 'OPEN', receptacleCount: 1, lane: { destinationOffice: 'DEFRAA', mailSubclass: 'UA', carrier: { code: 'DE-POST' } } })]);

    const res = await server.gql(CONSOLIDATE, { input: {} }, KEYS.hub);
    expect(res.errors).toBeUndefined();
    const result = res.data.consolidate;
    const eligible = [...heavy, ...dg, ...registered];
    expect(result.parcelsBagged).toBe(eligible.length);
    expect(result.oversized).toEqual([oversized]);
    const bagged = result.receptacles.flatMap((r: any) => r.parcels.map((p: any) => p.trackingNumber)).sort();
    expect(bagged).toEqual([...eligible].sort());
    expect(bagged).not.toContain(unreleased);

    for (const r of result.receptacles) {
      expect(r.state).toBe('CLOSED');
      expect(r.grossWeightGrams).toBeLessThanOrEqual(30_000);
      expect(r.grossWeightGrams).toBe(r.parcels.reduce((s: number, p: any) => s + p.receivedWeightGrams, 0));
      expect(r.itemCount).toBe(r.parcels.length);
      expect(new Set(r.parcels.map((p: any) => p.dangerousGoods))).toEqual(new Set([r.dangerousGoods]));
      expect(new Set(r.parcels.map((p: any) => p.registered))).toEqual(new Set([r.registered]));
      expect(r.parcels.every((p: any) => p.state === 'BAGGED')).toBe(true);
      const s9 = parseS9(r.receptacleNumber);
      expect(s9).toMatchObject({ valid: true, parsed: { dispatchId: r.dispatch.dispatchNumber, receptacleSerial: r.serial, highest: false, registered: r.registered } });
      expect(s9.valid && s9.parsed.weightUnits).toBe(Math.floor((r.grossWeightGrams + 50) / 100));
    }
    // 3×12 + 3×9 + 4×4 kg = 79 kg of ordinary parcels: FFD needs 3 bags (12+12+4+… ≤ 30).
    const ordinaryBags = result.receptacles.filter((r: any) => !r.dangerousGoods && !r.registered);
    expect(ordinaryBags).toHaveLength(3);
    // The RU letter-post lane went into the dispatch that was already open, serials continuing from 1.
    expect(result.dispatches.map((d: any) => d.id)).toEqual([existing.id]);
    expect(result.receptacles.map((r: any) => r.serial).sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 4, 5]);

    // The dispatch closes normally: highest-receptacle indicator on serial 5, EMC for every parcel.
    const closed = await server.gql(CLOSE_DISPATCH, { d: existing.id, awb: '176-12345675' }, KEYS.hub);
    expect(closed.data.closeDispatch.state).toBe('CLOSED');
    const last = closed.data.closeDispatch.receptacles.find((r: any) => parseS9(r.receptacleNumber).valid && (parseS9(r.receptacleNumber) as any).parsed.receptacleSerial === 5);
    expect(last.receptacleNumber[23]).toBe('1');
    const emc = await server.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id WHERE e.code = 'EMC' AND s.tracking_number = ANY($1::text[])`, [eligible]);
    expect(emc[0].n).toBe(eligible.length);

    // Nothing left to bag: a second run is a no-op.
    const again = await server.gql(CONSOLIDATE, {}, KEYS.hub);
    expect(again.data.consolidate).toMatchObject({ parcelsBagged: 0, receptacles: [], dispatches: [], oversized: [oversized] });
    const customs = await server.gql(CONSOLIDATE, {}, KEYS.customs);
    expect(customs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('respects the cutoff: parcels received later wait for the next run', async () => {
    const [early] = await readyParcels(server, 1, { addressee: DE_ADDRESSEE });
    const cutoff = clock.now().toISOString();
    // A minute later by the hub's clock: no sleeping.
    clock.advance(60_000);
    const [late] = await readyParcels(server, 1, { addressee: DE_ADDRESSEE });
    const res = await server.gql(CONSOLIDATE, { input: { cutoff } }, KEYS.hub);
    const bagged = res.data.consolidate.receptacles.flatMap((r: any) => r.parcels.map((p: any) => p.trackingNumber));
    expect(bagged).toEqual([early]);
    expect(bagged).not.toContain(late);
  });
});
