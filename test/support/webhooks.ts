/** Helpers for webhook specs: fast retry settings, and running delivery until nothing is pending. */
import { loadConfig, type WebhookConfig } from '../../src/platform/config.js';
import type { Clock } from '../../src/platform/clock.js';
import type { TestServer } from './test-server.js';

/**
 * The delivery worker's clock in webhook specs: the real time plus however far the spec moved it.
 * Backoffs, leases and circuit cool-downs pass with `advance(ms)`, no sleeping; it never runs behind
 * the real time, so signature timestamps stay within a receiver's tolerance.
 */
export function deliveryClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
}

const FAST_BACKOFF_MAX_MS = 100;

/** Short backoffs and cool-downs so retries happen within a test; private URLs allowed (loopback receivers). */
export function fastWebhooks(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    ...loadConfig({}).webhooks,
    allowPrivateUrls: true,
    timeoutMs: 2_000,
    maxAttempts: 8,
    backoffBaseMs: 10,
    backoffMaxMs: FAST_BACKOFF_MAX_MS,
    breakerThreshold: 1_000,
    breakerCooldownMs: 50,
    batchSize: 50,
    lanes: 2,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Runs fan-out and delivery passes until no delivery is PENDING (or fails after `timeoutMs`).
 * With the server's `deliveryClock`, each round moves it past the longest backoff instead of sleeping.
 */
export async function drainDeliveries(server: TestServer, timeoutMs = 30_000, clock?: { advance(ms: number): void }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await server.silkgate.services.webhookDelivery.runUntilIdle({ budgetMs: 5_000 });
    const [{ pending, unfanned }] = await server.database.db.query<{ pending: number; unfanned: number }>(
      `SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'PENDING')::int AS pending,
              (SELECT count(*) FROM outbox_messages WHERE fanned_out_at IS NULL)::int AS unfanned`,
    );
    if (pending === 0 && unfanned === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries still pending after ${timeoutMs} ms: ${pending}`);
    if (clock) clock.advance(FAST_BACKOFF_MAX_MS);
    else await sleep(20);
  }
}

/** A seeded PRNG (mulberry32), so injected failures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const REGISTER = `mutation ($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes circuitState organization { name } } }
}`;

export const DELETE_ENDPOINT = `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`;

export const DELIVERIES = `query ($filter: DeliveryFilter, $first: Int, $after: String) {
  deliveries(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id messageId topic aggregateId state attemptCount lastStatusCode lastError payload
      endpoint { id } attempts { attemptNo statusCode latencyMs responseExcerpt error succeeded attemptedAt } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
