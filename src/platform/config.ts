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
  };
}
