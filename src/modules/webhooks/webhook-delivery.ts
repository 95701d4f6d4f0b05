import { lookup as dnsLookup } from 'node:dns';
import { Agent } from 'undici';
import { webhookDeliveries } from '../../app/metrics.js';
import type { Database } from '../../db/database.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { WebhookConfig } from '../../platform/config.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { Logger } from '../../platform/logger.js';
import { backoffMs } from './backoff.js';
import { applyOutcome } from './circuit-breaker.js';
import { messageId, secretKey, webhookHeaders } from './signature.js';
import { assertLiteralHostAllowed, classifyAddress } from './ssrf-guard.js';
import { createTransport, EXCERPT_CHARS, type WebhookTransport } from './webhook-transport.js';
import * as repo from './webhooks.repository.js';


export interface DeliveryPassSummary {
  claimed: number;
  succeeded: number;
  failed: number;
  dead: number;
}

/** The body a receiver gets: Standard Webhooks' recommended envelope around the outbox payload. */
export function webhookBody(d: Pick<repo.ClaimedDelivery, 'topic' | 'aggregateType' | 'aggregateId' | 'payload' | 'messageCreatedAt'>): string {
  return JSON.stringify({
    type: d.topic,
    timestamp: new Date(d.messageCreatedAt).toISOString(),
    data: { aggregateType: d.aggregateType, aggregateId: d.aggregateId, ...d.payload },
  });
}

/**
 * An undici agent whose DNS lookup refuses private, loopback and link-local answers: the check
 * runs when each connection is opened, so it also catches a name re-pointed after registration.
 */
export function createGuardedAgent(allowPrivate: boolean, connections = 128): Agent {
  return new Agent({
    connections,
    keepAliveTimeout: 10_000,
    connect: {
      lookup(hostname, options, callback) {
        dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, [] as never);
          const list = addresses as unknown as { address: string; family: number }[];
          if (!allowPrivate) {
            const bad = list.find((a) => classifyAddress(a.address) !== 'public');
            if (bad) return callback(new Error(`refused: ${hostname} resolves to ${bad.address}, a ${classifyAddress(bad.address)} address`), [] as never);
          }
          if ((options as { all?: boolean }).all) return callback(null, list as never);
          return callback(null, list[0].address as never, list[0].family as never);
        });
      },
    },
  });
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { message?: string; code?: string } };
  if (e?.name === 'TimeoutError') return 'timeout';
  const cause = e?.cause?.message ?? e?.cause?.code;
  return (cause ? `${e?.message ?? 'error'}: ${cause}` : e?.message ?? String(error)).slice(0, EXCERPT_CHARS);
}

/**
 * Fans the outbox out to endpoints and delivers due deliveries. Several workers (processes or
 * lanes) can run at once: claims use FOR UPDATE SKIP LOCKED and a lease.
 */
export class WebhookDeliverer {
  private readonly agent: Agent;
  private readonly transport: WebhookTransport;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly db: Database,
    private readonly config: WebhookConfig,
    private readonly logger?: Logger,
    /** Called after each attempt is sent and before it is recorded (tests stop or stall a worker there). */
    private readonly hooks: { afterSend?: (claimed: readonly repo.ClaimedDelivery[]) => void | Promise<void> } = {},
    /** When attempts are due, leases end and circuits cool down: specs move a test clock instead of sleeping. */
    private readonly clock: Clock = systemClock,
  ) {
    this.agent = createGuardedAgent(config.allowPrivateUrls);
    this.transport = createTransport(config.transport, this.agent);
  }

  /** Lease on a claim: longer than the attempt can take, so a live worker never loses its claim. */
  private get leaseMs(): number {
    return this.config.timeoutMs * 2 + 1_000;
  }

  async fanOut(limit = 2000): Promise<number> {
    let total = 0;
    for (;;) {
      const { messages } = await this.db.transaction((tx) => repo.fanOut(tx, limit, this.clock.now()));
      total += messages;
      if (messages < limit) return total;
    }
  }

  /** Claims one batch (plus one probe per cooled-down open circuit), sends it and records the outcome. */
  async deliverBatch(limit = this.config.batchSize): Promise<DeliveryPassSummary> {
    const probes = await repo.startProbes(this.db, this.config.breakerCooldownMs, this.clock.now());
    const claimed: repo.ClaimedDelivery[] = [];
    for (const endpointId of probes) claimed.push(...(await repo.claimDue(this.db, 1, this.leaseMs, this.clock.now(), endpointId)));
    claimed.push(...(await repo.claimDue(this.db, limit, this.leaseMs, this.clock.now())));
    if (claimed.length === 0) return { claimed: 0, succeeded: 0, failed: 0, dead: 0 };

    // A claim's lease ran out under load before it was recorded (a batch waits for its slowest
    // send, then for the circuits' row locks), and another lane sent it again: renewed while this
    // worker lives, a claim is only ever sent again after a crash or a timeout.
    let renewal: Promise<void> = Promise.resolve();
    const renew = () => (renewal = renewal.then(() => repo.extendLeases(this.db, claimed, this.leaseMs, this.clock.now())).catch((error) => this.logger?.warn({ err: error }, 'webhook lease renewal failed')));
    const renewing = setInterval(renew, this.leaseMs / 3);
    let results: repo.AttemptResult[];
    try {
      results = await Promise.all(claimed.map((d) => this.send(d)));
      await this.hooks.afterSend?.(claimed);
    } finally {
      clearInterval(renewing);
    }
    // A whole lease for recording; no renewal may land after the record (it would delay a retry).
    await renew();
    await this.record(claimed, results);
    const summary = {
      claimed: claimed.length,
      succeeded: results.filter((r) => r.succeeded).length,
      failed: results.filter((r) => !r.succeeded).length,
      dead: results.filter((r) => r.nextState === 'DEAD').length,
    };
    webhookDeliveries.inc({ outcome: 'succeeded' }, summary.succeeded);
    webhookDeliveries.inc({ outcome: 'failed' }, summary.failed - summary.dead);
    webhookDeliveries.inc({ outcome: 'dead' }, summary.dead);
    return summary;
  }

  private keyFor(secret: string): Buffer {
    let key = this.keys.get(secret);
    if (!key) {
      key = secretKey(secret);
      this.keys.set(secret, key);
    }
    return key;
  }

  private async send(d: repo.ClaimedDelivery): Promise<repo.AttemptResult> {
    const attemptedAt = this.clock.now();
    const started = performance.now();
    const body = webhookBody(d);
    let statusCode: number | null = null;
    let responseExcerpt: string | null = null;
    let error: string | null = null;
    try {
      const url = new URL(d.url);
      assertLiteralHostAllowed(url, this.config.allowPrivateUrls);
      const headers = { 'content-type': 'application/json', 'user-agent': 'Silkgate-Webhooks/1.0', ...webhookHeaders(this.keyFor(d.secret), messageId(d.messageSeq), body, attemptedAt) };
      const res = await this.transport(url, headers, body, this.config.timeoutMs);
      statusCode = res.statusCode;
      responseExcerpt = res.excerpt;
    } catch (e) {
      error = describeError(e);
    }
    const latencyMs = Math.round(performance.now() - started);
    const succeeded = statusCode !== null && statusCode >= 200 && statusCode < 300;
    if (!succeeded && !error) error = `HTTP ${statusCode}`;
    let nextState: repo.DeliveryState = 'SUCCEEDED';
    let nextAttemptAt: Date | null = null;
    if (!succeeded) {
      if (d.attempts >= this.config.maxAttempts) nextState = 'DEAD';
      else {
        nextState = 'PENDING';
        nextAttemptAt = new Date(this.clock.now().getTime() + backoffMs(d.attempts, this.config.backoffBaseMs, this.config.backoffMaxMs));
      }
    }
    return { deliveryId: d.id, attemptNo: d.attempts, attemptedAt, statusCode, latencyMs, responseExcerpt, error, succeeded, nextState, nextAttemptAt };
  }

  private async record(claimed: readonly repo.ClaimedDelivery[], results: readonly repo.AttemptResult[]): Promise<void> {
    const outcomes = new Map<string, { successes: number; failures: number }>();
    claimed.forEach((d, i) => {
      const o = outcomes.get(d.endpointId) ?? { successes: 0, failures: 0 };
      if (results[i].succeeded) o.successes += 1;
      else o.failures += 1;
      outcomes.set(d.endpointId, o);
    });
    await this.db.transaction(async (tx) => {
      await repo.recordAttempts(tx, results);
      const circuits = await repo.lockCircuits(tx, [...outcomes.keys()]);
      const now = this.clock.now();
      const changed = new Map<string, ReturnType<typeof applyOutcome>>();
      for (const [id, circuit] of circuits) {
        const next = applyOutcome(circuit, outcomes.get(id)!, now, { threshold: this.config.breakerThreshold, cooldownMs: this.config.breakerCooldownMs });
        if (next !== circuit) changed.set(id, next);
        if (next.state === 'OPEN' && circuit.state !== 'OPEN') this.logger?.warn({ endpointId: id, failures: next.consecutiveFailures }, 'webhook endpoint circuit opened');
      }
      await repo.saveCircuits(tx, changed);
    });
  }

  /**
   * Fans out, then delivers with `lanes` concurrent batches until nothing is due (or the time
   * budget or the signal ends it). Deliveries waiting for a backoff are left for a later pass.
   */
  async runUntilIdle(options: { budgetMs?: number; signal?: AbortSignal } = {}): Promise<DeliveryPassSummary & { fannedOut: number }> {
    const deadline = Date.now() + (options.budgetMs ?? 20_000);
    const total = { fannedOut: 0, claimed: 0, succeeded: 0, failed: 0, dead: 0 };
    const running = () => Date.now() < deadline && !options.signal?.aborted;
    const lane = async () => {
      let claimed = 0;
      while (running()) {
        const pass = await this.deliverBatch();
        claimed += pass.claimed;
        total.claimed += pass.claimed;
        total.succeeded += pass.succeeded;
        total.failed += pass.failed;
        total.dead += pass.dead;
        if (pass.claimed === 0) break;
      }
      return claimed;
    };
    while (running()) {
      const fanned = await this.fanOut();
      total.fannedOut += fanned;
      // allSettled: a failing lane must not leave the others running unobserved.
      const settled = await Promise.allSettled(Array.from({ length: Math.max(1, this.config.lanes) }, lane));
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const claimed = settled.reduce((sum, r) => sum + (r as PromiseFulfilledResult<number>).value, 0);
      if (fanned === 0 && claimed === 0) break;
    }
    return total;
  }

  /** For the scheduler (src/platform/scheduler/): one job fans out and delivers until idle. */
  jobs(every = '5 seconds'): JobDefinition[] {
    return [
      {
        name: 'webhooks.deliver',
        every,
        run: async () => ({ ...(await this.runUntilIdle({ budgetMs: 20_000 })) }),
      },
    ];
  }

  private closing?: Promise<void>;

  /** Closes the connection pool; safe to call more than once (shutdown and tests both do). */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }
}
