import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { copyStatement, encodeCopyChunks, type CopyValue } from './copy-text.js';
import { listenPostgres, type ListenHandlers, type Listening } from './listener.js';
import { replicaReader, type ReadReplicaOptions } from './read-replicas.js';
import { dbScope } from './scope.js';
import { inDatabaseSpan, inTransactionSpan } from '../platform/tracing/spans.js';

/** Anything that runs a parameterised statement: the database itself or an open transaction. */
/** How to run one statement. */
export interface QueryOptions {
  /**
   * Name of a server-side prepared statement: parsed and planned once per connection rather than per
   * call, for the hottest reads (public tracking). Each name stands for exactly one SQL text.
   */
  prepare?: string;
}

/** pg's query config: a named statement when asked for. */
export function pgQuery(sql: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  return { text: sql, values: params as unknown[] | undefined, name: options?.prepare };
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /**
   * Appends rows with COPY, one statement whatever their number: for append-only batches (events,
   * audit, outbox, lines…). No ON CONFLICT and no RETURNING; a failing row fails the statement.
   */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Reads that may be served by a streaming replica (DATABASE_READ_URL): public tracking, lists,
   * dashboards, document rendering. They still see every write of their own request and any write
   * whose LSN the client sent back (src/db/read-replicas.ts). Without replicas, the database itself.
   * Anything that must see the latest state for a decision (a guard, a write) reads the primary.
   */
  readonly reads: Queryable;
  /** Runs fn in one transaction; inside it, use only the handle it receives (PGlite deadlocks otherwise). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations, trigger DDL). */
  exec(sql: string): Promise<void>;
  /** LISTEN on the primary for NOTIFYs on a channel (src/db/listener.ts). */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  /** True when `reads` may lag behind the primary (streaming replicas). */
  readonly readsMayLag: boolean;
  close(): Promise<void>;
  /** Connection pool use (PostgreSQL only), for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

function countQuery(): void {
  const store = dbScope.getStore();
  if (store) store.count += 1;
}

/** After a write in a request, where the primary's WAL stands: at or past that write's commit. */
async function recordWriteLsn(client: pg.Pool | pg.PoolClient): Promise<void> {
  const scope = dbScope.getStore();
  if (!scope) return;
  const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  scope.wroteLsn = rows[0].lsn;
}

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const NUMERIC_OID = 1700;

// Minor units and counts fit in 2^53; strings for int8 would leak into every caller.
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return (v: string) => Number(v);
    if (oid === INT8_ARRAY_OID) {
      const parseArray = pg.types.getTypeParser(oid as never, 'text') as (v: string) => string[];
      return (v: string) => parseArray(v).map(Number);
    }
    return pg.types.getTypeParser(oid as never, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  /** Note each request's last write position in dbScope, for reads from replicas (one query per write). */
  recordWriteLsn?: boolean;
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types: pgTypes,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const recordLsn = options.recordWriteLsn === true;
  return {
    kind: 'postgres',
    readsMayLag: false,
    listen: (channel, handlers) => listenPostgres(options.connectionString, channel, handlers),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    get reads() {
      return this;
    },
    query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return inDatabaseSpan('postgres', sql, async () => {
        countQuery();
        const result = await pool.query(pgQuery(sql, params, options));
        if (recordLsn && result.command !== 'SELECT') await recordWriteLsn(pool);
        return result.rows as T[];
      });
    },
    async copyRows(table, columns, rows) {
      if (rows.length === 0) return;
      const client = await pool.connect();
      try {
        await copyInto(client, table, columns, rows);
        if (recordLsn) await recordWriteLsn(client);
      } finally {
        client.release();
      }
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return inTransactionSpan('postgres', () => postgresTransaction(pool, recordLsn, fn));
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

/** BEGIN … COMMIT on one pooled client; a client whose ROLLBACK failed is discarded, not reused. */
async function postgresTransaction<T>(pool: pg.Pool, recordLsn: boolean, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const tx: Queryable = {
    query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return inDatabaseSpan('postgres', sql, async () => {
        countQuery();
        const result = await client.query(pgQuery(sql, params, options));
        return result.rows as R[];
      });
    },
    async copyRows(table, columns, rows) {
      if (rows.length > 0) await copyInto(client, table, columns, rows);
    },
  };
  let broken = false;
  try {
    await client.query('BEGIN');
    const value = await fn(tx);
    await client.query('COMMIT');
    if (recordLsn) await recordWriteLsn(client);
    return value;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
  const statement = copyStatement(table, columns, 'STDIN');
  return inDatabaseSpan('postgres', statement, async () => {
    countQuery();
    // UTF-8 chunks written straight to the COPY stream (one CopyData message each; it holds them until the
    // server is ready). A Readable.from + pipeline around them cost a stream and its object-mode machinery
    // per statement (bench:declare serverCpuMsPer1000 111.5 -> 103.5).
    const copy = client.query(copyFrom(statement));
    for (const chunk of encodeCopyChunks(rows)) copy.write(chunk);
    copy.end();
    await finished(copy);
  });
}

type PGliteQueryable = Pick<PGlite, 'query'>;

/** PGlite reads COPY input from a blob it exposes to the server as /dev/blob. */
async function copyIntoPGlite(target: PGliteQueryable, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const statement = copyStatement(table, columns, "'/dev/blob'");
  await inDatabaseSpan('pglite', statement, async () => {
    countQuery();
    // The chunks are Buffers of ordinary (not shared) memory, as a Blob part wants under the DOM's types too (the console type-checks this file).
    await target.query(statement, [], { blob: new Blob(encodeCopyChunks(rows) as NonNullable<ConstructorParameters<typeof Blob>[0]>) });
  });
}

/** One statement on PGlite or on one of its transactions, counted and traced. */
function queryPGlite<T>(target: PGliteQueryable, sql: string, params: readonly unknown[] | undefined): Promise<T[]> {
  return inDatabaseSpan('pglite', sql, async () => {
    countQuery();
    const result = await target.query<T>(sql, params as unknown[] | undefined);
    return result.rows;
  });
}

/** PGlite's handles as Silkgate's Queryable. */
function pgliteQueryable(target: PGliteQueryable): Queryable {
  return {
    query: (sql, params) => queryPGlite(target, sql, params),
    copyRows: (table, columns, rows) => copyIntoPGlite(target, table, columns, rows),
  };
}

export function wrapPGlite(instance: PGlite): Database {
  return {
    kind: 'pglite',
    readsMayLag: false,
    get reads() {
      return this;
    },
    ...pgliteQueryable(instance),
    async listen(channel, handlers) {
      const unlisten = await instance.listen(channel, handlers.message);
      handlers.ready();
      return {
        async currentLsn() {
          const { rows } = await instance.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
          return rows[0].lsn;
        },
        close: () => unlisten(),
      };
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return inTransactionSpan('pglite', () => instance.transaction((inner) => fn(pgliteQueryable(inner))));
    },
    async exec(sql: string) {
      await instance.exec(sql);
    },
    async close() {
      if (!instance.closed) await instance.close();
    },
  };
}

export interface PGliteOptions {
  /** Directory for the data files, or 'memory'. */
  dataDir: string;
  /** A dumped data directory (tarball) to start from, used by tests. */
  loadDataDir?: Blob;
}

export async function openPGlite(options: PGliteOptions): Promise<{ db: Database; pglite: PGlite }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dataDir = options.dataDir === 'memory' ? undefined : options.dataDir;
  if (dataDir) {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create(dataDir, {
    loadDataDir: options.loadDataDir,
    parsers: { [NUMERIC_OID]: (v: string) => v },
  });
  return { db: wrapPGlite(pglite), pglite };
}

/** A primary whose `reads` go to streaming replicas (src/db/read-replicas.ts). */
export function withReadReplicas(primaryOptions: PostgresOptions, replicas: Omit<ReadReplicaOptions, 'max'>): Database {
  const primary = openPostgres({ ...primaryOptions, recordWriteLsn: true });
  const reads = replicaReader(primary, { ...replicas, max: primaryOptions.max }, pgTypes);
  return {
    ...primary,
    reads,
    readsMayLag: true,
    async close() {
      await Promise.all([primary.close(), reads.close()]);
    },
  };
}

export interface DatabaseConfig {
  databaseUrl?: string;
  readUrls?: readonly string[];
  readWaitMs?: number;
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const primary = { connectionString: config.databaseUrl, max: config.poolSize };
    return config.readUrls?.length ? withReadReplicas(primary, { urls: config.readUrls, maxWaitMs: config.readWaitMs }) : openPostgres(primary);
  }
  return (await openPGlite({ dataDir: config.dataDir })).db;
}
