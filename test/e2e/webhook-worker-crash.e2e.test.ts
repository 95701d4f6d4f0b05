/**
 * A delivery worker dies mid-delivery; after a restart nothing is lost.
 *
 * Delivery is at-least-once: a worker that dies after the receiver processed a request but before
 * it recorded the response leaves that delivery claimed; when the claim's lease ends the delivery
 * is sent again with the same webhook-id. The receiver is idempotent by that id, so it processes
 * every message exactly once; the repeats it sees are bounded by the deliveries that were in
 * flight when the worker died, plus attempts recorded as failed (a timeout on a loaded machine: the
 * receiver may have processed a request whose answer came too late) — nothing else is sent twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { WebhookDeliverer } from '../../src/modules/webhooks/webhook-delivery.js';
import { declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { fastWebhooks, REGISTER, waitFor } from '../support/webhooks.js';

const ON_SERVER = Boolean(process.env.TEST_DATABASE_URL);
const MESSAGES = 120;
// Short timeout, so a dead worker's lease (2 × timeout + 1 s) ends quickly.
const config = fastWebhooks({ timeoutMs: 500, batchSize: 20, lanes: 2, maxAttempts: 20 });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhooks: config });
});
afterAll(async () => {
  await server?.stop();
});

function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/modules/webhooks/delivery-worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      SILKGATE_DB_POOL_SIZE: '4',
      SILKGATE_WEBHOOK_ALLOW_PRIVATE: 'true',
      SILKGATE_WEBHOOK_TIMEOUT_MS: String(config.timeoutMs),
      SILKGATE_WEBHOOK_BACKOFF_BASE_MS: '10',
      SILKGATE_WEBHOOK_BACKOFF_MAX_MS: '100',
      SILKGATE_WEBHOOK_MAX_ATTEMPTS: '20',
      SILKGATE_WEBHOOK_BATCH: String(config.batchSize),
      SILKGATE_WEBHOOK_LANES: String(config.lanes),
      SILKGATE_WORKER_IDLE_MS: '50',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const inFlight = async () =>
  (await server.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'PENDING' AND attempts > 0 AND next_attempt_at > now()`))[0].n;
const failedAttempts = async () =>
  (await server.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE NOT succeeded`))[0].n;
const succeeded = async () => (await server.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'SUCCEEDED'`))[0].n;

describe('delivery worker crash', () => {
  it(
    ON_SERVER
      ? 'worker child process killed with SIGKILL mid-delivery: after a restart every message is processed exactly once'
      : 'PGlite (one process per data dir, so no child worker): in-process worker aborted between send and record, then restarted: every message is processed exactly once',
    async () => {
      // Slow receiver: requests are processed, then answered 50 ms later — the window a crash hits.
      const receiver = await startWebhookReceiver({ delayMs: 50 });
      const reg = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['shipment.declared'] } }, KEYS.seller);
      receiver.setSecret(reg.data.registerWebhookEndpoint.secret);
      const declared = await server.gql(
        `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { createdCount } }`,
        { inputs: Array.from({ length: MESSAGES }, () => declarationInput()) },
        KEYS.seller,
      );
      expect(declared.data.declareShipments.createdCount).toBe(MESSAGES);

      let inFlightAtCrash: number;
      if (ON_SERVER) {
        const worker = startWorker(server.database.url!);
        await waitFor(() => receiver.messages.length >= 30, 30_000, 'the first deliveries');
        worker.kill('SIGKILL');
        await new Promise((r) => worker.once('exit', r));
        inFlightAtCrash = await inFlight();
        expect(receiver.messages.length).toBeLessThan(MESSAGES);
        const restarted = startWorker(server.database.url!);
        try {
          await waitFor(async () => (await succeeded()) === MESSAGES, 60_000, 'all deliveries after the restart');
        } finally {
          restarted.kill('SIGTERM');
          await new Promise((r) => restarted.once('exit', r));
        }
      } else {
        const crashing = new WebhookDeliverer(server.database.db, config, undefined, {
          afterSend: () => {
            throw new Error('worker died between send and record');
          },
        });
        await expect(crashing.runUntilIdle({ budgetMs: 5_000 })).rejects.toThrow('worker died');
        await crashing.close();
        inFlightAtCrash = await inFlight();
        expect(inFlightAtCrash).toBeGreaterThan(0);
        expect(receiver.messages.length).toBeGreaterThan(0);
        const restarted = new WebhookDeliverer(server.database.db, config);
        await waitFor(async () => {
          await restarted.runUntilIdle({ budgetMs: 2_000 });
          return (await succeeded()) === MESSAGES;
        }, 60_000, 'all deliveries after the restart');
        await restarted.close();
      }

      // Nothing lost: every message processed, exactly once by id.
      expect(receiver.messages).toHaveLength(MESSAGES);
      expect(new Set(receiver.messages.map((m) => m.id)).size).toBe(MESSAGES);
      // Repeats only for what was in flight at the crash or timed out (at-least-once), never more.
      expect(receiver.stats.duplicates).toBeLessThanOrEqual(inFlightAtCrash + (await failedAttempts()));
      expect([...receiver.seen.values()].filter((n) => n > 1).length).toBe(receiver.stats.duplicates);
      await receiver.close();
    },
    120_000,
  );
});
