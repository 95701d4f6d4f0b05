import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { DELIVERIES, drainDeliveries, fastWebhooks, REGISTER, seededRandom } from '../support/webhooks.js';

// The same delivery guarantees through the undici transport (SILKGATE_WEBHOOK_TRANSPORT=undici):
// signed as the standard says, retried after failures, each message processed once.
let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  // 20 attempts: a message must not dead-letter by chance at a receiver failing 30 % of requests.
  server = await startTestServer({ webhooks: fastWebhooks({ transport: 'undici', maxAttempts: 20 }) });
  receiver = await startWebhookReceiver({ failureRate: 0.3, random: seededRandom(7) });
});
afterAll(async () => {
  await receiver?.close();
  await server?.stop();
});

describe('undici webhook transport', () => {
  it('delivers every message, verified with standardwebhooks, despite 30% failures', async () => {
    const registered = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['shipment.declared'] } }, KEYS.seller);
    receiver.setSecret(registered.data.registerWebhookEndpoint.secret);
    const declared = await server.gql(DECLARE_MANY, { inputs: Array.from({ length: 30 }, () => declarationInput()) }, KEYS.seller);
    expect(declared.data.declareShipments.createdCount).toBe(30);

    await drainDeliveries(server);

    expect(receiver.stats).toMatchObject({ processed: 30, duplicates: 0, badSignatures: 0 });
    expect(receiver.stats.injectedFailures).toBeGreaterThan(0);
    const ids = new Set(declared.data.declareShipments.results.map((r: { id: string }) => r.id));
    expect(new Set(receiver.messages.map((m) => m.data.aggregateId))).toEqual(ids);

    const log = await server.gql(DELIVERIES, { first: 100 }, KEYS.seller);
    const nodes = log.data.deliveries.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.state === 'SUCCEEDED')).toBe(true);
    const failedAttempts = nodes.flatMap((n: any) => n.attempts).filter((a: any) => !a.succeeded);
    expect(failedAttempts.length).toBe(receiver.stats.injectedFailures);
    expect(failedAttempts.every((a: any) => a.statusCode >= 500 && a.error)).toBe(true);
  });
});
