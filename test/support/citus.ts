/**
 * Test databases on a Citus cluster (docs/scale-out.md): with TEST_CITUS_WORKER_URLS set beside
 * TEST_DATABASE_URL (the coordinator), each test file gets a database of its own on every node, with
 * the citus extension and the workers added, migrated, distributed by scripts/citus/distribute.sql and
 * seeded. A template database cannot serve here: its shards would live in the template's databases.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import type { prepareDatabase } from '../../src/app/bootstrap.js';
import type { Database } from '../../src/db/database.js';

export function citusWorkerUrls(): string[] {
  return (process.env.TEST_CITUS_WORKER_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
}

async function on(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function inDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates database `name` on the coordinator and every worker, with citus and the workers added. */
export async function createCitusDatabase(coordinatorUrl: string, name: string): Promise<string> {
  const workers = citusWorkerUrls();
  for (const url of [coordinatorUrl, ...workers]) {
    await on(url, `CREATE DATABASE ${name}`);
    await on(inDatabase(url, name), 'CREATE EXTENSION citus');
  }
  const coordinator = new URL(coordinatorUrl);
  const statements = [`SELECT citus_set_coordinator_host('${coordinator.hostname}', ${coordinator.port || 5432})`];
  for (const w of workers.map((u) => new URL(u))) statements.push(`SELECT citus_add_node('${w.hostname}', ${w.port || 5432})`);
  // The coordinator holds shards too: two nodes share the data, as the trial did.
  statements.push(`SELECT citus_set_node_property('${coordinator.hostname}', ${coordinator.port || 5432}, 'shouldhaveshards', true)`);
  for (const sql of statements) await on(inDatabase(coordinatorUrl, name), sql);
  return inDatabase(coordinatorUrl, name);
}

/** Migrates, distributes (psql runs the script, which uses \gexec) and seeds a new Citus database. */
export async function prepareCitusDatabase(db: Database, url: string, settings: Parameters<typeof prepareDatabase>[1]): Promise<void> {
  // Loaded here, not at the top: global teardown imports this file to drop databases, and the
  // application's modules register metrics that global setup has registered already.
  const [{ migrate }, { prepareDatabase }, { pino }] = await Promise.all([import('../../src/db/migrate.js'), import('../../src/app/bootstrap.js'), import('pino')]);
  await migrate(db);
  await promisify(execFile)('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', 'scripts/citus/distribute.sql']);
  await prepareDatabase(db, settings, pino({ level: 'silent' }));
}

export async function dropCitusDatabase(coordinatorUrl: string, name: string): Promise<void> {
  for (const url of [coordinatorUrl, ...citusWorkerUrls()]) await on(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
