import type { Queryable } from '../../db/database.js';

export interface PartitionRow {
  name: string;
  /** Exclusive upper bound; null for the DEFAULT partition. */
  upperBound: Date | null;
}

/** Creates the missing monthly partitions of `table` from the month of `from` through that of `to`. */
export async function createMonthPartitions(db: Queryable, table: string, from: Date, to: Date): Promise<number> {
  const [{ made }] = await db.query<{ made: number }>('SELECT silkgate_create_month_partitions($1, $2, $3) AS made', [table, from, to]);
  return made;
}

/** The partitions attached to `table`, with their upper bounds. */
export async function partitionsOf(db: Queryable, table: string): Promise<PartitionRow[]> {
  const rows = await db.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1) ORDER BY c.relname`,
    [table],
  );
  return rows.map((r) => {
    const upper = /TO \('([^']+)'\)/.exec(r.bound);
    return { name: r.name, upperBound: upper ? new Date(upper[1]) : null };
  });
}

export async function detachPartition(db: Queryable, table: string, partition: string): Promise<void> {
  await db.query(`ALTER TABLE ${quoteIdent(table)} DETACH PARTITION ${quoteIdent(partition)}`);
}

/** A page of a detached partition's rows as JSON text, in physical order after `afterTid`. */
export async function partitionRows(db: Queryable, partition: string, afterTid: string, limit: number): Promise<{ tid: string; json: string }[]> {
  return db.query(
    `SELECT ctid::text AS tid, row_to_json(p)::text AS json FROM ${quoteIdent(partition)} p WHERE ctid > $1::tid ORDER BY ctid LIMIT $2`,
    [afterTid, limit],
  );
}

export async function dropTable(db: Queryable, table: string): Promise<void> {
  await db.query(`DROP TABLE ${quoteIdent(table)}`);
}

/** Names come from the catalog or the code, never from a request; quoted all the same. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
