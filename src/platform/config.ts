import { systemClock, type Clock } from './clock.js';
import os from 'node:os';
import { tracingConfigFrom, type TracingConfig } from './tracing/tracing-config.js';

/** Configuration from the environment; every knob is listed in the README's table. */
export interface Config {
  /** Where hub and customs read the time; specs pass a manualClock instead of sleeping. */
  clock: Clock;
  port: number;
  /** HTTP server processes (src/platform/cluster.ts); more than 1 needs databaseUrl. */
  workers: number;
  /** V8 old-space limit of each cluster worker in MiB (--max-old-space-size); 0 leaves V8's own, sized from the machine's RAM. */
  workerHeapMiB: number;
  /** How far (per cent) a cluster worker's old space may grow past what survived its last full collection (--heap-growing-percent); 0 leaves V8's own. */
  workerHeapGrowthPercent: number;
  host: string;
  databaseUrl?: string;
  /** Streaming replicas for reads that may lag (DATABASE_READ_URL, comma-separated); needs databaseUrl. */
  readDatabaseUrls: string[];
  /** How long a read that must see a client's write waits for a replica before it reads the primary. */
  readReplicaWaitMs: number;
  dataDir: string;
  dbPoolSize: number;
  adminKey?: string;
  logLevel: string;
  bodyLimit: string;
  /** Large GraphQL requests (bulk calls) a process runs at once; the rest wait, unread, in arrival order (src/app/large-request-gate.ts). */
  largeRequests: { atOnce: number; minBytes: number };
  maxBulkDeclarations: number;
  /**
   * Load the demo organisations and their public keys from seed/demo.json: SILKGATE_DEMO=true, or
   * unset on the embedded PGlite sandbox (`npm start` with no DATABASE_URL); never by default with DATABASE_URL.
   */
  seedDemo: boolean;
  /** NODE_ENV=production: a production server refuses to start while a demo key works, unless seedDemo. */
  production: boolean;
  /** Hub inbound: a measured weight further than max(grams, percent of declared) from the declared gross weight is a discrepancy. */
  hubWeightToleranceGrams: number;
  hubWeightTolerancePercent: number;
  /** Highest gross weight of one receptacle (bag), in grams. */
  receptacleMaxWeightGrams: number;
  /** Dwell-time thresholds in hours; a parcel still in the hub past each raises one alert. */
  hubDwellThresholdsHours: number[];
  /** How often the dwell-time job runs (Agenda interval). */
  hubDwellCheckEvery: string;
  /** Run scheduled jobs (Agenda) in this process; SILKGATE_SCHEDULER=off disables. */
  scheduler: boolean;
  schedulerProcessEvery: string;
  schedulerLockLifetimeMs: number;
  /** Customs green channel: how often, how many per statement, how many per run. */
  greenChannelEvery: string;
  greenChannelBatch: number;
  greenChannelMaxPerRun: number;
  /** Customs escalation: declarations under review longer than this are flagged in the queue. */
  escalateAfterMinutes: number;
  escalationEvery: string;
  /** Outbound webhooks (carriers module). */
  webhooks: WebhookConfig;
  /** Partitioned histories: months of partitions made ahead, where expired ones are exported, how often. */
  historyMonthsAhead: number;
  historyArchiveDir: string;
  historyEvery: string;
  /** GET /api/track: seconds a shared cache may serve a timeline without revalidating (0: always revalidate). */
  trackCacheSeconds: number;
  /** Anonymous `track` answers each worker keeps until their parcel changes (src/app/response-cache.ts); 0: off. */
  responseCacheEntries: number;
  /** Longest an unchanged cached answer is served (a backstop for changes nobody announces). */
  responseCacheMaxAgeSeconds: number;
  /** Abuse limits on GraphQL documents (src/app/query-limits.ts). */
  queryLimits: QueryLimitsConfig;
  /** Request rates per key and per address (src/app/rate-limits.ts). */
  rateLimits: RateLimitsConfig;
  /** HTTP server timeouts: headers, the whole request (body included), an idle kept-alive connection. */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  /** OpenTelemetry spans over OTLP, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/platform/tracing/). */
  tracing: TracingConfig;
}

/** Points per window; 0 switches a limit off. */
export interface RateLimitsConfig {
  /** Counters in Redis (shared by every worker and machine); unset: in this process's memory. */
  redisUrl?: string;
  /** Prefix of the counters' Redis keys: deployments sharing one Redis keep apart. */
  redisPrefix: string;
  windowSeconds: number;
  /** Requests with a bad API key per client address. */
  badKeys: number;
  /** Requests per API key. */
  perKey: number;
  /** Root fields (track look-ups …) of anonymous requests per client address. */
  anonymous: number;
  /** Bulk mutation calls (a list of inputs) per API key. */
  bulk: number;
}

/** Who may introspect the schema: everyone, callers with an API key, or nobody. */
export type IntrospectionPolicy = 'on' | 'authenticated' | 'off';

export interface QueryLimitsConfig {
  maxAliases: number;
  maxDepth: number;
  maxDirectives: number;
  maxTokens: number;
  /** Most a query may cost: each field 1 plus its children, times the items a list can return. */
  maxCost: number;
  /** Items counted for a list field that takes no `first` or `max`. */
  defaultListSize: number;
  introspection: IntrospectionPolicy;
}

/** How outbound webhooks are POSTed (src/modules/webhooks/webhook-transport.ts). */
export type WebhookTransportName = 'fetch' | 'undici';

export interface WebhookConfig {
  /** How webhooks are POSTed: undici's request API (default: about twice the throughput, see README) or Node's built-in fetch. */
  transport: WebhookTransportName;
  /** Allow endpoint URLs that resolve to private, loopback or link-local addresses (tests, local demos). */
  allowPrivateUrls: boolean;
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Consecutive failed attempts that open an endpoint's circuit; the cool-down before a probe. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Deliveries claimed per batch and batches in flight per worker. */
  batchSize: number;
  lanes: number;
}

function transportFrom(raw: string | undefined): WebhookTransportName {
  if (!raw || raw === 'undici') return 'undici';
  if (raw === 'fetch') return 'fetch';
  throw new Error(`SILKGATE_WEBHOOK_TRANSPORT must be fetch or undici, got "${raw}"`);
}

function introspectionFrom(raw: string | undefined, nodeEnv: string | undefined): IntrospectionPolicy {
  // Off for anonymous callers of a production server unless told otherwise; GraphiQL with a key still works.
  if (!raw) return nodeEnv === 'production' ? 'authenticated' : 'on';
  if (raw === 'on' || raw === 'authenticated' || raw === 'off') return raw;
  throw new Error(`SILKGATE_INTROSPECTION must be on, authenticated or off, got "${raw}"`);
}

function demoFrom(raw: string | undefined, databaseUrl: string | undefined): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw) throw new Error(`SILKGATE_DEMO must be true or false, got "${raw}"`);
  return !databaseUrl;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function intListFrom(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
  return [...new Set(values)].sort((a, b) => a - b);
}

function workersFrom(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): number {
  const raw = env.SILKGATE_WORKERS;
  const workers = !raw ? 1 : raw === 'auto' ? os.availableParallelism() : Number(raw);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`SILKGATE_WORKERS must be a positive integer or auto, got "${raw}"`);
  // PGlite is a database inside one process: a second process cannot open it.
  if (workers > 1 && !databaseUrl) {
    throw new Error(`SILKGATE_WORKERS=${raw} (${workers} processes) needs DATABASE_URL: the embedded PGlite database serves one process only`);
  }
  return workers;
}

function readUrlsFrom(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): string[] {
  const urls = (env.DATABASE_READ_URL ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length > 0 && !databaseUrl) throw new Error('DATABASE_READ_URL (read replicas) needs DATABASE_URL: replicas follow a PostgreSQL primary');
  return urls;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: intFrom(env, 'PORT', 4000),
    workers: workersFrom(env, databaseUrl),
    workerHeapMiB: intFrom(env, 'SILKGATE_WORKER_HEAP_MIB', 0),
    workerHeapGrowthPercent: intFrom(env, 'SILKGATE_WORKER_HEAP_GROWTH_PERCENT', 75),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    readDatabaseUrls: readUrlsFrom(env, databaseUrl),
    readReplicaWaitMs: intFrom(env, 'SILKGATE_READ_WAIT_MS', 100),
    dataDir: env.SILKGATE_DATA_DIR || './.silkgate/data',
    dbPoolSize: intFrom(env, 'SILKGATE_DB_POOL_SIZE', 10),
    adminKey: env.SILKGATE_ADMIN_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: env.SILKGATE_BODY_LIMIT || '8mb',
    largeRequests: { atOnce: intFrom(env, 'SILKGATE_LARGE_REQUESTS', 2), minBytes: intFrom(env, 'SILKGATE_LARGE_REQUEST_KIB', 64) * 1024 },
    maxBulkDeclarations: intFrom(env, 'SILKGATE_MAX_BULK', 5000),
    seedDemo: demoFrom(env.SILKGATE_DEMO, databaseUrl),
    production: (env.NODE_ENV ?? process.env.NODE_ENV) === 'production',
    hubWeightToleranceGrams: intFrom(env, 'SILKGATE_HUB_WEIGHT_TOLERANCE_G', 50),
    hubWeightTolerancePercent: intFrom(env, 'SILKGATE_HUB_WEIGHT_TOLERANCE_PCT', 10),
    receptacleMaxWeightGrams: intFrom(env, 'SILKGATE_RECEPTACLE_MAX_WEIGHT_G', 30_000),
    hubDwellThresholdsHours: intListFrom(env, 'SILKGATE_HUB_DWELL_HOURS', [24, 48, 72]),
    hubDwellCheckEvery: env.SILKGATE_HUB_DWELL_EVERY || '15 minutes',
    clock: systemClock,
    scheduler: (env.SILKGATE_SCHEDULER || 'on') !== 'off',
    schedulerProcessEvery: env.SILKGATE_SCHEDULER_PROCESS_EVERY || '5 seconds',
    schedulerLockLifetimeMs: intFrom(env, 'SILKGATE_SCHEDULER_LOCK_LIFETIME_MS', 60_000),
    greenChannelEvery: env.SILKGATE_GREEN_CHANNEL_EVERY || '10 seconds',
    greenChannelBatch: intFrom(env, 'SILKGATE_GREEN_CHANNEL_BATCH', 5000) || 5000,
    greenChannelMaxPerRun: intFrom(env, 'SILKGATE_GREEN_CHANNEL_MAX_PER_RUN', 100_000) || 100_000,
    escalateAfterMinutes: intFrom(env, 'SILKGATE_CUSTOMS_ESCALATE_AFTER_MINUTES', 240),
    escalationEvery: env.SILKGATE_CUSTOMS_ESCALATION_EVERY || '1 minute',
    historyMonthsAhead: intFrom(env, 'SILKGATE_HISTORY_MONTHS_AHEAD', 3),
    historyArchiveDir: env.SILKGATE_HISTORY_ARCHIVE_DIR || './.silkgate/history-archive',
    historyEvery: env.SILKGATE_HISTORY_EVERY || '6 hours',
    trackCacheSeconds: intFrom(env, 'SILKGATE_TRACK_CACHE_SECONDS', 0),
    responseCacheEntries: intFrom(env, 'SILKGATE_RESPONSE_CACHE_ENTRIES', 5_000),
    responseCacheMaxAgeSeconds: intFrom(env, 'SILKGATE_RESPONSE_CACHE_MAX_AGE_SECONDS', 3_600),
    webhooks: {
      transport: transportFrom(env.SILKGATE_WEBHOOK_TRANSPORT),
      allowPrivateUrls: env.SILKGATE_WEBHOOK_ALLOW_PRIVATE === 'true',
      timeoutMs: intFrom(env, 'SILKGATE_WEBHOOK_TIMEOUT_MS', 10_000),
      maxAttempts: intFrom(env, 'SILKGATE_WEBHOOK_MAX_ATTEMPTS', 12),
      backoffBaseMs: intFrom(env, 'SILKGATE_WEBHOOK_BACKOFF_BASE_MS', 5_000),
      backoffMaxMs: intFrom(env, 'SILKGATE_WEBHOOK_BACKOFF_MAX_MS', 6 * 3_600_000),
      breakerThreshold: intFrom(env, 'SILKGATE_WEBHOOK_BREAKER_THRESHOLD', 10),
      breakerCooldownMs: intFrom(env, 'SILKGATE_WEBHOOK_BREAKER_COOLDOWN_MS', 60_000),
      batchSize: intFrom(env, 'SILKGATE_WEBHOOK_BATCH', 200),
      lanes: intFrom(env, 'SILKGATE_WEBHOOK_LANES', 4),
    },
    queryLimits: {
      maxAliases: intFrom(env, 'SILKGATE_QUERY_MAX_ALIASES', 30),
      maxDepth: intFrom(env, 'SILKGATE_QUERY_MAX_DEPTH', 12),
      maxDirectives: intFrom(env, 'SILKGATE_QUERY_MAX_DIRECTIVES', 20),
      maxTokens: intFrom(env, 'SILKGATE_QUERY_MAX_TOKENS', 5_000),
      maxCost: intFrom(env, 'SILKGATE_QUERY_MAX_COST', 200_000),
      defaultListSize: intFrom(env, 'SILKGATE_QUERY_LIST_SIZE', 10),
      introspection: introspectionFrom(env.SILKGATE_INTROSPECTION, env.NODE_ENV ?? process.env.NODE_ENV),
    },
    rateLimits: {
      redisUrl: env.REDIS_URL || undefined,
      redisPrefix: env.SILKGATE_RATE_REDIS_PREFIX || 'silkgate:rl',
      windowSeconds: intFrom(env, 'SILKGATE_RATE_WINDOW_S', 60) || 60,
      badKeys: intFrom(env, 'SILKGATE_RATE_BAD_KEYS', 20),
      perKey: intFrom(env, 'SILKGATE_RATE_PER_KEY', 3_000),
      anonymous: intFrom(env, 'SILKGATE_RATE_ANONYMOUS', 300),
      bulk: intFrom(env, 'SILKGATE_RATE_BULK', 600),
    },
    timeouts: {
      headersMs: intFrom(env, 'SILKGATE_HEADERS_TIMEOUT_MS', 10_000),
      requestMs: intFrom(env, 'SILKGATE_REQUEST_TIMEOUT_MS', 120_000),
      keepAliveMs: intFrom(env, 'SILKGATE_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    },
    tracing: tracingConfigFrom(env),
  };
}
