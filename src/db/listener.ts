import pg from 'pg';

/** What a LISTEN tells its owner. */
export interface ListenHandlers {
  /** LISTEN is in effect: every NOTIFY committed from now on will be heard. */
  ready(): void;
  /** A notification's payload (after its transaction committed). */
  message(payload: string): void;
  /** The connection is gone: notifications may have been missed until ready() again. */
  lost(error: unknown): void;
}

export interface Listening {
  /** Asks the primary where its WAL stands now (at or past the commit of every notification heard so far). */
  currentLsn(): Promise<string>;
  close(): Promise<void>;
}

const RETRY_MS = 1_000;

/**
 * LISTEN on a dedicated connection to the primary (a pooled connection could be handed to another
 * statement, and PgBouncer in transaction mode does not keep LISTEN), reconnecting after a second
 * when it is lost. Notifications are only sent on the primary: replicas never deliver them.
 */
export async function listenPostgres(connectionString: string, channel: string, handlers: ListenHandlers): Promise<Listening> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'silkgate-listener' });
    let gone = false;
    const lose = (error: unknown) => {
      if (gone) return;
      gone = true;
      client = undefined;
      next.end().catch(() => undefined);
      handlers.lost(error);
      if (!closed) retry = setTimeout(() => void connect(), RETRY_MS);
    };
    next.on('error', lose);
    next.on('end', () => lose(new Error('listener connection ended')));
    next.on('notification', (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      handlers.ready();
    } catch (error) {
      lose(error);
    }
  };

  await connect();
  return {
    async currentLsn() {
      if (!client) throw new Error('not listening');
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      return rows[0].lsn;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
