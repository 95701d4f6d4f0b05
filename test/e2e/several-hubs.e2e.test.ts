/**
 * Two hubs, Kuala Lumpur (MYKUL-DFTZ) and Liège (BELGG-EWTP): a seller declares at its organisation's
 * hub or names another; each hub numbers from its own S10 series, clears with its own officers, bags
 * and dispatches from its own office of exchange to the carriers that serve it; staff, officers and
 * dashboards see their own hub; admins name the hub they act in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseParcels } from '../support/customs-release.js';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { CLOSE_DISPATCH, RECEIVE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const KL = 'MYKUL-DFTZ';
const LIEGE = 'BELGG-EWTP';
const TO_ANTWERP = { addressee: { name: 'Lotte Peeters', addressLines: ['Meir 12'], city: 'Antwerpen', postcode: '2000', countryCode: 'BE', phone: '+32 3 123 45 67' } };
const DIMENSIONS = { length: 300, width: 200, height: 50 };

const PARCEL = `query ($t: String!) {
  shipment(trackingNumber: $t) { id trackingNumber status hub { code officeOfExchange } events { code office countryCode } }
}`;
const HUB_PARCEL = `query ($t: String!) { hubParcel(trackingNumber: $t) { state location lane { originOffice destinationOffice carrier { code } } } }`;
const CONSOLIDATE = `mutation ($input: ConsolidateInput) {
  consolidate(input: $input) { parcelsBagged dispatches { id dispatchNumber lane { originOffice destinationOffice carrier { code } } receptacles { id state parcels { trackingNumber } } } }
}`;
const CLOSE_RECEPTACLE = `mutation ($r: ID!) { closeReceptacle(receptacleId: $r) { __typename ... on Receptacle { receptacleNumber } } }`;

/** Declares as `key`; each override is one declaration. Answers every result, accepted or not. */
async function declareAs(key: string, overrides: Record<string, unknown>[]) {
  const res = await server.gql(DECLARE_MANY, { inputs: overrides.map((o) => declarationInput(o)) }, key);
  expect(res.errors).toBeUndefined();
  return res.data.declareShipments.results as { __typename: string; trackingNumber?: string; errors?: { path: string; code: string }[] }[];
}

async function declared(key: string, overrides: Record<string, unknown>[]): Promise<string[]> {
  const results = await declareAs(key, overrides);
  expect(results.map((r) => r.__typename)).toEqual(overrides.map(() => 'Shipment'));
  return results.map((r) => r.trackingNumber!);
}

/** An officer of the parcel's hub releases it; import VAT due in Belgium is paid by the seller, which releases it. */
async function clear(trackingNumber: string, officer: string, seller: string): Promise<void> {
  await releaseParcels(server, [trackingNumber], officer).catch(async (refused: Error) => {
    if (!/DUTY_DUE/.test(refused.message)) throw refused;
    const due = (await server.gql(`query ($t: String) { shipment(trackingNumber: $t) { id customs { outstanding { amountMinor currency } } } }`, { t: trackingNumber }, seller)).data.shipment;
    const paid = await server.gql(
      `mutation ($id: ID!, $ref: String!, $amount: MoneyInput!) { recordDutyPayment(shipmentId: $id, paymentReference: $ref, amount: $amount) { ... on DutyPaymentRecorded { declaration { state } } } }`,
      { id: due.id, ref: `PAY-${due.id}`, amount: due.customs.outstanding }, seller,
    );
    expect(paid.data.recordDutyPayment.declaration.state).toBe('RELEASED');
  });
}

async function receiveAt(key: string, trackingNumber: string, location = 'RCV-01-01') {
  const res = await server.gql(RECEIVE, { input: { trackingNumber, weightGrams: 380, dimensionsMm: DIMENSIONS, location } }, key);
  expect(res.errors).toBeUndefined();
  return res.data.receiveParcel;
}

describe('several hubs', () => {
  it('lists both hubs and the carriers each serves; a seller declares at its organisation hub unless a declaration names another', async () => {
    const network = await server.gql(`{ hubs { code officeOfExchange s10Series { service serviceIndicator } } carriers { code hubs { code } } }`);
    expect(network.data.hubs.map((h: { code: string }) => h.code)).toEqual([LIEGE, KL]);
    expect(network.data.hubs.find((h: { code: string }) => h.code === LIEGE).officeOfExchange).toBe('BELGGA');
    expect(Object.fromEntries(network.data.carriers.map((c: { code: string; hubs: { code: string }[] }) => [c.code, c.hubs.map((h) => h.code).sort()]))).toEqual({
      BPOST: [LIEGE], 'DE-POST': [LIEGE, KL], 'POS-MY': [KL], 'RU-POST': [LIEGE, KL],
    });

    const me = `{ me { organization { hub { code } } } }`;
    expect((await server.gql(me, {}, KEYS.seller)).data.me.organization.hub.code).toBe(KL);
    expect((await server.gql(me, {}, KEYS.liegeSeller)).data.me.organization.hub.code).toBe(LIEGE);

    // Mawar (Kuala Lumpur) sends one parcel from Liège in the same call; the Liège seller declares at home.
    const [atKl, atLiege] = await declared(KEYS.seller, [{}, { hubCode: 'belgg-ewtp' }]);
    const [liegeOwn] = await declared(KEYS.liegeSeller, [{}]);
    expect(atKl).toMatch(/^LM\d{9}MY$/);
    expect(atLiege).toMatch(/^LM\d{9}BE$/);
    expect(liegeOwn).toMatch(/^LM\d{9}BE$/);
    // Each hub numbers from its own series: the two BE numbers are consecutive in Liège's.
    expect(Number(liegeOwn.slice(2, 10))).toBe(Number(atLiege.slice(2, 10)) + 1);

    const kl = (await server.gql(PARCEL, { t: atKl }, KEYS.seller)).data.shipment;
    const liege = (await server.gql(PARCEL, { t: atLiege }, KEYS.seller)).data.shipment;
    expect(kl.hub).toEqual({ code: KL, officeOfExchange: 'MYKULA' });
    expect(liege.hub).toEqual({ code: LIEGE, officeOfExchange: 'BELGGA' });
    // The pre-advice is recorded where the parcel is expected, and the seller's message names the hub.
    expect(liege.events.find((e: { code: string }) => e.code === 'SGA')).toEqual({ code: 'SGA', office: 'BELGGA', countryCode: 'BE' });
    const [declaredMessage] = await server.database.db.query<{ payload: { hubCode: string } }>(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 AND topic = 'shipment.declared'`, [liege.id],
    );
    expect(declaredMessage.payload.hubCode).toBe(LIEGE);
  });

  it('refuses an unknown hub as a field error and stores nothing of that declaration', async () => {
    const before = (await server.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shipments'))[0].n;
    const [bad, good] = await declareAs(KEYS.seller, [{ hubCode: 'XXKUL-NOPE' }, {}]);
    expect(bad).toMatchObject({ __typename: 'DeclarationRejected', errors: [{ path: 'hubCode', code: 'UNKNOWN_HUB' }] });
    expect(good.__typename).toBe('Shipment');
    expect((await server.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shipments'))[0].n).toBe(before + 1);

    const org = await server.gql(
      `mutation { createOrganization(input: { kind: SELLER, name: "Nowhere Trading", countryCode: "CN", hubCode: "XXKUL-NOPE" }) { id } }`, {}, KEYS.admin,
    );
    expect(org.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hubCode' });
  });

  it('a Liège parcel is cleared by Liège officers, received, bagged and dispatched at Liège, and Kuala Lumpur never sees it', async () => {
    const [toMoscow, toAntwerp] = await declared(KEYS.liegeSeller, [{}, TO_ANTWERP]);
    const [klToAntwerp] = await declared(KEYS.seller, [TO_ANTWERP]);

    // Officers see their own hub's declarations only.
    expect((await server.gql(PARCEL, { t: toMoscow }, KEYS.customs)).data.shipment).toBeNull();
    await expect(releaseParcels(server, [toMoscow], KEYS.customs)).rejects.toThrow(/no customs declaration/);
    await clear(toMoscow, KEYS.liegeCustoms, KEYS.liegeSeller);
    await clear(toAntwerp, KEYS.liegeCustoms, KEYS.liegeSeller);
    await clear(klToAntwerp, KEYS.customs, KEYS.seller);

    // Scanned at the wrong hub, it is an exception there and stays unreceived.
    expect(await receiveAt(KEYS.hub, toMoscow)).toMatchObject({ __typename: 'UnmanifestedParcel', reason: 'OTHER_HUB' });
    expect(await receiveAt(KEYS.liegeHub, toMoscow, 'RCV-02-01')).toMatchObject({ __typename: 'ParcelReceived', parcel: { state: 'RECEIVED', location: 'RCV-02-01' } });
    await receiveAt(KEYS.liegeHub, toAntwerp);
    await receiveAt(KEYS.hub, klToAntwerp);
    // RCV-02-01 is a Liège bin; Kuala Lumpur has no such location.
    expect((await receiveAt(KEYS.hub, klToAntwerp, 'RCV-02-01')).__typename).toBe('LocationNotFound');

    expect((await server.gql(HUB_PARCEL, { t: toMoscow }, KEYS.hub)).data.hubParcel).toBeNull();
    // Belgium is bpost's from Liège and Deutsche Post's from Kuala Lumpur, where bpost does not serve.
    expect((await server.gql(HUB_PARCEL, { t: toAntwerp }, KEYS.liegeHub)).data.hubParcel.lane).toEqual({ originOffice: 'BELGGA', destinationOffice: 'BEBRUA', carrier: { code: 'BPOST' } });
    expect((await server.gql(HUB_PARCEL, { t: klToAntwerp }, KEYS.hub)).data.hubParcel.lane).toEqual({ originOffice: 'MYKULA', destinationOffice: 'DEFRAA', carrier: { code: 'DE-POST' } });
    const foreignCarrier = await server.gql(
      `mutation { openReceptacle(input: { destinationOffice: "MYKULB", mailCategory: "A", mailSubclass: "UA", carrierCode: "POS-MY" }) { __typename } }`, {}, KEYS.liegeHub,
    );
    expect(foreignCarrier.errors?.[0]).toMatchObject({ message: 'POS-MY takes no mail over from hub BELGG-EWTP.', extensions: { code: 'BAD_USER_INPUT' } });

    // Liège consolidates its own parcels only, into dispatches from its own office of exchange.
    const consolidated = (await server.gql(CONSOLIDATE, {}, KEYS.liegeHub)).data.consolidate;
    const bagged = consolidated.dispatches.flatMap((d: { receptacles: { parcels: { trackingNumber: string }[] }[] }) => d.receptacles.flatMap((r) => r.parcels.map((p) => p.trackingNumber)));
    expect(bagged.sort()).toEqual([toAntwerp, toMoscow].sort());
    expect(consolidated.dispatches.map((d: { lane: unknown }) => d.lane)).toEqual(expect.arrayContaining([
      { originOffice: 'BELGGA', destinationOffice: 'RUMOWA', carrier: { code: 'RU-POST' } },
      { originOffice: 'BELGGA', destinationOffice: 'BEBRUA', carrier: { code: 'BPOST' } },
    ]));
    const moscow = consolidated.dispatches.find((d: { lane: { destinationOffice: string } }) => d.lane.destinationOffice === 'RUMOWA');
    expect(moscow.dispatchNumber).toMatch(/^BELGGARUMOWAAUA\d{5}$/);
    expect((await server.gql(`{ dispatches { id } }`, {}, KEYS.hub)).data.dispatches.map((d: { id: string }) => d.id)).not.toContain(moscow.id);
    expect((await server.gql(`query ($id: ID!) { dispatch(id: $id) { id } }`, { id: moscow.id }, KEYS.hub)).data.dispatch).toBeNull();
    expect((await server.gql(CLOSE_DISPATCH, { d: moscow.id }, KEYS.hub)).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // Closed at Liège, it reaches Russian Post's queue like any other hub's dispatch.
    for (const r of moscow.receptacles) await server.gql(CLOSE_RECEPTACLE, { r: r.id }, KEYS.liegeHub);
    expect((await server.gql(CLOSE_DISPATCH, { d: moscow.id }, KEYS.liegeHub)).data.closeDispatch).toMatchObject({ __typename: 'Dispatch', state: 'CLOSED' });
    const queue = await server.gql(`{ handoffQueue(first: 100) { edges { node { id dispatchNumber } } } }`, {}, KEYS.carrierRu);
    expect(queue.data.handoffQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(moscow.id);
    expect((await server.gql(PARCEL, { t: toMoscow }, KEYS.liegeSeller)).data.shipment.status).toBe('DISPATCHED');

    // Kuala Lumpur's own parcel is still waiting there, untouched by Liège's consolidation.
    expect((await server.gql(HUB_PARCEL, { t: klToAntwerp }, KEYS.hub)).data.hubParcel.state).toBe('RECEIVED');
  });

  it('admins name the hub they act in; dashboards cover one hub, or every hub for an admin', async () => {
    const [parcel] = await declared(KEYS.liegeSeller, [{}]);
    await releaseParcels(server, [parcel], KEYS.liegeCustoms);
    const RECEIVE_MANY = `mutation ($inputs: [ReceiveParcelInput!]!, $hub: String) { receiveParcels(inputs: $inputs, hubCode: $hub) { receivedCount results { __typename } } }`;
    const inputs = [{ trackingNumber: parcel, weightGrams: 380, dimensionsMm: DIMENSIONS, location: 'RCV-01-02' }];
    const unnamed = await server.gql(RECEIVE_MANY, { inputs }, KEYS.admin);
    expect(unnamed.errors?.[0]).toMatchObject({ message: `Name the hub (hubCode): this network has 2, ${LIEGE}, ${KL}.`, extensions: { code: 'BAD_USER_INPUT', field: 'hubCode' } });
    expect((await server.gql(HUB_PARCEL, { t: parcel }, KEYS.liegeHub)).data.hubParcel).toBeNull();
    // Codes are taken in any case, as declarations take them.
    expect((await server.gql(RECEIVE_MANY, { inputs, hub: 'belgg-ewtp' }, KEYS.admin)).data.receiveParcels).toEqual({ receivedCount: 1, results: [{ __typename: 'ParcelReceived' }] });
    // An operator cannot act in another hub by naming it.
    const elsewhere = await server.gql(RECEIVE_MANY, { inputs, hub: LIEGE }, KEYS.hub);
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const locations = await server.gql(`query ($hub: String) { hubLocations(hubCode: $hub) { code } }`, { hub: LIEGE }, KEYS.admin);
    expect(locations.data.hubLocations.map((l: { code: string }) => l.code)).toContain('RCV-02-01');
    expect((await server.gql(`{ hubLocations { code } }`, {}, KEYS.admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const OVERVIEW = `query ($hub: String) { opsOverview(hubCode: $hub) { hubCode statusCounts { status count } } }`;
    const total = (counts: { count: number }[]) => counts.reduce((sum, c) => sum + c.count, 0);
    const all = (await server.gql(OVERVIEW, {}, KEYS.admin)).data.opsOverview;
    const liege = (await server.gql(OVERVIEW, { hub: LIEGE }, KEYS.admin)).data.opsOverview;
    const kl = (await server.gql(OVERVIEW, { hub: KL }, KEYS.admin)).data.opsOverview;
    expect([all.hubCode, liege.hubCode, kl.hubCode]).toEqual([null, LIEGE, KL]);
    const [parcels] = await server.database.db.query<{ liege: number; kl: number }>(
      `SELECT count(*) FILTER (WHERE h.code = $1)::int AS liege, count(*) FILTER (WHERE h.code = $2)::int AS kl FROM shipments s JOIN hubs h ON h.id = s.hub_id`, [LIEGE, KL],
    );
    expect([total(liege.statusCounts), total(kl.statusCounts), total(all.statusCounts)]).toEqual([parcels.liege, parcels.kl, parcels.liege + parcels.kl]);
    expect((await server.gql(OVERVIEW, {}, KEYS.liegeHub)).data.opsOverview).toEqual(liege);
    expect((await server.gql(OVERVIEW, { hub: LIEGE }, KEYS.customs)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
  it("an admin's lists of bags, dispatches, parcels and alerts cover one hub when it names it, every hub otherwise", async () => {
    const [liegeParcel] = await declared(KEYS.liegeSeller, [{}]);
    const [klParcel] = await declared(KEYS.seller, [{}]);
    await clear(liegeParcel, KEYS.liegeCustoms, KEYS.liegeSeller);
    await clear(klParcel, KEYS.customs, KEYS.seller);
    // Scanned at Kuala Lumpur first: an exception of Kuala Lumpur's.
    expect(await receiveAt(KEYS.hub, liegeParcel)).toMatchObject({ reason: 'OTHER_HUB' });
    await receiveAt(KEYS.liegeHub, liegeParcel);
    await receiveAt(KEYS.hub, klParcel);
    await server.gql(CONSOLIDATE, {}, KEYS.liegeHub);
    await server.gql(CONSOLIDATE, {}, KEYS.hub);

    const LISTS = `query ($hub: String) {
      receptacles(first: 500, hubCode: $hub) { lane { originOffice } }
      dispatches(first: 500, hubCode: $hub) { lane { originOffice } }
      hubInventory(first: 500, hubCode: $hub) { edges { node { trackingNumber } } }
      hubExceptions(first: 500, hubCode: $hub) { scannedCode }
      hubDwellAlerts(hubCode: $hub) { trackingNumber }
    }`;
    const offices = (rows: { lane: { originOffice: string } }[]) => [...new Set(rows.map((r) => r.lane.originOffice))].sort();
    const lists = async (hub: string | null, key = KEYS.admin) => {
      const res = await server.gql(LISTS, { hub }, key);
      expect(res.errors).toBeUndefined();
      const d = res.data;
      return { bags: offices(d.receptacles), dispatches: offices(d.dispatches), parcels: d.hubInventory.edges.map((e: { node: { trackingNumber: string } }) => e.node.trackingNumber), exceptions: d.hubExceptions.map((e: { scannedCode: string }) => e.scannedCode) };
    };
    const liege = await lists(LIEGE);
    expect([liege.bags, liege.dispatches]).toEqual([['BELGGA'], ['BELGGA']]);
    expect(liege.parcels).toContain(liegeParcel);
    expect(liege.parcels).not.toContain(klParcel);
    expect(liege.exceptions).not.toContain(liegeParcel);
    const kl = await lists('mykul-dftz');
    expect([kl.bags, kl.dispatches]).toEqual([['MYKULA'], ['MYKULA']]);
    expect(kl.parcels).toContain(klParcel);
    expect(kl.parcels).not.toContain(liegeParcel);
    expect(kl.exceptions).toContain(liegeParcel);
    const every = await lists(null);
    expect([every.bags, every.dispatches]).toEqual([['BELGGA', 'MYKULA'], ['BELGGA', 'MYKULA']]);
    expect(every.parcels).toEqual(expect.arrayContaining([liegeParcel, klParcel]));
    // Staff see their own hub with or without naming it, and cannot name another.
    expect(await lists(null, KEYS.liegeHub)).toEqual(liege);
    expect(await lists(LIEGE, KEYS.liegeHub)).toEqual(liege);
    expect((await server.gql(LISTS, { hub: KL }, KEYS.liegeHub)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(LISTS, { hub: 'XXNOWHERE' }, KEYS.admin)).errors?.[0]).toMatchObject({ message: 'No hub with code XXNOWHERE.', extensions: { code: 'BAD_USER_INPUT' } });
  });
  it('an admin moves a seller to another hub: its next declarations leave from there, those already declared stay', async () => {
    const org = (await server.gql(`mutation { createOrganization(input: { kind: SELLER, name: "Batik Bersama", countryCode: "MY" }) { id hub { code } } }`, {}, KEYS.admin)).data.createOrganization;
    expect(org.hub.code).toBe(KL);
    const key = (await server.gql(`mutation ($o: ID!) { createApiKey(input: { role: SELLER, organizationId: $o, label: "shop" }) { secret } }`, { o: org.id }, KEYS.admin)).data.createApiKey.secret;
    const SET = `mutation ($o: ID!, $hub: String) { setSellerHub(organizationId: $o, hubCode: $hub) { id hub { code } } }`;
    const [before] = await declared(key, [{}]);

    expect((await server.gql(SET, { o: org.id, hub: ' belgg-ewtp ' }, KEYS.admin)).data.setSellerHub).toEqual({ id: org.id, hub: { code: LIEGE } });
    const [after] = await declared(key, [{}]);
    const hubOf = async (t: string) => (await server.gql(PARCEL, { t }, key)).data.shipment.hub.code;
    expect([await hubOf(before), await hubOf(after)]).toEqual([KL, LIEGE]);
    const [audit] = await server.database.db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE action = 'organization.hub_changed' AND entity_id = $1`, [org.id],
    );
    expect(audit).toEqual({ before: { hubId: null }, after: { hubId: expect.any(String) } });

    // Null: back to the network's default.
    expect((await server.gql(SET, { o: org.id, hub: null }, KEYS.admin)).data.setSellerHub.hub).toEqual({ code: KL });
    expect(await hubOf((await declared(key, [{}]))[0])).toBe(KL);

    const hubOrg = (await server.gql(`{ me { organization { id } } }`, {}, KEYS.liegeHub)).data.me.organization.id;
    const refusals = [
      [await server.gql(SET, { o: hubOrg, hub: KL }, KEYS.admin), { code: 'BAD_USER_INPUT', field: 'organizationId' }],
      [await server.gql(SET, { o: org.id, hub: 'XXNOWHERE' }, KEYS.admin), { code: 'BAD_USER_INPUT', field: 'hubCode' }],
      [await server.gql(SET, { o: '00000000-0000-4000-8000-000000000000', hub: KL }, KEYS.admin), { code: 'NOT_FOUND' }],
      [await server.gql(SET, { o: org.id, hub: LIEGE }, key), { code: 'FORBIDDEN' }],
    ] as const;
    for (const [res, extensions] of refusals) expect(res.errors?.[0].extensions).toMatchObject(extensions);
    expect((await server.gql(`{ me { organization { hub { code } } } }`, {}, KEYS.liegeHub)).data.me.organization.hub.code).toBe(LIEGE);
    expect((await server.gql(`{ organizations { id hub { code } } }`, {}, KEYS.admin)).data.organizations.find((o: { id: string }) => o.id === org.id).hub.code).toBe(KL);
  });
});
