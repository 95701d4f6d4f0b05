/** Shared plumbing for benchmarks: a throwaway database on a PostgreSQL server and a server child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { request } from 'undici';
import { createClusterDatabase, distribute, dropClusterDatabase, workerUrls } from '../scripts/citus/cluster.js';
import { openPostgres } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { cpuSecondsOf, peakRssKiBOf, serverPids, workerPids } from '../scripts/proc.js';

export const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway database for one benchmark. With BENCH_CITUS_WORKER_URLS set, SERVER_URL is a Citus
 * coordinator and the database is created on every node, migrated and distributed before the server
 * seeds it (scripts/citus/cluster.ts).
 */
export async function withBenchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `silkgate_bench_${randomBytes(4).toString('hex')}`;
  const workers = workerUrls(process.env.BENCH_CITUS_WORKER_URLS);
  if (workers.length) {
    const url = await createClusterDatabase(SERVER_URL, workers, name);
    const db = openPostgres({ connectionString: url, max: 2 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await distribute(url);
  } else {
    await admin(`CREATE DATABASE ${name}`);
  }
  try {
    return await fn(databaseUrl(name));
  } finally {
    if (workers.length) await dropClusterDatabase(SERVER_URL, workers, name);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/**
 * CPU time so far of the PostgreSQL backends serving one database, per backend pid: readable when the
 * server runs on this machine (as it does for the benchmarks); an empty map otherwise.
 */
export async function databaseBackendCpu(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
    return new Map(rows.map((r) => [r.pid, cpuSecondsOf(r.pid)]));
  } finally {
    await client.end();
  }
}

/** CPU seconds the database's backends used between two readings of databaseBackendCpu. */
export function backendCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

export interface BenchServer {
  url: string;
  process: ChildProcess;
  /** Peak resident set size of the server so far (VmHWM), in MiB, summed over its process and its live cluster workers. */
  peakRssMiB(): number;
  /** The highest peak RSS (VmHWM) of one cluster worker, in MiB; the process itself when it runs unclustered. */
  workerPeakRssMiB(): number;
  /** CPU time (user + system) the server has used so far, in seconds, summed over its process and its live cluster workers. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` as its own process (so its memory is measured alone) and waits until it says it
 * serves (a cluster's supervisor says so once every worker listens: measuring from the first would
 * hand that one every connection the load generator opens) and /readyz answers.
 * BENCH_SERVER_NODE_ARGS are passed to node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const port = 4300 + Math.floor(Math.random() * 500);
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SILKGATE_DEMO: 'true', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  let announced = false;
  // Read to the end (so the server never blocks on a full pipe), looked at until the line comes.
  child.stdout!.on('data', (chunk: Buffer) => {
    if (announced) return;
    stdout += chunk.toString('utf8');
    announced = /^Silkgate on http:/m.test(stdout);
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to three minutes: on a shared machine a cluster's preparation child and workers load slowly.
  for (let i = 0; i < 1800; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if (announced && (await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    peakRssMiB() {
      return Math.round(sum(serverPids(child.pid!).map(peakRssKiBOf)) / 1024);
    },
    workerPeakRssMiB() {
      const workers = workerPids(child.pid!);
      return Math.round(Math.max(...(workers.length ? workers : [child.pid!]).map(peakRssKiBOf)) / 1024);
    },
    cpuSeconds() {
      return sum(serverPids(child.pid!).map(cpuSecondsOf));
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * One GraphQL POST. The load generator shares the machine's cores with the server it measures, so it
 * uses undici's request API, which costs about half the CPU per call of Node's `fetch`.
 */
export async function postGraphQL(url: string, key: string, body: string): Promise<any> {
  const res = await request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  const json = (await res.body.json()) as { errors?: unknown[] };
  if (res.statusCode !== 200 || json.errors) throw new Error(`GraphQL call failed (${res.statusCode}): ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json;
}

/**
 * With BENCH_STATEMENTS set (a server with pg_stat_statements loaded and the extension created in
 * its maintenance database): the statements of this database that took the most time since the
 * last call, then a reset. Lets a benchmark say which statements a stage spends its time in.
 */
export async function topStatements(databaseUrl: string, limit = 8): Promise<{ ms: number; calls: number; rows: number; query: string }[]> {
  if (!process.env.BENCH_STATEMENTS) return [];
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ ms: number; calls: number; rows: number; query: string }>(
      `SELECT round(s.total_exec_time)::int AS ms, s.calls::int, s.rows::int, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 ORDER BY s.total_exec_time DESC LIMIT $2`,
      [name, limit],
    );
    await client.query('SELECT pg_stat_statements_reset()');
    return rows;
  } finally {
    await client.end();
  }
}
