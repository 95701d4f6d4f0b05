/**
 * The streaming replica of the test server (scripts/replica.sh: 127.0.0.1:5433 replaying
 * 127.0.0.1:5432), for the replica suite (npm run test:replica). Every database created on the
 * primary appears on the replica once replayed.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { pino } from 'pino';
import { startSilkgate, type RunningSilkgate } from '../../src/app/bootstrap.js';
import { withReadReplicas } from '../../src/db/database.js';
import { loadConfig } from '../../src/platform/config.js';
import { projectPath } from '../../src/platform/paths.js';
import { createTestDatabase, withDatabase, type TestDatabase } from './test-database.js';

export const REPLICA_URL = process.env.TEST_REPLICA_URL || 'postgres://postgres@127.0.0.1:5433/postgres';

/** Runs scripts/replica.sh start|stop|rebuild (needs root, as in CI). */
export function replicaCtl(command: 'start' | 'stop' | 'rebuild'): void {
  execFileSync(projectPath('scripts', 'replica.sh'), [command], { stdio: 'ignore' });
}

export async function onReplica<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: withDatabase(REPLICA_URL, database) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Waits (bounded) until the replica has replayed everything the primary has written so far. */
export async function replicaCaughtUp(primaryUrl: string): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  try {
    const [{ lsn }] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows;
    // A fresh clone replays the template database's copy first: allow a loaded machine a minute.
    for (let i = 0; i < 1_200; i += 1) {
      const rows = await onReplica<{ ok: boolean }>('postgres', `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`).catch(() => []);
      if (rows[0]?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the replica did not replay ${lsn} within 60 s`);
  } finally {
    await primary.end();
  }
}

export interface ReplicatedServer {
  url: string;
  silkgate: RunningSilkgate;
  database: TestDatabase;
  /** POST /graphql, optionally carrying the LSN of an earlier write. */
  gql(query: string, variables?: Record<string, unknown>, options?: { key?: string; lsn?: string | null }): Promise<{ headers: Headers; data?: any; errors?: unknown[] }>;
  stop(): Promise<void>;
}

/** A Silkgate over a fresh test database on the primary, reading from the replica. */
export async function startReplicatedServer(maxWaitMs: number): Promise<ReplicatedServer> {
  const database = await createTestDatabase();
  const name = new URL(database.url!).pathname.slice(1);
  await replicaCaughtUp(database.url!);
  // Probing before every read: the spec changes the replica's state between requests.
  const db = withReadReplicas({ connectionString: database.url!, max: 4 }, { urls: [withDatabase(REPLICA_URL, name)], maxWaitMs, probeEveryMs: 0 });
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', seedDemo: false, logLevel: 'silent', scheduler: false };
  const silkgate = await startSilkgate(config, pino({ level: 'silent' }), { db });
  return {
    url: silkgate.url,
    silkgate,
    database,
    async gql(query, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (options.lsn) headers['x-silkgate-lsn'] = options.lsn;
      const res = await fetch(`${silkgate.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      return { headers: res.headers, ...body };
    },
    async stop() {
      await silkgate.stop();
      await database.drop();
    },
  };
}
