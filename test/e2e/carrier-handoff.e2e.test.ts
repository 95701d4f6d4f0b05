import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { closedRuDispatch } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { DELETE_ENDPOINT, drainDeliveries, fastWebhooks, REGISTER } from '../support/webhooks.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks() });
});
afterAll(async () => {
  await server?.stop();
});

const HANDOFF_FIELDS = `id dispatchNumber state leaseId leasedUntil leaseCount
  receptacles { receptacleNumber weightGrams itemCount highest }
  items { trackingNumber receptacleNumber service category customsForm sender addressee grossWeightGrams measuredWeightGrams
    totalValue { amountMinor currency } contents { description quantity netWeightGrams value { amountMinor currency } hsCode originCountry } assessedDuties }
  receipt { received missing extra hasDiscrepancies }`;
const QUEUE = `query ($first: Int, $after: String) { handoffQueue(first: $first, after: $after) { edges { cursor node { ${HANDOFF_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
const CLAIM = `mutation ($max: Int, $lease: Int) { claimHandoffs(max: $max, leaseSeconds: $lease) { id dispatchNumber leaseId leaseCount state } }`;
const ACK = `mutation ($id: ID!, $received: HandoffReceivedInput!) {
  acknowledgeHandoff(id: $id, received: $received) { alreadyAcknowledged receipt { received missing extra hasDiscrepancies } handoff { id state } }
}`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { acceptedCount rejectedCount results { __typename ... on CarrierEventAccepted { status } ... on CarrierEventRejected { errorCode } } } }`;
const TRACK = `query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code } } } }`;

const closedDispatch = (bags: number, perBag: number) => closedRuDispatch(server, bags, perBag);

describe('carrier handoff', () => {
  it('declare → release → receive → bag → dispatch → pre-advice push → claim → acknowledge → events → public tracking shows delivered', async () => {
    const receiver = await startWebhookReceiver();
    const reg = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['dispatch.closed'] } }, KEYS.carrierRu);
    receiver.setSecret(reg.data.registerWebhookEndpoint.secret);

    const d = await closedDispatch(2, 2);
    const parcels = d.byBag.flat();

    // Pull: only Russian Post sees it, with receptacles and per-item advance data.
    expect((await server.gql(QUEUE, {}, KEYS.carrierMy)).data.handoffQueue.edges).toEqual([]);
    const queue = await server.gql(QUEUE, { first: 10 }, KEYS.carrierRu);
    expect(queue.errors).toBeUndefined();
    const [entry] = queue.data.handoffQueue.edges.map((e: any) => e.node);
    expect(entry).toMatchObject({ id: d.id, dispatchNumber: d.dispatchNumber, state: 'READY', leaseCount: 0, receipt: null });
    expect(entry.receptacles.map((r: any) => r.receptacleNumber)).toEqual(d.bagNumbers);
    expect(entry.items.map((i: any) => i.trackingNumber).sort()).toEqual([...parcels].sort());
    expect(entry.items[0]).toMatchObject({
      service: 'TRACKED_PACKET', customsForm: 'CN22', addressee: expect.objectContaining({ countryCode: 'RU', city: 'Москва' }), sender: expect.objectContaining({ countryCode: 'MY' }),
      contents: [{ description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 300, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }],
    });

    // Push: the pre-advice carries the same advance data.
    await drainDeliveries(server);
    const preAdvice = receiver.messages.find((m) => m.type === 'dispatch.closed' && m.data.aggregateId === d.id)!;
    expect(preAdvice).toBeDefined();
    const pushedItems = (preAdvice.data.items as any[]).map((i) => ({ trackingNumber: i.trackingNumber, contents: i.contents, addressee: i.addressee }));
    expect(pushedItems).toEqual(entry.items.map((i: any) => ({ trackingNumber: i.trackingNumber, contents: i.contents, addressee: i.addressee })));
    await server.gql(DELETE_ENDPOINT, { id: reg.data.registerWebhookEndpoint.endpoint.id }, KEYS.carrierRu);
    await receiver.close();

    // Two pollers at once: one gets the dispatch, the other nothing.
    const [a, b] = await Promise.all([server.gql(CLAIM, { max: 10, lease: 60 }, KEYS.carrierRu), server.gql(CLAIM, { max: 10, lease: 60 }, KEYS.carrierRu)]);
    const claimed = [...a.data.claimHandoffs, ...b.data.claimHandoffs].filter((h: any) => h.id === d.id);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ state: 'LEASED', leaseCount: 1 });

    // RESDES-style receipt: the second bag missing, an unknown bag extra.
    const extra = 'MYKULARUMOWAAUN69999999000010';
    const ack = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: [d.bagNumbers[0], extra], leaseId: claimed[0].leaseId } }, KEYS.carrierRu);
    expect(ack.errors).toBeUndefined();
    expect(ack.data.acknowledgeHandoff).toEqual({
      alreadyAcknowledged: false,
      receipt: { received: [d.bagNumbers[0]], missing: [d.bagNumbers[1]], extra: [extra], hasDiscrepancies: true },
      handoff: { id: d.id, state: 'ACKNOWLEDGED' },
    });
    for (const n of d.byBag[0]) {
      const t = await server.gql(TRACK, { n });
      expect(t.data.track.status).toBe('HANDED_TO_CARRIER');
      expect(t.data.track.events.map((e: any) => e.code)).toEqual(['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC', 'SGH']);
    }
    expect((await server.gql(TRACK, { n: d.byBag[1][0] })).data.track.status).toBe('DISPATCHED');
    const again = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: d.bagNumbers } }, KEYS.carrierRu);
    expect(again.data.acknowledgeHandoff).toMatchObject({ alreadyAcknowledged: true, receipt: { missing: [d.bagNumbers[1]] } });
    expect((await server.gql(QUEUE, {}, KEYS.carrierRu)).data.handoffQueue.edges.find((e: any) => e.node.id === d.id)).toBeUndefined();
    const audit = await server.database.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [d.id]);
    expect(audit.map((r) => r.action)).toContain('carrier.handoff.acknowledged');

    // Receptacle event for the received bag; another carrier cannot report on it.
    const bagEvent = await server.gql(REPORT, { events: [{ eventId: `bag-${d.id}`, receptacleId: d.bagNumbers[0], code: '74', occurredAt: new Date().toISOString() }] }, KEYS.carrierRu);
    expect(bagEvent.data.reportCarrierEvents.acceptedCount).toBe(1);
    const foreign = await server.gql(REPORT, { events: [{ eventId: `bag-${d.id}`, receptacleId: d.bagNumbers[0], code: '74', occurredAt: new Date().toISOString() }] }, KEYS.carrierDe);
    expect(foreign.data.reportCarrierEvents.results[0].errorCode).toBe('UNKNOWN_RECEPTACLE');

    // Delivery events: public tracking shows delivered.
    const t0 = Date.now() + 60_000;
    const codes = ['EMD', 'EDB', 'EDC', 'EMF', 'EDG', 'EMI'];
    const events = d.byBag[0].flatMap((n, i) => codes.map((code, k) => ({ eventId: `${n}-${code}`, trackingNumber: n, code, occurredAt: new Date(t0 + k * 60_000 + i).toISOString() })));
    const report = await server.gql(REPORT, { events }, KEYS.carrierRu);
    expect(report.data.reportCarrierEvents).toMatchObject({ acceptedCount: events.length, rejectedCount: 0 });
    for (const n of d.byBag[0]) {
      const t = await server.gql(TRACK, { n });
      expect(t.data.track.status).toBe('DELIVERED');
      expect(t.data.track.events.map((e: any) => e.code)).toEqual(['SGA', 'EMA', 'EMB', 'EXA', 'EXC', 'EMC', 'SGH', 'RESDIT-74', ...codes]);
    }
  });

  it('returns an expired lease to the queue; the old lease cannot acknowledge', async () => {
    const d = await closedDispatch(1, 1);
    const first = (await server.gql(CLAIM, { max: 100, lease: 30 }, KEYS.carrierRu)).data.claimHandoffs.find((h: any) => h.id === d.id);
    expect(first).toMatchObject({ state: 'LEASED', leaseCount: 1 });
    // Within the lease nobody else gets it.
    expect((await server.gql(CLAIM, { max: 100, lease: 30 }, KEYS.carrierRu)).data.claimHandoffs.find((h: any) => h.id === d.id)).toBeUndefined();
    // The lease runs out (moved into the past rather than waited for).
    await server.database.db.query(`UPDATE carrier_handoffs SET leased_until = now() - interval '1 second' WHERE dispatch_id = $1`, [d.id]);
    const second = (await server.gql(CLAIM, { max: 100, lease: 30 }, KEYS.carrierRu)).data.claimHandoffs.find((h: any) => h.id === d.id);
    expect(second).toMatchObject({ state: 'LEASED', leaseCount: 2 });
    expect(second.leaseId).not.toBe(first.leaseId);
    const stale = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: d.bagNumbers, leaseId: first.leaseId } }, KEYS.carrierRu);
    expect(stale.errors?.[0].extensions?.code).toBe('LEASE_LOST');
    const ok = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: d.bagNumbers, leaseId: second.leaseId } }, KEYS.carrierRu);
    expect(ok.data.acknowledgeHandoff.receipt).toMatchObject({ missing: [], extra: [], hasDiscrepancies: false });
  });

  it('acknowledging hands over the bag; a parcel the carrier already reported on keeps its later status', async () => {
    const d = await closedDispatch(1, 2);
    const [early, other] = d.byBag[0];
    const report = await server.gql(REPORT, { events: [{ eventId: `${early}-EDG`, trackingNumber: early, code: 'EDG', occurredAt: new Date().toISOString() }] }, KEYS.carrierRu);
    expect(report.data.reportCarrierEvents).toMatchObject({ acceptedCount: 1, rejectedCount: 0 });
    const ack = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: d.bagNumbers } }, KEYS.carrierRu);
    expect(ack.errors).toBeUndefined();
    const reported = (await server.gql(TRACK, { n: early })).data.track;
    expect(reported.status).toBe('OUT_FOR_DELIVERY');
    expect(reported.events.map((e: any) => e.code)).toContain('SGH');
    expect((await server.gql(TRACK, { n: other })).data.track.status).toBe('HANDED_TO_CARRIER');
  });

  it('is for carrier keys only, each its own queue', async () => {
    expect((await server.gql(QUEUE, {}, KEYS.seller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(CLAIM, { max: 0 }, KEYS.carrierRu)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const d = await closedDispatch(1, 1);
    const other = await server.gql(ACK, { id: d.id, received: { receptacleNumbers: d.bagNumbers } }, KEYS.carrierDe);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('npm run carrier-sim: claims, acknowledges and reports delivery for a queued dispatch', async () => {
    const d = await closedDispatch(1, 2);
    const sim = spawn(process.execPath, ['--import', 'tsx', 'scripts/carrier-sim/carrier-sim.ts', '--api', `${server.url}/graphql`, '--key', KEYS.carrierRu, '--port', '0', '--once'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    sim.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => sim.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('dispatch acknowledged');
    for (const n of d.byBag[0]) expect((await server.gql(TRACK, { n })).data.track.status).toBe('DELIVERED');
  });
});
