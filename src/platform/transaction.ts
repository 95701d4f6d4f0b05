import type { Database, Queryable } from '../db/database.js';

/** Thrown inside `inTransaction` to roll everything back and answer with an expected failure. */
export class Rollback<F> extends Error {
  constructor(readonly failure: F) {
    super('rolled back');
    this.name = 'Rollback';
  }
}

/**
 * The one transaction helper for expected failures: runs fn in a transaction; a `Rollback` thrown
 * inside (or a result `isFailure` recognises) rolls everything back, and the failure is the answer.
 * Anything else thrown propagates as it is.
 */
export async function inTransaction<T, F>(db: Database, fn: (tx: Queryable) => Promise<T | F>, isFailure: (result: T | F) => result is F = (_r): _r is F => false): Promise<T | F> {
  try {
    return await db.transaction(async (tx) => {
      const result = await fn(tx);
      if (isFailure(result)) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.failure as F;
    throw error;
  }
}

/**
 * Holds a lock named by `purpose` and `key` (a hub id …) until tx ends: callers that pick work by a
 * query take turns instead of picking the same rows. One coordinator hands these out, so it also
 * serves a Citus cluster, where multi-shard FOR UPDATE [SKIP LOCKED] is refused. The next statement
 * in tx reads what the previous holder committed.
 */
export async function lockForTransaction(tx: Queryable, purpose: string, key = ''): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [purpose, key]);
}
