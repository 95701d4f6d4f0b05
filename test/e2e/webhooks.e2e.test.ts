import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { enqueueOutbox } from '../../src/modules/outbox/outbox.repository.js';
import { DELETE_ENDPOINT, DELIVERIES, deliveryClock, drainDeliveries, fastWebhooks, REGISTER, seededRandom } from '../support/webhooks.js';

// Receivers that fail at random must not dead-letter a message by chance: with 8 attempts and half of
// all requests failing, 40 messages lose one about 15 % of the time once load changes which request
// draws which failure. 20 attempts make that one in tens of thousands.
const MAX_ATTEMPTS = 20;
let server: TestServer;
// Backoffs and the circuit's cool-down pass by moving this clock: the spec never sleeps.
const clock = deliveryClock();
const receivers: WebhookReceiver[] = [];
const endpoints: { id: string; key: string }[] = [];

beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks({ breakerThreshold: 4, maxAttempts: MAX_ATTEMPTS }), clock });
});
afterEach(async () => {
  // Each spec owns its endpoints: delete them so the next spec's messages do not reach them.
  for (const e of endpoints.splice(0)) await server.gql(DELETE_ENDPOINT, { id: e.id }, e.key);
  for (const r of receivers.splice(0)) await r.close();
});
afterAll(async () => {
  await server?.stop();
});

async function receiverFor(key: string, eventTypes: string[], options: Parameters<typeof startWebhookReceiver>[0] = {}) {
  const receiver = await startWebhookReceiver(options);
  receivers.push(receiver);
  const res = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes } }, key);
  expect(res.errors).toBeUndefined();
  const { secret, endpoint } = res.data.registerWebhookEndpoint;
  receiver.setSecret(secret);
  endpoints.push({ id: endpoint.id, key });
  return { receiver, secret: secret as string, endpointId: endpoint.id as string };
}

const BULK = `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { createdCount results { ... on Shipment { id trackingNumber } } } }`;

async function declare(n: number, key = KEYS.seller): Promise<{ id: string; trackingNumber: string }[]> {
  const res = await server.gql(BULK, { inputs: Array.from({ length: n }, () => declarationInput()) }, key);
  expect(res.data.declareShipments.createdCount).toBe(n);
  return res.data.declareShipments.results;
}

describe('webhook endpoints', () => {
  it('registers an endpoint and shows the whsec_ secret once', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const res = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['shipment.declared', 'shipment.declared', 'dispatch.closed'] } }, KEYS.carrierRu);
    const { secret, endpoint } = res.data.registerWebhookEndpoint;
    endpoints.push({ id: endpoint.id, key: KEYS.carrierRu });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ url: receiver.url, eventTypes: ['shipment.declared', 'dispatch.closed'], circuitState: 'CLOSED', organization: { name: 'Russian Post' } });
    const list = await server.gql('{ webhookEndpoints { id url } }', {}, KEYS.carrierRu);
    expect(list.data.webhookEndpoints).toEqual([{ id: endpoint.id, url: receiver.url }]);
    expect(JSON.stringify(list.data)).not.toContain(secret);
    const others = await server.gql('{ webhookEndpoints { id } }', {}, KEYS.carrierMy);
    expect(others.data.webhookEndpoints).toEqual([]);
  });

  it('refuses bad event types, other roles and other organisations', async () => {
    const bad = await server.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['Not A Topic'] } }, KEYS.seller);
    expect(bad.errors?.[0].extensions?.code).toBe('WEBHOOK_EVENT_TYPES_INVALID');
    const customs = await server.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['*'] } }, KEYS.customs);
    expect(customs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { endpointId } = await receiverFor(KEYS.seller, ['shipment.declared']);
    const foreign = await server.gql(DELETE_ENDPOINT, { id: endpointId }, KEYS.otherSeller);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('signed pushes', () => {
  it('delivers each outbox message, signed so the standardwebhooks package verifies it, and stores the attempt', async () => {
    const { receiver, secret, endpointId } = await receiverFor(KEYS.seller, ['shipment.declared']);
    const parcels = await declare(3);
    await drainDeliveries(server, 30_000, clock);

    expect(receiver.stats.badSignatures).toBe(0);
    expect(receiver.messages.map((m) => m.data.trackingNumber).sort()).toEqual(parcels.map((p) => p.trackingNumber).sort());
    expect(receiver.messages.every((m) => m.type === 'shipment.declared' && /^msg_\d+$/.test(m.id))).toBe(true);

    const res = await server.gql(DELIVERIES, { filter: { endpointId }, first: 10 }, KEYS.seller);
    const nodes = res.data.deliveries.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node).toMatchObject({ state: 'SUCCEEDED', attemptCount: 1, lastStatusCode: 204, topic: 'shipment.declared', endpoint: { id: endpointId } });
      expect(node.attempts).toEqual([expect.objectContaining({ attemptNo: 1, statusCode: 204, succeeded: true, error: null })]);
      expect(node.attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
      // What the deliveries query shows is what was signed and sent: re-sign it and verify independently.
      const body = JSON.stringify(node.payload);
      const wh = new Webhook(secret);
      const sig = wh.sign(node.messageId, new Date(), body);
      expect(wh.verify(body, { 'webhook-id': node.messageId, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': sig })).toEqual(node.payload);
    }
    // Another organisation sees none of them.
    const foreign = await server.gql(DELIVERIES, { filter: { endpointId } }, KEYS.otherSeller);
    expect(foreign.data.deliveries.edges).toEqual([]);
  });

  it('endpoint down, then up: every message delivered, none processed twice', async () => {
    const { receiver, endpointId } = await receiverFor(KEYS.seller, ['shipment.declared']);
    receiver.setDown(true);
    const parcels = await declare(20);
    // Several passes against the down endpoint: attempts fail and back off.
    for (let i = 0; i < 5; i += 1) {
      await server.silkgate.services.webhookDelivery.runUntilIdle({ budgetMs: 2_000 });
      clock.advance(30);
    }
    expect(receiver.stats.refusedWhileDown).toBeGreaterThanOrEqual(20);
    expect(receiver.messages).toHaveLength(0);
    receiver.setDown(false);
    await drainDeliveries(server, 30_000, clock);

    expect(new Set(receiver.messages.map((m) => m.data.trackingNumber))).toEqual(new Set(parcels.map((p) => p.trackingNumber)));
    expect(receiver.messages).toHaveLength(20);
    expect(receiver.stats.duplicates).toBe(0);
    const res = await server.gql(DELIVERIES, { filter: { endpointId }, first: 50 }, KEYS.seller);
    const nodes = res.data.deliveries.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.state === 'SUCCEEDED' && n.attemptCount > 1)).toBe(true);
    expect(nodes[0].attempts[0]).toMatchObject({ statusCode: 503, succeeded: false, responseExcerpt: 'down for maintenance' });
  });

  it('30% injected failures: nothing lost, nothing processed twice, failed attempts recorded', async () => {
    const { receiver, endpointId } = await receiverFor(KEYS.seller, ['shipment.declared'], { failureRate: 0.3, random: seededRandom(11) });
    const parcels = await declare(150);
    await drainDeliveries(server, 30_000, clock);
    expect(receiver.messages).toHaveLength(150);
    expect(new Set(receiver.messages.map((m) => m.data.trackingNumber))).toEqual(new Set(parcels.map((p) => p.trackingNumber)));
    expect(receiver.stats.duplicates).toBe(0);
    expect(receiver.stats.injectedFailures).toBeGreaterThan(0);
    const [{ failed, dead }] = await server.database.db.query<{ failed: number; dead: number }>(
      `SELECT (SELECT count(*) FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1 AND NOT a.succeeded)::int AS failed,
              (SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND state <> 'SUCCEEDED')::int AS dead`,
      [endpointId],
    );
    expect(failed).toBe(receiver.stats.injectedFailures);
    expect(dead).toBe(0);
  });

  it('dead-letters after the maximum attempts, opens the circuit, and a replay delivers with the same message id', async () => {
    const { receiver, endpointId } = await receiverFor(KEYS.otherSeller, ['shipment.declared'], { failureRate: 1 });
    const [parcel] = await declare(1, KEYS.otherSeller);
    await drainDeliveries(server, 30_000, clock);
    const dead = await server.gql(DELIVERIES, { filter: { endpointId, state: 'DEAD' } }, KEYS.otherSeller);
    const [node] = dead.data.deliveries.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ state: 'DEAD', attemptCount: MAX_ATTEMPTS, lastStatusCode: 500, aggregateId: parcel.id });
    expect(node.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(node.attempts.every((a: any) => a.statusCode === 500 && a.responseExcerpt === 'injected failure')).toBe(true);
    const endpointsNow = await server.gql('{ webhookEndpoints { id circuitState } }', {}, KEYS.otherSeller);
    expect(endpointsNow.data.webhookEndpoints).toEqual([{ id: endpointId, circuitState: 'OPEN' }]);

    const notYours = await server.gql('mutation ($id: ID!) { replayDelivery(id: $id) { id } }', { id: node.id }, KEYS.seller);
    expect(notYours.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    receiver.setFailureRate(0);
    const replay = await server.gql('mutation ($id: ID!) { replayDelivery(id: $id) { id state messageId } }', { id: node.id }, KEYS.otherSeller);
    expect(replay.data.replayDelivery).toEqual({ id: node.id, state: 'PENDING', messageId: node.messageId });
    clock.advance(60); // the circuit's cool-down: the replay goes out as the probe
    await drainDeliveries(server, 30_000, clock);
    expect(receiver.messages.map((m) => m.id)).toEqual([node.messageId]);
    const after = await server.gql(DELIVERIES, { filter: { messageId: node.messageId } }, KEYS.otherSeller);
    expect(after.data.deliveries.edges[0].node).toMatchObject({ state: 'SUCCEEDED', attemptCount: 1 });
    expect(after.data.deliveries.edges[0].node.attempts).toHaveLength(MAX_ATTEMPTS + 1);
    const closed = await server.gql('{ webhookEndpoints { circuitState } }', {}, KEYS.otherSeller);
    expect(closed.data.webhookEndpoints).toEqual([{ circuitState: 'CLOSED' }]);

    // Replaying a delivered message sends the same id again: the receiver recognises it.
    await server.gql('mutation ($id: ID!) { replayDelivery(id: $id) { id } }', { id: node.id }, KEYS.otherSeller);
    await drainDeliveries(server, 30_000, clock);
    expect(receiver.messages).toHaveLength(1);
    expect(receiver.stats.duplicates).toBe(1);
    const pendingReplay = await server.gql('mutation ($id: ID!) { replayDelivery(id: $id) { id } }', { id: '999999999' }, KEYS.otherSeller);
    expect(pendingReplay.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps one parcel\'s messages in order at an endpoint that fails half the time', async () => {
    const { receiver } = await receiverFor(KEYS.carrierRu, ['shipment.status_changed'], { failureRate: 0.5, random: seededRandom(5) });
    const parcels = await declare(5);
    const codes = ['EMD', 'EDB', 'EDC', 'EMF', 'EDG', 'EMH', 'EDG', 'EMI'];
    const t0 = Date.parse('2026-11-12T08:00:00Z');
    for (const [step, code] of codes.entries()) {
      const res = await server.gql(
        `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { acceptedCount } }`,
        { events: parcels.map((p, i) => ({ eventId: `ord-${p.trackingNumber}-${step}`, trackingNumber: p.trackingNumber, code, occurredAt: new Date(t0 + step * 3_600_000 + i).toISOString() })) },
        KEYS.carrierRu,
      );
      expect(res.data.reportCarrierEvents.acceptedCount).toBe(5);
    }
    await drainDeliveries(server, 30_000, clock);
    const expected = ['AT_DESTINATION', 'IN_IMPORT_CUSTOMS', 'AT_DESTINATION', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'OUT_FOR_DELIVERY', 'DELIVERED'];
    for (const p of parcels) {
      const seenInOrder = receiver.messages.filter((m) => m.data.aggregateId === p.id).map((m) => m.data.status);
      expect(seenInOrder).toEqual(expected);
    }
    expect(receiver.stats.injectedFailures).toBeGreaterThan(0);
    expect(receiver.stats.duplicates).toBe(0);
  });
});

describe('which endpoints a message goes to', () => {
  it('goes to the endpoints live when it is committed: not to one registered after it', async () => {
    const before = await declare(2);
    const { receiver, endpointId } = await receiverFor(KEYS.seller, ['shipment.declared']);
    const after = await declare(3);
    await drainDeliveries(server, 30_000, clock);
    expect(receiver.messages.map((m) => m.data.trackingNumber).sort()).toEqual(after.map((p) => p.trackingNumber).sort());
    const res = await server.gql(DELIVERIES, { filter: { endpointId }, first: 10 }, KEYS.seller);
    expect(res.data.deliveries.edges).toHaveLength(3);
    expect(JSON.stringify(res.data)).not.toContain(before[0].trackingNumber);
  });

  it('a registration waits for messages being written, so none is stored as nobody\'s once the endpoint exists', async () => {
    const [parcel] = await declare(1);
    const [{ sellerOrgId }] = await server.database.db.query<{ sellerOrgId: string }>('SELECT seller_org_id AS "sellerOrgId" FROM shipments WHERE id = $1', [parcel.id]);
    let registered = false;
    let registration: Promise<unknown> | undefined;
    await server.database.db.transaction(async (tx) => {
      await enqueueOutbox(tx, [{ topic: 'shipment.declared', aggregateType: 'shipment', aggregateId: 'in-flight', sellerOrgId, payload: { trackingNumber: 'IN-FLIGHT' } }]);
      registration = receiverFor(KEYS.seller, ['shipment.declared']).then((r) => {
        registered = true;
        return r;
      });
      // Held open: on a server the registration now waits for this transaction's lock.
      await tx.query('SELECT pg_sleep(0.3)');
      expect(registered).toBe(false);
    });
    await registration;
    expect(registered).toBe(true);
  });
});
