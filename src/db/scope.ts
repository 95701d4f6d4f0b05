import { AsyncLocalStorage } from 'node:async_hooks';

/** What the database layer keeps per HTTP request. */
export interface DbScope {
  /** Statements run, so tests can pin the number of queries a request makes. */
  count: number;
  /** Of those, statements a replica answered. */
  replicaReads?: number;
  /** The earliest position a replica had replayed to (as last probed) when it answered one of them; null: unknown. */
  replicaReadLsn?: string | null;
  /** The LSN of the client's last write (x-silkgate-lsn): replica reads wait for it. */
  readAfterLsn?: string | null;
  /** The primary's WAL position after this request's last write (only recorded when replicas are configured). */
  wroteLsn?: string | null;
}
export const dbScope = new AsyncLocalStorage<DbScope>();
