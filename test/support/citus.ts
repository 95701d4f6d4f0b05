/**
 * Test databases on a Citus cluster (docs/scale-out.md): with TEST_CITUS_WORKER_URLS set beside
 * TEST_DATABASE_URL (the coordinator), each test file gets a database of its own on every node,
 * migrated, distributed by scripts/citus/distribute.sql and then seeded. A template database cannot
 * serve here: its shards would live in the template's databases on the workers.
 */
import { createClusterDatabase, distribute, dropClusterDatabase, workerUrls } from '../../scripts/citus/cluster.js';
import type { prepareDatabase } from '../../src/app/bootstrap.js';
import type { Database } from '../../src/db/database.js';

export const citusWorkerUrls = () => workerUrls(process.env.TEST_CITUS_WORKER_URLS);

export const createCitusDatabase = (coordinatorUrl: string, name: string) => createClusterDatabase(coordinatorUrl, citusWorkerUrls(), name);

export const dropCitusDatabase = (coordinatorUrl: string, name: string) => dropClusterDatabase(coordinatorUrl, citusWorkerUrls(), name);

/**
 * Migrates, distributes and seeds a new Citus database, as production would in that order, and
 * answers the pool `open` gives after distributing: distribute.sql's database settings (sequential
 * multi-shard writes) reach only connections made after it, and a connection from before it failed
 * closing a dispatch now and then ("cannot modify table dispatches because there was a parallel
 * operation on a distributed table").
 */
export async function prepareCitusDatabase(url: string, settings: Parameters<typeof prepareDatabase>[1], open: () => Database): Promise<Database> {
  // Loaded here, not at the top: global teardown imports this file to drop databases, and the
  // application's modules register metrics that global setup has registered already.
  const [{ migrate }, { prepareDatabase }, { pino }] = await Promise.all([import('../../src/db/migrate.js'), import('../../src/app/bootstrap.js'), import('pino')]);
  const migrating = open();
  try {
    await migrate(migrating);
  } finally {
    await migrating.close();
  }
  await distribute(url);
  const db = open();
  await prepareDatabase(db, settings, pino({ level: 'silent' }));
  return db;
}
