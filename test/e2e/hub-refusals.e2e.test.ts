import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queryable } from '../../src/db/database.js';
import { hubJobs } from '../../src/modules/hub/hub.jobs.js';
import { HubService } from '../../src/modules/hub/hub.service.js';
import { buildS10 } from '../../src/standards/s10.js';
import { releaseParcels } from '../support/customs-release.js';
import {
  add, ASSIGN, CLOSE_DISPATCH, CLOSE_RECEPTACLE, declare, openDispatch, openReceptacle, readyParcels, receive, RECEIVE, REMOVE, RU_PACKET_LANE, RU_PARCEL_LANE,
} from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const count = async (sql: string, params: unknown[] = []) => (await server.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
const shipmentId = async (trackingNumber: string) =>
  (await server.database.db.query<{ id: string }>('SELECT id FROM shipments WHERE tracking_number = $1', [trackingNumber]))[0].id;
const DE_ADDRESSEE = { name: 'Max Mustermann', addressLines: ['Hauptstraße 1'], city: 'Berlin', postcode: '10115', countryCode: 'DE', phone: '+49 30 1234567' };
const LITHIUM = { lithiumBatteries: 'LITHIUM_ION_IN_EQUIPMENT' };

describe('receiveParcel', () => {
  it('records EMB once: a re-scan is idempotent', async () => {
    const [n] = await declare(server, 1);
    expect(await receive(server, n)).toMatchObject({ __typename: 'ParcelReceived', alreadyReceived: false });
    expect(await receive(server, n, 999, 'A-01-01')).toMatchObject({ __typename: 'ParcelReceived', alreadyReceived: true, parcel: { location: 'RCV-01-01', receivedWeightGrams: 380 } });
    expect(await count(`tracking_events WHERE shipment_id = $1 AND code = 'EMB'`, [await shipmentId(n)])).toBe(1);
  });

  it('raises a weight-discrepancy exception outside the tolerance and asks customs to re-assess', async () => {
    const [heavy, fine] = await declare(server, 2);
    const res = await receive(server, heavy, 600);
    expect(res).toMatchObject({ __typename: 'ParcelReceived', parcel: { state: 'RECEIVED' }, weightDiscrepancy: { kind: 'WEIGHT_DISCREPANCY', reason: 'HEAVIER', declaredWeightGrams: 380, measuredWeightGrams: 600 } });
    // 10% of 380 g is 38 g, under the 50 g floor: 425 g is within, 431 g is not.
    expect((await receive(server, fine, 425)).weightDiscrepancy).toBeNull();
    const list = await server.gql(`{ hubExceptions(kind: WEIGHT_DISCREPANCY) { scannedCode measuredWeightGrams } }`, {}, KEYS.customs);
    expect(list.data.hubExceptions).toEqual(expect.arrayContaining([{ scannedCode: heavy, measuredWeightGrams: 600 }]));
    expect(list.data.hubExceptions.map((e: { scannedCode: string }) => e.scannedCode)).not.toContain(fine);
  });

  it('calls the customs risk port in the receiving transaction on a discrepancy only', async () => {
    const calls: { shipmentId: string; grams: number }[] = [];
    const services = server.silkgate.services;
    const hub = new HubService(services.db, services.reference, services.hub.lanes, services.hub.config, {
      status: services.shipmentStatus,
      handoffs: services.handoffs,
      customsRisk: {
        async presented() {},
        async reassessWeight(_tx: Queryable, id: string, grams: number) {
          calls.push({ shipmentId: id, grams });
        },
      },
    });
    const principal = (await services.auth.authenticate(KEYS.hub))!;
    const [a, b] = await declare(server, 2);
    const dims = { length: 10, width: 10, height: 10 };
    await hub.scans.receiveOne(principal, { trackingNumber: a, weightGrams: 1_000, dimensionsMm: dims, locationCode: 'RCV-01-02' });
    await hub.scans.receiveOne(principal, { trackingNumber: b, weightGrams: 390, dimensionsMm: dims, locationCode: 'RCV-01-02' });
    expect(calls).toEqual([{ shipmentId: await shipmentId(a), grams: 1_000 }]);
  });

  it.each([
    ['a malformed number', 'RB12345', 'MALFORMED_NUMBER'],
    ['a wrong check digit', buildS10('LM', 99_999_990, 'MY').replace(/\d(?=MY$)/, (d) => String((Number(d) + 1) % 10)), 'MALFORMED_NUMBER'],
    ['an unknown number', buildS10('LM', 99_999_991, 'MY'), 'UNKNOWN_NUMBER'],
  ])('records %s as an unmanifested parcel and counts re-scans', async (_label, scanned, reason) => {
    const first = await receive(server, scanned, 500, 'EXC-01-01');
    expect(first).toMatchObject({ __typename: 'UnmanifestedParcel', errorCode: 'UNMANIFESTED_PARCEL', reason, exception: { kind: 'UNMANIFESTED', reason, scanCount: 1, measuredWeightGrams: 500, location: 'EXC-01-01' } });
    const second = await receive(server, scanned, 500, 'EXC-01-01');
    expect(second.exception).toMatchObject({ id: first.exception.id, scanCount: 2 });
  });

  it('refuses an unknown location and writes nothing', async () => {
    const [n] = await declare(server, 1);
    expect(await receive(server, n, 380, 'Z-99-99')).toMatchObject({ __typename: 'LocationNotFound', errorCode: 'LOCATION_NOT_FOUND', locationCode: 'Z-99-99' });
    expect(await count('hub_parcels WHERE shipment_id = $1', [await shipmentId(n)])).toBe(0);
  });

  it('refuses a non-positive weight as BAD_USER_INPUT and writes nothing; sellers may not scan', async () => {
    const [n] = await declare(server, 1);
    const input = { trackingNumber: n, weightGrams: 0, dimensionsMm: { length: 1, width: 1, height: 1 }, location: 'RCV-01-01' };
    const bad = await server.gql(RECEIVE, { input }, KEYS.hub);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const seller = await server.gql(RECEIVE, { input: { ...input, weightGrams: 380 } }, KEYS.seller);
    expect(seller.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count('hub_parcels WHERE shipment_id = $1', [await shipmentId(n)])).toBe(0);
  });
});

describe('moveParcel and hubInventory', () => {
  const INVENTORY = `query ($f: HubInventoryFilter, $first: Int, $after: String) {
    hubInventory(filter: $f, first: $first, after: $after) { edges { node { trackingNumber location state dwellHours } } pageInfo { hasNextPage endCursor } }
  }`;

  it('moves an unbagged parcel, refuses a bagged one, and filters inventory by location, state, destination and dwell time', async () => {
    const [a, b, c] = await readyParcels(server, 3);
    const move = await server.gql(`mutation ($t: String!, $l: String!) { moveParcel(trackingNumber: $t, location: $l) { __typename ... on HubParcel { location } ... on ErrorResult { errorCode } } }`, { t: a, l: 'b-02-07' }, KEYS.hub);
    expect(move.data.moveParcel).toEqual({ __typename: 'HubParcel', location: 'B-02-07' });

    const bag = await openReceptacle(server);
    await add(server, bag.id, b);
    const moveBagged = await server.gql(`mutation ($t: String!) { moveParcel(trackingNumber: $t, location: "A-01-01") { __typename ... on ErrorResult { errorCode } } }`, { t: b }, KEYS.hub);
    expect(moveBagged.data.moveParcel).toEqual({ __typename: 'AlreadyInReceptacle', errorCode: 'ALREADY_IN_RECEPTACLE' });

    const byLocation = await server.gql(INVENTORY, { f: { location: 'B-02-07' } }, KEYS.hub);
    expect(byLocation.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).toEqual([a]);
    const byZone = await server.gql(INVENTORY, { f: { zone: 'B' } }, KEYS.customs);
    expect(byZone.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).toEqual([a]);
    const bagged = await server.gql(INVENTORY, { f: { state: ['BAGGED'] } }, KEYS.hub);
    expect(bagged.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).toContain(b);
    expect(bagged.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).not.toContain(c);
    const toDe = await server.gql(INVENTORY, { f: { destinationCountry: 'de' } }, KEYS.hub);
    expect(toDe.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).not.toContain(c);

    await server.database.db.query(`UPDATE hub_parcels SET received_at = now() - interval '30 hours' WHERE shipment_id = $1`, [await shipmentId(c)]);
    const old = await server.gql(INVENTORY, { f: { minDwellHours: 29 } }, KEYS.hub);
    expect(old.data.hubInventory.edges.map((e: any) => e.node.trackingNumber)).toEqual([c]);
    expect(old.data.hubInventory.edges[0].node.dwellHours).toBeGreaterThanOrEqual(30);

    // keyset pages cover everything once
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await server.gql(INVENTORY, { first: 2, after }, KEYS.hub);
      seen.push(...page.data.hubInventory.edges.map((e: any) => e.node.trackingNumber));
      if (!page.data.hubInventory.pageInfo.hasNextPage) break;
      after = page.data.hubInventory.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([a, b, c]));
    expect(seen.length).toBe(await count('hub_parcels'));

    const sellerTry = await server.gql(INVENTORY, {}, KEYS.seller);
    expect(sellerTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('addToReceptacle refusals', () => {
  it('refuses a parcel not released by customs', async () => {
    const [n] = await declare(server, 1);
    await receive(server, n);
    const bag = await openReceptacle(server);
    expect(await add(server, bag.id, n)).toMatchObject({
      __typename: 'ParcelNotReleased',
      errorCode: 'PARCEL_NOT_RELEASED',
      customsStatus: expect.stringMatching(/^(ASSESSED|UNDER_REVIEW|HELD_FOR_INSPECTION)$/),
    });
  });

  it('refuses a parcel not received at the hub', async () => {
    const [n] = await declare(server, 1);
    await releaseParcels(server, [n]);
    const bag = await openReceptacle(server);
    expect(await add(server, bag.id, n)).toMatchObject({ __typename: 'ParcelNotReceived', errorCode: 'PARCEL_NOT_RECEIVED' });
  });

  it('refuses a parcel already in another receptacle, naming it', async () => {
    const [n] = await readyParcels(server, 1);
    const one = await openReceptacle(server);
    const two = await openReceptacle(server);
    await add(server, one.id, n);
    expect(await add(server, two.id, n)).toMatchObject({ __typename: 'AlreadyInReceptacle', errorCode: 'ALREADY_IN_RECEPTACLE', receptacle: { id: one.id } });
    // the same receptacle again is a harmless re-scan
    expect(await add(server, one.id, n)).toMatchObject({ __typename: 'Receptacle', itemCount: 1 });
  });

  it('refuses a parcel of another lane, naming the fields', async () => {
    const [toGermany] = await readyParcels(server, 1, { addressee: DE_ADDRESSEE });
    const [parcel] = await readyParcels(server, 1, { service: 'PARCEL' });
    const bag = await openReceptacle(server);
    expect(await add(server, bag.id, toGermany)).toMatchObject({
      __typename: 'LaneMismatch', errorCode: 'LANE_MISMATCH', fields: ['destinationOffice', 'carrier'],
      expected: { destinationOffice: 'RUMOWA' }, actual: { destinationOffice: 'DEFRAA' },
    });
    expect(await add(server, bag.id, parcel)).toMatchObject({ __typename: 'LaneMismatch', fields: ['mailSubclass'], actual: { mailSubclass: 'CC' } });
  });

  it('refuses dangerous goods mixed with ordinary items, both ways', async () => {
    const [ordinary, ordinary2] = await readyParcels(server, 2);
    const [lithium, lithium2] = await readyParcels(server, 2, LITHIUM);
    const bag = await openReceptacle(server);
    await add(server, bag.id, ordinary);
    expect(await add(server, bag.id, lithium)).toMatchObject({ __typename: 'DangerousGoodsMix', errorCode: 'DANGEROUS_GOODS_MIX' });
    const dgBag = await openReceptacle(server);
    expect(await add(server, dgBag.id, lithium)).toMatchObject({ __typename: 'Receptacle', dangerousGoods: true });
    expect(await add(server, dgBag.id, lithium2)).toMatchObject({ __typename: 'Receptacle', itemCount: 2 });
    expect(await add(server, dgBag.id, ordinary2)).toMatchObject({ __typename: 'DangerousGoodsMix' });
  });

  it('refuses registered mixed with ordinary items unless the lane allows it', async () => {
    const [ordinary, ordinary2] = await readyParcels(server, 2);
    const [registered, registered2] = await readyParcels(server, 2, { service: 'REGISTERED_SMALL_PACKET' });
    const bag = await openReceptacle(server);
    await add(server, bag.id, ordinary);
    expect(await add(server, bag.id, registered)).toMatchObject({ __typename: 'RegisteredMix', errorCode: 'REGISTERED_MIX' });
    const mixed = await openReceptacle(server, RU_PACKET_LANE, { allowRegisteredMix: true });
    expect(await add(server, mixed.id, ordinary2)).toMatchObject({ __typename: 'Receptacle', registered: false });
    expect(await add(server, mixed.id, registered)).toMatchObject({ __typename: 'Receptacle', registered: true, itemCount: 2 });
    const regBag = await openReceptacle(server);
    expect(await add(server, regBag.id, registered2)).toMatchObject({ __typename: 'Receptacle', registered: true });
  });

  it('refuses a parcel that would take the receptacle over 30 kg', async () => {
    const [a, b] = await readyParcels(server, 2, { grossWeightGrams: 16_000 });
    const bag = await openReceptacle(server);
    await add(server, bag.id, a);
    expect(await add(server, bag.id, b)).toMatchObject({ __typename: 'ReceptacleOverweight', errorCode: 'RECEPTACLE_OVERWEIGHT', limitGrams: 30_000, currentGrams: 16_000, parcelGrams: 16_000 });
  });

  it('refuses an unknown parcel and a closed receptacle; an unknown receptacle is NOT_FOUND', async () => {
    const bag = await openReceptacle(server);
    expect(await add(server, bag.id, buildS10('LM', 99_999_992, 'MY'))).toMatchObject({ __typename: 'ParcelNotFound' });
    const [n, m] = await readyParcels(server, 2);
    const dispatch = await openDispatch(server);
    const inDispatch = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    await add(server, inDispatch.id, n);
    await server.gql(CLOSE_RECEPTACLE, { r: inDispatch.id }, KEYS.hub);
    expect(await add(server, inDispatch.id, m)).toMatchObject({ __typename: 'ReceptacleNotOpen', errorCode: 'RECEPTACLE_NOT_OPEN' });
    const unknown = await server.gql(`mutation { addToReceptacle(receptacleId: "00000000-0000-4000-8000-000000000000", trackingNumber: "x") { __typename } }`, {}, KEYS.hub);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const notUuid = await server.gql(`mutation { addToReceptacle(receptacleId: "nope", trackingNumber: "x") { __typename } }`, {}, KEYS.hub);
    expect(notUuid.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('changes nothing when it refuses', async () => {
    const [a, b] = await readyParcels(server, 2, { grossWeightGrams: 16_000 });
    const bag = await openReceptacle(server);
    await add(server, bag.id, a);
    const before = await count('audit_log');
    await add(server, bag.id, b);
    expect(await count('audit_log')).toBe(before);
    const [row] = await server.database.db.query<{ state: string; receptacle_id: string | null }>('SELECT state, receptacle_id FROM hub_parcels WHERE shipment_id = $1', [await shipmentId(b)]);
    expect(row).toEqual({ state: 'RECEIVED', receptacle_id: null });
  });
});

describe('removeFromReceptacle', () => {
  it('takes a parcel out of an open receptacle and refuses one that is not in it', async () => {
    const [a, b] = await readyParcels(server, 2);
    const bag = await openReceptacle(server);
    await add(server, bag.id, a);
    const removed = await server.gql(REMOVE, { r: bag.id, t: a }, KEYS.hub);
    expect(removed.data.removeFromReceptacle).toMatchObject({ __typename: 'Receptacle', itemCount: 0, grossWeightGrams: 0 });
    const track = await server.gql(`query ($t: String!) { track(trackingNumber: $t) { ... on Tracking { status } } }`, { t: a });
    expect(track.data.track.status).toBe('RECEIVED_AT_HUB');
    const notIn = await server.gql(REMOVE, { r: bag.id, t: b }, KEYS.hub);
    expect(notIn.data.removeFromReceptacle).toMatchObject({ __typename: 'ParcelNotInReceptacle', errorCode: 'PARCEL_NOT_IN_RECEPTACLE' });
  });
});

describe('receptacle and dispatch refusals', () => {
  it('refuses to close an empty receptacle or one outside a dispatch; closing twice is an illegal transition', async () => {
    const [n] = await readyParcels(server, 1);
    const empty = await openReceptacle(server);
    expect((await server.gql(CLOSE_RECEPTACLE, { r: empty.id }, KEYS.hub)).data.closeReceptacle).toMatchObject({ __typename: 'ReceptacleEmpty', errorCode: 'RECEPTACLE_EMPTY' });
    await add(server, empty.id, n);
    expect((await server.gql(CLOSE_RECEPTACLE, { r: empty.id }, KEYS.hub)).data.closeReceptacle).toMatchObject({ __typename: 'ReceptacleNotInDispatch' });
    const dispatch = await openDispatch(server);
    expect((await server.gql(ASSIGN, { r: empty.id, d: dispatch.id }, KEYS.hub)).data.assignReceptacleToDispatch).toMatchObject({ __typename: 'Receptacle', serial: 1 });
    expect((await server.gql(CLOSE_RECEPTACLE, { r: empty.id }, KEYS.hub)).data.closeReceptacle).toMatchObject({ __typename: 'Receptacle', state: 'CLOSED' });
    const twice = await server.gql(CLOSE_RECEPTACLE, { r: empty.id }, KEYS.hub);
    expect(twice.errors?.[0]).toMatchObject({ message: expect.stringMatching(/CLOSED.*CLOSED/), extensions: { code: 'ILLEGAL_TRANSITION', from: 'CLOSED', to: 'CLOSED', machine: 'Receptacle' } });
  });

  it('lets a receptacle join only a dispatch with the same S8 fields and carrier', async () => {
    const dispatch = await openDispatch(server);
    const parcels = await openReceptacle(server, RU_PARCEL_LANE);
    expect((await server.gql(ASSIGN, { r: parcels.id, d: dispatch.id }, KEYS.hub)).data.assignReceptacleToDispatch).toMatchObject({
      __typename: 'DispatchMismatch', errorCode: 'DISPATCH_MISMATCH', fields: ['mailSubclass'],
    });
    const viaOpen = await openReceptacle(server, RU_PARCEL_LANE, { dispatchId: dispatch.id });
    expect(viaOpen).toMatchObject({ __typename: 'DispatchMismatch' });
    expect(await count(`receptacles WHERE mail_subclass = 'CC' AND dispatch_id = $1`, [dispatch.id])).toBe(0);
  });

  it('refuses to close an empty dispatch, one with open receptacles, or with a mistyped air waybill, and changes nothing', async () => {
    const empty = await openDispatch(server);
    expect((await server.gql(CLOSE_DISPATCH, { d: empty.id }, KEYS.hub)).data.closeDispatch).toMatchObject({ __typename: 'DispatchEmpty', errorCode: 'DISPATCH_EMPTY' });
    const [n] = await readyParcels(server, 1);
    const bag = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: empty.id });
    await add(server, bag.id, n);
    expect((await server.gql(CLOSE_DISPATCH, { d: empty.id }, KEYS.hub)).data.closeDispatch).toMatchObject({ __typename: 'ReceptaclesStillOpen', receptacleIds: [bag.id] });
    await server.gql(CLOSE_RECEPTACLE, { r: bag.id }, KEYS.hub);
    expect((await server.gql(CLOSE_DISPATCH, { d: empty.id, awb: '176-12345674' }, KEYS.hub)).data.closeDispatch).toMatchObject({ __typename: 'InvalidAirWaybill', errorCode: 'INVALID_AIR_WAYBILL', problem: 'CHECK_DIGIT' });
    expect((await server.gql(CLOSE_DISPATCH, { d: empty.id, awb: '176-1234' }, KEYS.hub)).data.closeDispatch).toMatchObject({ __typename: 'InvalidAirWaybill', problem: 'FORMAT' });
    expect(await count(`dispatches WHERE id = $1 AND state = 'OPEN'`, [empty.id])).toBe(1);
    expect(await count(`tracking_events WHERE shipment_id = $1 AND code = 'EMC'`, [await shipmentId(n)])).toBe(0);
    expect((await server.gql(CLOSE_DISPATCH, { d: empty.id, awb: '176-12345675' }, KEYS.hub)).data.closeDispatch).toMatchObject({ __typename: 'Dispatch', state: 'CLOSED' });
  });

  it('validates dispatch input: a bad office or an unknown carrier is BAD_USER_INPUT, a mistyped air waybill a typed result', async () => {
    const bad = await server.gql(`mutation { openDispatch(input: { destinationOffice: "RUMOW", mailCategory: "A", mailSubclass: "UA", carrierCode: "RU-POST", transport: { mode: AIR } }) { __typename } }`, {}, KEYS.hub);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const carrier = await server.gql(`mutation { openDispatch(input: { destinationOffice: "RUMOWA", mailCategory: "A", mailSubclass: "UA", carrierCode: "NOPE", transport: { mode: AIR } }) { __typename } }`, {}, KEYS.hub);
    expect(carrier.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await openDispatch(server, RU_PACKET_LANE, { airWaybill: '176-00000007' })).toMatchObject({ __typename: 'InvalidAirWaybill', problem: 'CHECK_DIGIT' });
  });
});

describe('dwell-time job', () => {
  it('raises one alert per parcel and threshold past it, once, as queryable alerts and outbox events', async () => {
    const [old, fresh] = await readyParcels(server, 2);
    await server.database.db.query(`UPDATE hub_parcels SET received_at = now() - interval '50 hours' WHERE shipment_id = $1`, [await shipmentId(old)]);
    const [job] = hubJobs(server.silkgate.services.hub);
    expect(job).toMatchObject({ name: 'hub.dwell-check', every: '15 minutes' });
    const first = await job.run();
    expect(first.alerts).toBeGreaterThanOrEqual(2);
    expect(await job.run()).toEqual({ alerts: 0 });
    const res = await server.gql(`{ hubDwellAlerts(minThresholdHours: 24) { trackingNumber thresholdHours state location } }`, {}, KEYS.hub);
    const mine = res.data.hubDwellAlerts.filter((a: { trackingNumber: string }) => a.trackingNumber === old);
    expect(mine.map((a: { thresholdHours: number }) => a.thresholdHours)).toEqual([24, 48]);
    expect(res.data.hubDwellAlerts.map((a: { trackingNumber: string }) => a.trackingNumber)).not.toContain(fresh);
    expect(await count(`outbox_messages WHERE topic = 'hub.dwell_exceeded' AND aggregate_id = $1`, [await shipmentId(old)])).toBe(2);
  });
});
