import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { drainDeliveries, fastWebhooks, REGISTER } from '../support/webhooks.js';

let server: TestServer;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  // Attempts enough that a slow pass cannot dead-letter the messages while the receiver is down.
  server = await startTestServer({ webhooks: fastWebhooks({ maxAttempts: 1_000 }) });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await server?.stop();
});

const ENDPOINTS = `{ webhookEndpoints { id backlog { pendingCount oldestPendingAt } } }`;
const HANDOFF_BACKLOG = `{ handoffBacklog { pendingCount oldestPendingAt } }`;

async function backlog(key: string, id: string): Promise<{ pendingCount: number; oldestPendingAt: string | null }> {
  const res = await server.gql(ENDPOINTS, {}, key);
  expect(res.errors).toBeUndefined();
  return res.data.webhookEndpoints.find((e: { id: string }) => e.id === id).backlog;
}

describe('is every message sent?', () => {
  it('shows each webhook endpoint its unsent messages and the oldest one, down to nothing once delivered', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const reg = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['shipment.declared'] } }, KEYS.seller);
    receiver.setSecret(reg.data.registerWebhookEndpoint.secret);
    const id = reg.data.registerWebhookEndpoint.endpoint.id;
    await drainDeliveries(server);
    expect(await backlog(KEYS.seller, id)).toEqual({ pendingCount: 0, oldestPendingAt: null });

    const before = Date.now();
    const declared = await server.gql(DECLARE_MANY, { inputs: [declarationInput(), declarationInput(), declarationInput()] }, KEYS.seller);
    expect(declared.data.declareShipments.createdCount).toBe(3);
    // Not fanned out yet: still counted for the endpoint they are addressed to.
    const waiting = await backlog(KEYS.seller, id);
    expect(waiting.pendingCount).toBe(3);
    expect(Date.parse(waiting.oldestPendingAt!)).toBeGreaterThanOrEqual(before - 1_000);

    // Fanned out, the receiver down: pending deliveries.
    receiver.setDown(true);
    await server.silkgate.services.webhookDelivery.runUntilIdle({ budgetMs: 1_000 });
    expect((await backlog(KEYS.seller, id)).pendingCount).toBe(3);

    receiver.setDown(false);
    await drainDeliveries(server);
    expect(await backlog(KEYS.seller, id)).toEqual({ pendingCount: 0, oldestPendingAt: null });
    expect(receiver.messages).toHaveLength(3);
  });

  it("shows a carrier its dispatches not yet acknowledged, down to nothing once it takes them over", async () => {
    expect((await server.gql(HANDOFF_BACKLOG, {}, KEYS.carrierRu)).data.handoffBacklog).toEqual({ pendingCount: 0, oldestPendingAt: null });
    const declared = await server.gql(DECLARE_MANY, { inputs: [declarationInput()] }, KEYS.seller);
    const number = declared.data.declareShipments.results[0].trackingNumber;
    await advanceParcel(server, number, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched]);
    const pending = (await server.gql(HANDOFF_BACKLOG, {}, KEYS.carrierRu)).data.handoffBacklog;
    expect(pending.pendingCount).toBe(1);
    expect(pending.oldestPendingAt).not.toBeNull();
    // Another carrier's queue is its own.
    expect((await server.gql(HANDOFF_BACKLOG, {}, KEYS.carrierDe)).data.handoffBacklog.pendingCount).toBe(0);
    await advanceParcel(server, number, [LIFECYCLE.handedOver]);
    expect((await server.gql(HANDOFF_BACKLOG, {}, KEYS.carrierRu)).data.handoffBacklog).toEqual({ pendingCount: 0, oldestPendingAt: null });
    // Not a carrier: no queue.
    expect((await server.gql(HANDOFF_BACKLOG, {}, KEYS.seller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
