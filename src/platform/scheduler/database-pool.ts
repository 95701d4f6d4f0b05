import type { Database } from '../../db/database.js';
import { untraced } from '../tracing/spans.js';

interface PoolResult {
  rows: unknown[];
  rowCount: number;
}

const WRITE = /^\s*(UPDATE|DELETE|INSERT)\b/i;

/** True when a parameterless string holds several statements (the backend's trigger DDL). */
function isScript(sql: string): boolean {
  return /;\s*\S/.test(sql.replace(/\$\$[\s\S]*?\$\$/g, '$$$$'));
}

/**
 * A pg.Pool-shaped adapter over Silkgate's Database, so @agendajs/postgres-backend runs on both
 * PostgreSQL and PGlite through the application's own connection handling. The backend uses
 * query(), connect() and release(); it reads rowCount after UPDATE/DELETE, which the Database
 * interface does not report, so writes without RETURNING get `RETURNING 1` and count their rows.
 */
export function poolOverDatabase(db: Database) {
  // Agenda's own polling and locking, untraced: a job's work is traced under the job's span (bootstrap.ts).
  const query = (sql: string, params?: unknown[]): Promise<PoolResult> =>
    untraced(async () => {
      if ((!params || params.length === 0) && isScript(sql)) {
        await db.exec(sql);
        return { rows: [], rowCount: 0 };
      }
      const countOnly = WRITE.test(sql) && !/\bRETURNING\b/i.test(sql);
      const rows = await db.query(countOnly ? `${sql.replace(/;\s*$/, '')} RETURNING 1` : sql, params);
      return { rows: countOnly ? [] : rows, rowCount: rows.length };
    });
  return {
    query,
    async connect() {
      return { query, release() {} };
    },
    async end() {},
    on() {},
  };
}
