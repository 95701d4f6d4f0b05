/**
 * Reads from a real streaming replica (scripts/replica.sh), with the primary as the fallback:
 * replay paused (lag), replica stopped, replica promoted. Run with `npm run test:replica` on a machine
 * whose PostgreSQL has the replica on 5433; .ci/run starts it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { onReplica, replicaCtl, startReplicatedServer, type ReplicatedServer } from '../support/replica.js';
import { KEYS } from '../support/test-server.js';

const TRACK = `query ($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { trackingNumber events { code } } } }`;
const LIST = `{ shipments(first: 5) { edges { node { trackingNumber } } } }`;

let server: ReplicatedServer;
let databaseName: string;

async function declare(): Promise<{ trackingNumber: string; lsn: string | null }> {
  const res = await server.gql(DECLARE_ONE, { input: declarationInput() }, { key: KEYS.seller });
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return { trackingNumber: res.data.declareShipment.trackingNumber, lsn: res.headers.get('x-silkgate-lsn') };
}

async function track(trackingNumber: string, lsn?: string | null) {
  const res = await server.gql(TRACK, { n: trackingNumber }, { lsn });
  expect(res.errors).toBeUndefined();
  return { typename: res.data.track.__typename as string, fromReplica: Number(res.headers.get('x-db-replica-reads') ?? 0) > 0 };
}

beforeAll(async () => {
  server = await startReplicatedServer(1_000);
  databaseName = new URL(server.database.url!).pathname.slice(1);
});

afterAll(async () => {
  await server?.stop();
});

describe('reads from a streaming replica', () => {
  it('serves public tracking from the replica, and a write answers with its WAL position', async () => {
    const { trackingNumber, lsn } = await declare();
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(await track(trackingNumber, lsn)).toEqual({ typename: 'Tracking', fromReplica: true });
  });

  describe('while the replica lags (replay paused)', () => {
    beforeAll(async () => {
      await onReplica(databaseName, 'SELECT pg_wal_replay_pause()');
    });
    afterAll(async () => {
      await onReplica(databaseName, 'SELECT pg_wal_replay_resume()');
    });

    it('a client without a write position may read the older state from the replica', async () => {
      const { trackingNumber } = await declare();
      expect(await track(trackingNumber)).toEqual({ typename: 'TrackingNotFound', fromReplica: true });
    });

    it('a client that sends its write position reads its write: from the primary once the bounded wait is over', async () => {
      const { trackingNumber, lsn } = await declare();
      expect(await track(trackingNumber, lsn)).toEqual({ typename: 'Tracking', fromReplica: false });
    });

    it('the mutation itself returns the parcel with its events, though the replica has not replayed it', async () => {
      const res = await server.gql(DECLARE_ONE, { input: declarationInput() }, { key: KEYS.seller });
      expect(res.data.declareShipment.events.map((e: { code: string }) => e.code)).toContain('SGA');
    });
  });

  it('once replay resumes, a fenced read waits for the replica instead of going to the primary', async () => {
    await onReplica(databaseName, 'SELECT pg_wal_replay_pause()');
    const { trackingNumber, lsn } = await declare();
    await onReplica(databaseName, 'SELECT pg_wal_replay_resume()');
    expect(await track(trackingNumber, lsn)).toEqual({ typename: 'Tracking', fromReplica: true });
  });

  describe('with the replica down', () => {
    beforeAll(() => replicaCtl('stop'));
    afterAll(() => replicaCtl('start'));

    it('reads fall back to the primary and nothing fails', async () => {
      const { trackingNumber, lsn } = await declare();
      expect(await track(trackingNumber)).toEqual({ typename: 'Tracking', fromReplica: false });
      expect(await track(trackingNumber, lsn)).toEqual({ typename: 'Tracking', fromReplica: false });
      const list = await server.gql(LIST, {}, { key: KEYS.seller });
      expect(list.errors).toBeUndefined();
      expect(list.data.shipments.edges.length).toBeGreaterThan(0);
    });
  });

  it('reads the replica again once it is back', async () => {
    const { trackingNumber, lsn } = await declare();
    expect(await track(trackingNumber, lsn)).toEqual({ typename: 'Tracking', fromReplica: true });
  });

  describe('after the replica is promoted', () => {
    beforeAll(async () => {
      await onReplica(databaseName, 'SELECT pg_promote(true, 30)');
    });
    // The promoted server has its own history now: clone the replica again for whoever runs next.
    afterAll(() => replicaCtl('rebuild'), 120_000);

    it('serves no reads: a promoted server no longer follows the primary', async () => {
      const { trackingNumber } = await declare();
      expect(await track(trackingNumber)).toEqual({ typename: 'Tracking', fromReplica: false });
    });
  });
});
