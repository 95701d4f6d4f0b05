/**
 * Exactly once per event under load, with no crash, timeout or replay. Two deliverers (as two
 * worker processes would) share the queue.
 *
 * 1. A worker stalled between send and record for longer than its claims' lease (what a starved
 *    process or a queue of row locks does under load): the claims are renewed while it lives, so
 *    the other worker never sends them again. Before the renewal, every stalled claim was repeated.
 *    The lease runs out by the workers' clock, which the spec moves: it waits only for the renewal
 *    (the worker's own timer, every third of a lease), never for a lease to pass.
 * 2. Deliveries while worker threads keep both cores busy: the receiver counts repeated webhook ids;
 *    only an attempt that timed out (the receiver may have processed it) may be repeated.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { WebhookDeliverer } from '../../src/modules/webhooks/webhook-delivery.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { deliveryClock, drainDeliveries, fastWebhooks, REGISTER, waitFor } from '../support/webhooks.js';

const config = fastWebhooks({ timeoutMs: 2_000, batchSize: 25, lanes: 2, maxAttempts: 20 });
// The stalled worker's sends are local: a short timeout makes its lease (2 × timeout + 1 s = 2 s) renew every 0.67 s.
const stallConfig = { ...config, timeoutMs: 500 };
const STALL_LEASE_MS = 2_000;

let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await startTestServer({ webhooks: config });
  receiver = await startWebhookReceiver({});
  const reg = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['test.ping'] } }, KEYS.seller);
  receiver.setSecret(reg.data.registerWebhookEndpoint.secret);
});
afterAll(async () => {
  await receiver?.close();
  await server?.stop();
});

async function enqueue(count: number): Promise<void> {
  await server.database.db.query(
    `INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, payload)
     SELECT 'test.ping', 'test', 'ping-' || i, (SELECT organization_id FROM webhook_endpoints LIMIT 1), jsonb_build_object('n', i)
       FROM generate_series(1, $1) AS i`,
    [count],
  );
}

const receivedOnce = () => new Set(receiver.messages.map((m) => m.id)).size;
/** Attempts that timed out: the receiver may have processed them, so a repeat of each is allowed (at-least-once). */
const timedOut = async () =>
  (await server.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE status_code IS NULL`))[0].n;

describe('webhook deliveries under load', () => {
  it('a worker stalled past its lease keeps its claims: the other worker sends none of them again', async () => {
    await enqueue(25);
    const clock = deliveryClock();
    let stalled = 0;
    // The earliest lease end among the claims still pending.
    const leaseEnd = async (ids: readonly number[]) =>
      (await server.database.db.query<{ end: Date | null }>(`SELECT min(next_attempt_at) AS "end" FROM webhook_deliveries WHERE id = ANY($1::bigint[]) AND state = 'PENDING'`, [ids]))[0].end;
    const slow = new WebhookDeliverer(server.database.db, { ...stallConfig, lanes: 1 }, undefined, {
      afterSend: async (claimed) => {
        stalled += claimed.length;
        const ids = claimed.map((c) => c.id);
        // Three leases long by the clock, half a lease at a time; after each step the other worker polls the queue.
        for (let step = 0; step < 6; step++) {
          clock.advance(STALL_LEASE_MS / 2);
          // Renewed after the move: the lease ends a whole lease after some time past it, not half a lease.
          const renewedBy = clock.now().getTime() + (STALL_LEASE_MS * 3) / 4;
          await waitFor(async () => ((await leaseEnd(ids))?.getTime() ?? Infinity) > renewedBy, 10_000, 'the stalled worker to renew its leases');
          await other.runUntilIdle({ budgetMs: 200 });
        }
      },
    }, clock);
    const other = new WebhookDeliverer(server.database.db, stallConfig, undefined, {}, clock);
    try {
      await slow.runUntilIdle({ budgetMs: 20_000 });
      await drainDeliveries(server, 30_000);
    } finally {
      await slow.close();
      await other.close();
    }
    expect(stalled).toBeGreaterThanOrEqual(25);
    expect(receivedOnce()).toBe(25);
    expect(receiver.stats.duplicates).toBeLessThanOrEqual(await timedOut());
  }, 120_000);

  it('delivers 200 messages with both cores busy and repeats none that did not time out', async () => {
    const before = receivedOnce();
    const duplicatesBefore = receiver.stats.duplicates;
    const timeoutsBefore = await timedOut();
    await enqueue(200);
    // Busy threads make the delivery workers' timers and queries late, as a loaded machine does.
    const burners = Array.from({ length: 2 }, () => new Worker('const end = Date.now() + 120000; while (Date.now() < end) {}', { eval: true }));
    const workers = [new WebhookDeliverer(server.database.db, config), new WebhookDeliverer(server.database.db, config)];
    try {
      await Promise.all([...workers.map((w) => w.runUntilIdle({ budgetMs: 30_000 })), drainDeliveries(server, 150_000)]);
    } finally {
      await Promise.all(burners.map((b) => b.terminate()));
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(receivedOnce() - before).toBe(200);
    expect(receiver.stats.duplicates - duplicatesBefore).toBeLessThanOrEqual((await timedOut()) - timeoutsBefore);
  }, 200_000);
});
