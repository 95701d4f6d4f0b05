/**
 * Test databases. Global setup migrates and seeds once; each test file then gets its own copy:
 * on PGlite a snapshot of the data directory, on PostgreSQL (TEST_DATABASE_URL) a database
 * created from a template. Both are dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPGlite, openPostgres, type Database } from '../../src/db/database.js';
import { citusWorkerUrls, createCitusDatabase, dropCitusDatabase, prepareCitusDatabase } from './citus.js';

export const SNAPSHOT_ENV = 'SILKGATE_TEST_SNAPSHOT';
export const TEMPLATE_ENV = 'SILKGATE_TEST_TEMPLATE_DB';

/** How every test database is prepared: the demo seeded, bulk calls up to 5,000. */
export const TEST_SETTINGS = { seedDemo: true, adminKey: undefined, maxBulkDeclarations: 5000 };

export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  db: Database;
  /** Connection string, when the store is a PostgreSQL server (child processes can join it). */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = serverUrl();
  if (url) {
    const template = process.env[TEMPLATE_ENV];
    if (!template) throw new Error('global setup did not create the template database');
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    const citus = citusWorkerUrls().length > 0;
    if (citus) await createCitusDatabase(url, name);
    else await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const dbUrl = withDatabase(url, name);
    const open = () => openPostgres({ connectionString: dbUrl, max: 10 });
    const db = citus ? await prepareCitusDatabase(dbUrl, TEST_SETTINGS, open) : open();
    return {
      db,
      url: dbUrl,
      async drop() {
        await db.close().catch(() => undefined);
        if (citus) await dropCitusDatabase(url, name);
        else await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const snapshot = process.env[SNAPSHOT_ENV];
  if (!snapshot) throw new Error('global setup did not write the PGlite snapshot');
  const { db } = await openPGlite({ dataDir: 'memory', loadDataDir: new Blob([await readFile(snapshot)]) });
  return { db, drop: () => db.close() };
}
