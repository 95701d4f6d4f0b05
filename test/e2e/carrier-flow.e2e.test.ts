/**
 * The carrier flow of carrier-handoff and carrier-events, run over GraphQL and over the REST
 * interface (/api/carrier): same services, keys, answers and error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlClient, restClient, timeline, type CarrierClient } from '../support/carrier-clients.js';
import { declarationInput } from '../support/fixtures.js';
import { closedRuDispatch } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const DECLARE = `mutation ($input: DeclareShipmentInput!) { declareShipment(input: $input) { ... on Shipment { id trackingNumber } } }`;
let seq = 0;

describe.each([['GraphQL', graphqlClient], ['REST', restClient]] as const)('carrier flow over %s', (_name, makeClient) => {
  let client: CarrierClient;
  beforeAll(() => {
    client = makeClient(server);
  });
  const eventId = (what: string) => `${client.name}-${what}-${(seq += 1)}`;

  it('queue → concurrent claims → RESDES receipt → receptacle event on every item → delivery events → delivered', async () => {
    const d = await closedRuDispatch(server, 2, 2);

    const foreign = await client.queue(KEYS.carrierMy);
    expect(foreign).toEqual({ ok: true, value: [] });
    const queue = await client.queue(KEYS.carrierRu, 100);
    if (!queue.ok) throw new Error(queue.code);
    const entry = queue.value.find((h) => h.id === d.id)!;
    expect(entry).toMatchObject({ id: d.id, dispatchNumber: d.dispatchNumber, state: 'READY', leaseCount: 0, receipt: null });
    expect(entry.receptacles.map((r) => r.receptacleNumber)).toEqual(d.bagNumbers);
    expect(entry.items.map((i) => i.trackingNumber).sort()).toEqual(d.byBag.flat().sort());
    expect(entry.items[0]).toMatchObject({
      service: 'TRACKED_PACKET', customsForm: 'CN22', addressee: expect.objectContaining({ countryCode: 'RU', city: 'Москва' }),
      contents: [{ description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 300, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }],
    });

    const [a, b] = await Promise.all([client.claim(KEYS.carrierRu, 10), client.claim(KEYS.carrierRu, 10)]);
    if (!a.ok || !b.ok) throw new Error('claim failed');
    const claimed = [...a.value, ...b.value].filter((h) => h.id === d.id);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ state: 'LEASED', leaseCount: 1 });

    const extra = 'MYKULARUMOWAAUN69999999000010';
    const ack = await client.acknowledge(KEYS.carrierRu, d.id, { receptacleNumbers: [d.bagNumbers[0], extra], leaseId: claimed[0].leaseId! });
    expect(ack).toEqual({
      ok: true,
      value: expect.objectContaining({
        alreadyAcknowledged: false,
        receipt: expect.objectContaining({ received: [d.bagNumbers[0]], missing: [d.bagNumbers[1]], extra: [extra], hasDiscrepancies: true }),
        handoff: expect.objectContaining({ id: d.id, state: 'ACKNOWLEDGED' }),
      }),
    });
    for (const n of d.byBag[0]) expect(await timeline(server, n)).toEqual({ status: 'HANDED_TO_CARRIER', codes: ['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC', 'SGH'] });
    expect((await timeline(server, d.byBag[1][0])).status).toBe('DISPATCHED');
    const again = await client.acknowledge(KEYS.carrierRu, d.id, { receptacleNumbers: d.bagNumbers });
    expect(again.ok && again.value).toMatchObject({ alreadyAcknowledged: true, receipt: { missing: [d.bagNumbers[1]] } });
    const after = await client.queue(KEYS.carrierRu, 100);
    expect(after.ok && after.value.find((h) => h.id === d.id)).toBeFalsy();

    // RESDIT 74 on the received bag reaches the timeline of both its items; another carrier cannot report on it.
    const bagEvent = { eventId: eventId('bag'), receptacleId: d.bagNumbers[0], code: '74', occurredAt: new Date().toISOString(), office: 'RUMOWA' };
    expect(await client.report(KEYS.carrierRu, [bagEvent])).toMatchObject({ ok: true, value: { acceptedCount: 1, rejectedCount: 0 } });
    expect(await client.report(KEYS.carrierDe, [bagEvent])).toMatchObject({ ok: true, value: { results: [{ accepted: false, errorCode: 'UNKNOWN_RECEPTACLE' }] } });
    for (const n of d.byBag[0]) expect(await timeline(server, n)).toEqual({ status: 'HANDED_TO_CARRIER', codes: ['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC', 'SGH', 'RESDIT-74'] });
    expect((await timeline(server, d.byBag[1][0])).codes).not.toContain('RESDIT-74');
    // A repeat stores nothing, on the receptacle or on its items.
    expect(await client.report(KEYS.carrierRu, [bagEvent])).toMatchObject({ ok: true, value: { acceptedCount: 0, duplicateCount: 1 } });
    expect((await timeline(server, d.byBag[0][0])).codes.filter((c) => c === 'RESDIT-74')).toHaveLength(1);

    const t0 = Date.now() + 60_000;
    const codes = ['EMD', 'EDB', 'EDC', 'EMF', 'EDG', 'EMI'];
    const events = d.byBag[0].flatMap((n, i) => codes.map((code, k) => ({ eventId: eventId(`${n}-${code}`), trackingNumber: n, code, occurredAt: new Date(t0 + k * 60_000 + i).toISOString() })));
    expect(await client.report(KEYS.carrierRu, events)).toMatchObject({ ok: true, value: { acceptedCount: events.length, rejectedCount: 0 } });
    for (const n of d.byBag[0]) expect(await timeline(server, n)).toEqual({ status: 'DELIVERED', codes: ['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC', 'SGH', 'RESDIT-74', ...codes] });
  });

  it('answers each bad event on its own and stores the rest', async () => {
    const declare = async (countryCode: string) => {
      const input = declarationInput();
      const res = await server.gql(DECLARE, { input: { ...input, addressee: { ...(input.addressee as object), countryCode } } }, KEYS.seller);
      return res.data.declareShipment.trackingNumber as string;
    };
    const mine = await declare('RU');
    const german = await declare('DE');
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const res = await client.report(KEYS.carrierRu, [
      { eventId: eventId('e'), trackingNumber: mine, code: 'EMD', occurredAt: at(1), office: 'RUMOWA', countryCode: 'RU' },
      { eventId: eventId('e'), trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: at(1) },
      { eventId: eventId('e'), trackingNumber: german, code: 'EMD', occurredAt: at(1) },
      { eventId: eventId('e'), trackingNumber: mine, code: 'ZZZ', occurredAt: at(1) },
      { eventId: eventId('e'), receptacleId: 'MYKULBRUMOWAAUN60001001100050', code: '74', occurredAt: at(1) },
      { eventId: eventId('e'), trackingNumber: mine, receptacleId: 'X', code: 'EMD', occurredAt: at(1) },
      { eventId: eventId('e'), trackingNumber: mine, code: 'EDB', occurredAt: at(2) },
    ]);
    if (!res.ok) throw new Error(res.code);
    expect(res.value.results.map((r) => (r.accepted ? 'OK' : r.errorCode))).toEqual(['OK', 'UNKNOWN_ITEM', 'NOT_YOUR_ITEM', 'UNKNOWN_EVENT_CODE', 'UNKNOWN_RECEPTACLE', 'INVALID_EVENT', 'OK']);
    expect(res.value).toMatchObject({ acceptedCount: 2, duplicateCount: 0, rejectedCount: 5 });
    expect(res.value.results[6].status).toBe('IN_IMPORT_CUSTOMS');
    expect(await timeline(server, mine)).toEqual({ status: 'IN_IMPORT_CUSTOMS', codes: ['SGA', 'EMD', 'EDB'] });
  });

  it('refuses with the same codes: wrong role, bad limits, another carrier\'s handoff, a lost lease', async () => {
    expect(await client.queue(KEYS.seller)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await client.claim(KEYS.carrierRu, 0)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    const d = await closedRuDispatch(server, 1, 1);
    expect(await client.acknowledge(KEYS.carrierDe, d.id, { receptacleNumbers: d.bagNumbers })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const first = await client.claim(KEYS.carrierRu, 100, 30);
    const lease = first.ok ? first.value.find((h) => h.id === d.id)! : undefined;
    expect(lease).toMatchObject({ state: 'LEASED', leaseCount: 1 });
    // The lease runs out (moved into the past rather than waited for) and another poller takes it.
    await server.database.db.query(`UPDATE carrier_handoffs SET leased_until = now() - interval '1 second' WHERE dispatch_id = $1`, [d.id]);
    const second = await client.claim(KEYS.carrierRu, 100, 30);
    expect(second.ok && second.value.find((h) => h.id === d.id)).toMatchObject({ leaseCount: 2 });
    expect(await client.acknowledge(KEYS.carrierRu, d.id, { receptacleNumbers: d.bagNumbers, leaseId: lease!.leaseId! })).toMatchObject({ ok: false, code: 'LEASE_LOST' });
  });
});
