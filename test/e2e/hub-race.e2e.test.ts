import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { add, openReceptacle, readyParcels } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('two operators bagging the same parcel at once', () => {
  it('lets exactly one of two concurrent addToReceptacle calls succeed, every time', async () => {
    const rounds = 8;
    const numbers = await readyParcels(server, rounds);
    for (const n of numbers) {
      const [one, two] = [await openReceptacle(server), await openReceptacle(server)];
      const results = await Promise.all([add(server, one.id, n, KEYS.hub), add(server, two.id, n, KEYS.admin)]);
      const typenames = results.map((r) => r.__typename).sort();
      expect(typenames).toEqual(['AlreadyInReceptacle', 'Receptacle']);
      const rows = await server.database.db.query<{ id: string; item_count: number }>(
        'SELECT id, item_count FROM receptacles WHERE id = ANY($1::uuid[]) ORDER BY item_count DESC', [[one.id, two.id]]);
      expect(rows.map((r) => r.item_count)).toEqual([1, 0]);
      const [parcel] = await server.database.db.query<{ id: string; receptacle_id: string }>(
        'SELECT s.id, hp.receptacle_id FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id WHERE s.tracking_number = $1', [n]);
      expect(parcel.receptacle_id).toBe(rows[0].id);
      // By the audited id: a cluster cannot join the audit log (distributed on it) to shipments.
      const audits = await server.database.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'hub.parcel.bagged'`, [parcel.id]);
      expect(audits[0].n).toBe(1);
    }
  });
});

const CONSOLIDATE = `mutation { consolidate(input: {}) { parcelsBagged receptacles { itemCount parcels { trackingNumber } } } }`;

describe('consolidation while an operator bags the same parcels by hand', () => {
  it('puts each parcel in one bag, and every bag counts what it holds', async () => {
    const numbers = await readyParcels(server, 4);
    const bag = await openReceptacle(server);
    const [consolidated, ...added] = await Promise.all([server.gql(CONSOLIDATE, {}, KEYS.hub), ...numbers.map((n) => add(server, bag.id, n))]);
    expect(consolidated.errors).toBeUndefined();
    const byHand = numbers.filter((_n, i) => added[i].__typename === 'Receptacle');
    const bagged = consolidated.data.consolidate.receptacles.flatMap((r: { parcels: { trackingNumber: string }[] }) => r.parcels.map((p) => p.trackingNumber));
    expect([...byHand, ...bagged].sort()).toEqual([...numbers].sort());
    expect(consolidated.data.consolidate.parcelsBagged).toBe(bagged.length);
    for (const r of consolidated.data.consolidate.receptacles) expect(r.itemCount).toBe(r.parcels.length);
    const [{ item_count }] = await server.database.db.query<{ item_count: number }>('SELECT item_count FROM receptacles WHERE id = $1', [bag.id]);
    expect(item_count).toBe(byHand.length);
  });
});
