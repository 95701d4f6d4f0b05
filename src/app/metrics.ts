import cluster from 'node:cluster';
import client from 'prom-client';
import type { Database } from '../db/database.js';
import { METRICS_REQUEST, METRICS_RESPONSE } from '../platform/cluster.js';

/**
 * Prometheus metrics (prom-client), served at /metrics. They live in prom-client's default
 * registry: in a cluster the supervisor asks every worker for it (AggregatorRegistry, see
 * src/platform/cluster.ts) and /metrics on any worker answers with the sum over all of them.
 * Gauges read from the database at scrape time take the largest worker's value instead of the sum
 * (every worker reads the same tables).
 */
client.collectDefaultMetrics({ prefix: 'silkgate_' });
// prom-client answers the supervisor's requests for this worker's registry only once an
// AggregatorRegistry has been made in the worker (its constructor installs the listener).
if (cluster.isWorker) new client.AggregatorRegistry();

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpDuration = new client.Histogram({
  name: 'silkgate_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
});

export const graphqlDuration = new client.Histogram({
  name: 'silkgate_graphql_operation_duration_seconds',
  help: 'GraphQL operations by operation name and type, from request to response',
  labelNames: ['operation', 'type'] as const,
  buckets: LATENCY_BUCKETS,
});

export const graphqlErrors = new client.Counter({
  name: 'silkgate_graphql_errors_total',
  help: 'GraphQL errors answered, by extensions.code',
  labelNames: ['code'] as const,
});

export const largeRequests = new client.Gauge({
  name: 'silkgate_large_requests',
  help: 'Large GraphQL requests (bulk calls) running and waiting for a place (SILKGATE_LARGE_REQUESTS), by state',
  labelNames: ['state'] as const,
});

export const responseCacheLookups = new client.Counter({
  name: 'silkgate_response_cache_lookups_total',
  help: 'Anonymous GraphQL requests the response cache looked up, by result (hit, miss)',
  labelNames: ['result'] as const,
});

export const webhookDeliveries = new client.Counter({
  name: 'silkgate_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (succeeded, failed = will retry, dead = dead-lettered)',
  labelNames: ['outcome'] as const,
});

export const jobRuns = new client.Counter({
  name: 'silkgate_job_runs_total',
  help: 'Scheduled job runs by job and outcome',
  labelNames: ['job', 'outcome'] as const,
});

export const jobDuration = new client.Histogram({
  name: 'silkgate_job_duration_seconds',
  help: 'Scheduled job run time by job',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
});

export const declarations = new client.Counter({
  name: 'silkgate_declarations_total',
  help: 'Shipments declared (rate() of it: declarations per second)',
});

/** The database the scrape-time gauges read; the last server started in this process (tests start several). */
let observed: Database | undefined;

/** Points the scrape-time gauges at db; returns what stops that. */
export function observeDatabase(db: Database): () => void {
  observed = db;
  return () => {
    if (observed === db) observed = undefined;
  };
}

new client.Gauge({
  name: 'silkgate_db_pool_connections',
  help: 'PostgreSQL pool connections by state (total, idle, waiting = callers queued for one)',
  labelNames: ['state'] as const,
  collect() {
    const stats = observed?.poolStats?.();
    if (!stats) return;
    for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
  },
});

interface QueueRow {
  unfanned: number;
  oldest_unfanned_s: number | null;
  pending: number;
  oldest_pending_s: number | null;
  dead: number;
}

new client.Gauge({
  name: 'silkgate_outbox_backlog',
  help: 'Outbox work waiting: messages not yet fanned out to endpoints, webhook deliveries pending',
  labelNames: ['queue'] as const,
  aggregator: 'max',
  async collect() {
    const rows = await queues();
    if (!rows) return;
    this.set({ queue: 'messages' }, rows.unfanned);
    this.set({ queue: 'deliveries' }, rows.pending);
  },
});

new client.Gauge({
  name: 'silkgate_outbox_oldest_age_seconds',
  help: 'Age of the oldest message not fanned out / delivery pending (0 when none)',
  labelNames: ['queue'] as const,
  aggregator: 'max',
  async collect() {
    const rows = await queues();
    if (!rows) return;
    this.set({ queue: 'messages' }, rows.oldest_unfanned_s ?? 0);
    this.set({ queue: 'deliveries' }, rows.oldest_pending_s ?? 0);
  },
});

new client.Gauge({
  name: 'silkgate_webhook_dead_letters',
  help: 'Webhook deliveries dead-lettered (DEAD)',
  aggregator: 'max',
  async collect() {
    const rows = await queues();
    if (rows) this.set(rows.dead);
  },
});

new client.Gauge({
  name: 'silkgate_webhook_endpoints',
  help: 'Webhook endpoints by circuit state (CLOSED, OPEN, HALF_OPEN)',
  labelNames: ['circuit'] as const,
  aggregator: 'max',
  async collect() {
    if (!observed) return;
    const rows = await observed.query<{ circuit_state: string; n: number }>(
      `SELECT circuit_state, count(*)::int AS n FROM webhook_endpoints WHERE deleted_at IS NULL GROUP BY circuit_state`,
    );
    for (const circuit of ['CLOSED', 'OPEN', 'HALF_OPEN']) this.set({ circuit }, rows.find((r) => r.circuit_state === circuit)?.n ?? 0);
  },
});

/** One read of the queues per scrape, shared by the gauges above (a scrape collects them at once). */
let recent: { at: number; rows: Promise<QueueRow | undefined> } | undefined;
function queues(): Promise<QueueRow | undefined> {
  if (!recent || Date.now() - recent.at > 1_000) recent = { at: Date.now(), rows: readQueues() };
  return recent.rows;
}

async function readQueues(): Promise<QueueRow | undefined> {
  if (!observed) return undefined;
  const [row] = await observed.query<QueueRow>(
    `SELECT (SELECT count(*) FROM outbox_messages WHERE fanned_out_at IS NULL)::int AS unfanned,
            (SELECT extract(epoch FROM now() - min(created_at)) FROM outbox_messages WHERE fanned_out_at IS NULL)::float8 AS oldest_unfanned_s,
            (SELECT count(*) FROM webhook_deliveries WHERE state = 'PENDING')::int AS pending,
            (SELECT extract(epoch FROM now() - min(created_at)) FROM webhook_deliveries WHERE state = 'PENDING')::float8 AS oldest_pending_s,
            (SELECT count(*) FROM webhook_deliveries WHERE state = 'DEAD')::int AS dead`,
  );
  return row;
}

/** The text of /metrics: this process's registry, or in a cluster worker every worker's, summed by the supervisor. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  if (!cluster.isWorker || !process.send) return { contentType: client.register.contentType, text: await client.register.metrics() };
  const id = Math.random().toString(36).slice(2);
  const text = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the cluster supervisor did not answer the metrics request'));
    }, 10_000);
    const onMessage = (message: { type?: string; id?: string; text?: string; error?: string }) => {
      if (message?.type !== METRICS_RESPONSE || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    process.on('message', onMessage);
    process.send!({ type: METRICS_REQUEST, id });
  });
  return { contentType: client.register.contentType, text };
}
