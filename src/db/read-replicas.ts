import pg from 'pg';
import { pgQuery, type Queryable, type QueryOptions } from './database.js';
import { dbScope } from './scope.js';
import { earlierLsn, laterLsn, lsnReached } from './lsn.js';
import { inDatabaseSpan } from '../platform/tracing/spans.js';

export interface ReadReplicaOptions {
  /** Connection strings of the streaming replicas (DATABASE_READ_URL). */
  urls: readonly string[];
  /** Pool size per replica. */
  max?: number;
  /** How long a read that must see a write waits for a replica to replay it before it reads the primary. */
  maxWaitMs?: number;
  /** A replica's state (up, still a replica, replayed up to) is trusted this long before it is asked again. */
  probeEveryMs?: number;
  /** Pause between two probes while a fenced read waits. */
  pollMs?: number;
  now?: () => number;
}

interface ReplicaState {
  checkedAt: number;
  /** Reachable and in recovery: a promoted server has its own history from then on, so it serves no reads. */
  usable: boolean;
  replayedLsn: string | null;
}

class Replica {
  readonly pool: pg.Pool;
  state: ReplicaState = { checkedAt: -Infinity, usable: false, replayedLsn: null };
  private probing?: Promise<ReplicaState>;

  constructor(url: string, max: number, types: pg.CustomTypesConfig | undefined) {
    this.pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 2_000 });
    this.pool.on('error', () => undefined);
  }

  /** One round trip; concurrent callers share it. */
  probe(now: number): Promise<ReplicaState> {
    this.probing ??= this.pool
      .query<{ recovering: boolean; lsn: string | null }>('SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS lsn')
      .then(
        ({ rows: [row] }) => ({ checkedAt: now, usable: row.recovering, replayedLsn: row.lsn }),
        () => ({ checkedAt: now, usable: false, replayedLsn: null }),
      )
      .then((state) => {
        this.state = state;
        this.probing = undefined;
        return state;
      });
    return this.probing;
  }
}

/**
 * Errors that say "this replica cannot answer now" rather than "this statement is wrong": no
 * connection (no SQLSTATE, class 08), shutting down (57P), too many connections (53300), a database
 * it has not replayed the creation of yet (3D000), or a query cancelled by a conflict with replay
 * (40001). The read goes to the primary instead.
 */
function replicaUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57P') || code === '53300' || code === '3D000' || code === '40001';
}

export interface ReplicaReader extends Queryable {
  close(): Promise<void>;
}

/**
 * Reads that may be served by a streaming replica. A read inside a request that wrote, or whose client
 * sent the LSN of its last write (dbScope's readAfterLsn), is served by a replica only once that replica
 * has replayed past it — waiting at most maxWaitMs — and otherwise by the primary. A replica that is
 * down, lagging past the wait, or promoted serves nothing; the primary answers and nothing fails.
 */
export function replicaReader(primary: Queryable, options: ReadReplicaOptions, types?: pg.CustomTypesConfig): ReplicaReader {
  const replicas = options.urls.map((url) => new Replica(url, options.max ?? 10, types));
  const maxWaitMs = options.maxWaitMs ?? 100;
  const probeEveryMs = options.probeEveryMs ?? 1_000;
  const pollMs = options.pollMs ?? 2;
  const now = options.now ?? Date.now;
  let next = 0;

  async function current(replica: Replica): Promise<ReplicaState> {
    const t = now();
    return t - replica.state.checkedAt >= probeEveryMs ? replica.probe(t) : replica.state;
  }

  /** A replica that can serve a read fenced at `lsn` (null: any usable one), or undefined. */
  async function choose(lsn: string | null): Promise<Replica | undefined> {
    const deadline = now() + maxWaitMs;
    for (let attempt = 0; ; attempt += 1) {
      for (let i = 0; i < replicas.length; i += 1) {
        const replica = replicas[(next + i) % replicas.length];
        const state = await current(replica);
        if (state.usable && (lsn === null || lsnReached(state.replayedLsn, lsn))) {
          next = (next + i + 1) % replicas.length;
          return replica;
        }
      }
      if (lsn === null || now() >= deadline || !replicas.some((r) => r.state.usable)) return undefined;
      // The cached state may just be old: ask at once, then every pollMs.
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
      await Promise.all(replicas.filter((r) => r.state.usable).map((r) => r.probe(now())));
    }
  }

  return {
    async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
      const scope = dbScope.getStore();
      const fence = laterLsn(scope?.readAfterLsn ?? null, scope?.wroteLsn ?? null);
      const replica = await choose(fence);
      if (replica) {
        // Replay only moves forward: the answer is at least as recent as this.
        const replayed = replica.state.replayedLsn;
        try {
          const result = await inDatabaseSpan('replica', sql, () => replica.pool.query(pgQuery(sql, params, options)));
          if (scope) {
            scope.count += 1;
            scope.replicaReadLsn = scope.replicaReads ? earlierLsn(scope.replicaReadLsn ?? null, replayed) : replayed;
            scope.replicaReads = (scope.replicaReads ?? 0) + 1;
          }
          return result.rows as T[];
        } catch (error) {
          if (!replicaUnavailable(error)) throw error;
          replica.state = { checkedAt: now(), usable: false, replayedLsn: null };
        }
      }
      return primary.query<T>(sql, params, options);
    },
    copyRows() {
      return Promise.reject(new Error('a replica takes no writes: copy rows on the primary'));
    },
    async close() {
      await Promise.all(replicas.map((r) => r.pool.end()));
    },
  };
}
