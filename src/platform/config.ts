/** Configuration from the environment; every knob is listed in the README's table. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  dbPoolSize: number;
  adminKey?: string;
  logLevel: string;
  bodyLimit: string;
  maxBulkDeclarations: number;
  /** Load the demo organisations and keys from seed/demo.json at start (default: on for the embedded database). */
  seedDemo: boolean;
  /** Outbound webhooks (carriers module). */
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
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

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: intFrom(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: env.SILKGATE_DATA_DIR || './.silkgate/data',
    dbPoolSize: intFrom(env, 'SILKGATE_DB_POOL_SIZE', 10),
    adminKey: env.SILKGATE_ADMIN_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: env.SILKGATE_BODY_LIMIT || '8mb',
    maxBulkDeclarations: intFrom(env, 'SILKGATE_MAX_BULK', 5000),
    seedDemo: env.SILKGATE_DEMO ? env.SILKGATE_DEMO !== 'false' : !databaseUrl,
    webhooks: {
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
  };
}
