import { AsyncLocalStorage } from 'node:async_hooks';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { copyStatement, encodeCopyRows, type CopyValue } from './copy-text.js';

/** Anything that runs a parameterised statement: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Appends rows with COPY, one statement whatever their number: for append-only batches (events,
   * audit, outbox, lines…). No ON CONFLICT and no RETURNING; a failing row fails the statement.
   */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction; inside it, use only the handle it receives (PGlite deadlocks otherwise). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations, trigger DDL). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** Connection pool use (PostgreSQL only), for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Per-request statement counter, so tests can pin the number of queries a request makes. */
export const queryCounter = new AsyncLocalStorage<{ count: number }>();
function countQuery(): void {
  const store = queryCounter.getStore();
  if (store) store.count += 1;
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
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types: pgTypes,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async query<T>(sql: string, params?: readonly unknown[]) {
      countQuery();
      const result = await pool.query(sql, params as unknown[] | undefined);
      return result.rows as T[];
    },
    async copyRows(table, columns, rows) {
      if (rows.length === 0) return;
      const client = await pool.connect();
      try {
        await copyInto(client, table, columns, rows);
      } finally {
        client.release();
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      const tx: Queryable = {
        async query<R>(sql: string, params?: readonly unknown[]) {
          countQuery();
          const result = await client.query(sql, params as unknown[] | undefined);
          return result.rows as R[];
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
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

async function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
  countQuery();
  // The rows as one UTF-8 buffer, handed to the COPY stream whole: pg-copy-streams sends it as a single
  // CopyData message. A Readable.from + pipeline around it cost a stream, its object-mode machinery and a
  // string-to-Buffer conversion inside Writable per statement (bench:declare serverCpuMsPer1000 111.5 -> 103.5).
  const data = Buffer.from(encodeCopyRows(rows));
  const copy = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
  copy.end(data);
  await finished(copy);
}

type PGliteQueryable = Pick<PGlite, 'query'>;

/** PGlite reads COPY input from a blob it exposes to the server as /dev/blob. */
async function copyIntoPGlite(target: PGliteQueryable, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  countQuery();
  await target.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([encodeCopyRows(rows)]) });
}

export function wrapPGlite(instance: PGlite): Database {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: readonly unknown[]) {
      countQuery();
      const result = await instance.query<T>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    copyRows: (table, columns, rows) => copyIntoPGlite(instance, table, columns, rows),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return instance.transaction(async (inner) =>
        fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            countQuery();
            const result = await inner.query<R>(sql, params as unknown[] | undefined);
            return result.rows;
          },
          copyRows: (table, columns, rows) => copyIntoPGlite(inner, table, columns, rows),
        }),
      );
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

export async function openDatabase(config: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  if (config.databaseUrl) return openPostgres({ connectionString: config.databaseUrl, max: config.poolSize });
  return (await openPGlite({ dataDir: config.dataDir })).db;
}
