/**
 * A database on a Citus cluster for the test suite and the benchmarks (docs/scale-out.md): created on
 * the coordinator and every worker with the citus extension, the workers added, and, once migrated,
 * distributed by distribute.sql. Nothing here builds or installs Citus.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const DISTRIBUTE_SQL = path.join(path.dirname(fileURLToPath(import.meta.url)), 'distribute.sql');

/** Worker URLs from a comma-separated list (TEST_CITUS_WORKER_URLS, BENCH_CITUS_WORKER_URLS). */
export function workerUrls(list: string | undefined): string[] {
  return (list ?? '').split(',').map((u) => u.trim()).filter(Boolean);
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

const hostPort = (url: string) => {
  const u = new URL(url);
  return `'${u.hostname}', ${u.port || 5432}`;
};

/** Creates database `name` on the coordinator and every worker; returns its URL on the coordinator. */
export async function createClusterDatabase(coordinatorUrl: string, workers: readonly string[], name: string): Promise<string> {
  for (const url of [coordinatorUrl, ...workers]) {
    await on(url, `CREATE DATABASE ${name}`);
    await on(inDatabase(url, name), 'CREATE EXTENSION citus');
  }
  const url = inDatabase(coordinatorUrl, name);
  await on(url, `SELECT citus_set_coordinator_host(${hostPort(coordinatorUrl)})`);
  for (const worker of workers) await on(url, `SELECT citus_add_node(${hostPort(worker)})`);
  // The coordinator holds shards too: with one worker, two nodes share the data.
  await on(url, `SELECT citus_set_node_property(${hostPort(coordinatorUrl)}, 'shouldhaveshards', true)`);
  return url;
}

/** Runs distribute.sql on a migrated database (psql: the script uses \gexec). */
export async function distribute(databaseUrl: string): Promise<void> {
  await promisify(execFile)('psql', [databaseUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-f', DISTRIBUTE_SQL]);
}

const OBJECT_IN_USE = '55006';

/**
 * Drops database `name` on every node. FORCE waits 5 s for the sessions it terminates; on a loaded
 * machine a Citus backend took longer once and the drop failed a spec file that had passed
 * ("being accessed by other users"), so the drop is tried again a few times.
 */
export async function dropClusterDatabase(coordinatorUrl: string, workers: readonly string[], name: string): Promise<void> {
  for (const url of [coordinatorUrl, ...workers]) {
    for (let attempt = 1; ; attempt++) {
      try {
        await on(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt === 4) throw error;
      }
    }
  }
}
