/**
 * The status owner writes a large change in chunks, in id order, inside the caller's transaction:
 * every parcel moves with its audit record and message, and one refused move still rolls back the
 * chunks written before it. A small chunk size stands in for the 5,000 of production. Plain changes
 * get their audit records and messages from the updating statement itself; they read exactly as
 * those a caller's journal writes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeJournal } from '../../src/modules/journal/change-journal.js';
import { ShipmentStatusOwner } from '../../src/modules/shipments/shipment-status.service.js';
import { rowLockingOf } from '../../src/modules/shipments/shipments.repository.js';
import type { StatusChange, StatusChangeContext } from '../../src/modules/shipments/shipment-status.port.js';
import { declare } from '../support/hub-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let owner: ShipmentStatusOwner;
beforeAll(async () => {
  server = await startTestServer();
  // Row locking as the server's own status owner does it (a Citus cluster takes no FOR UPDATE across shards).
  owner = new ShipmentStatusOwner({ chunk: 3, locking: await rowLockingOf(server.database.db) });
});
afterAll(async () => {
  await server?.stop();
});

const context: StatusChangeContext = { actor: { kind: 'system', name: 'system:spec' }, source: 'hub', now: new Date() };

async function parcels(count: number): Promise<string[]> {
  const numbers = await declare(server, count);
  const rows = await server.database.db.query<{ id: string }>('SELECT id FROM shipments WHERE tracking_number = ANY($1) ORDER BY tracking_number', [numbers]);
  return rows.map((r) => r.id);
}

async function written(ids: string[]) {
  const [row] = await server.database.db.query<{ received: number; audit: number; outbox: number }>(
    `SELECT (SELECT count(*) FROM shipments WHERE id = ANY($1) AND status = 'RECEIVED_AT_HUB')::int AS received,
            (SELECT count(*) FROM audit_log WHERE entity_id = ANY($1::text[]) AND action = 'shipment.status_changed')::int AS audit,
            (SELECT count(*) FROM outbox_messages WHERE aggregate_id = ANY($1::text[]) AND topic = 'shipment.status_changed')::int AS outbox`,
    [ids],
  );
  return row;
}

describe('status owner in chunks', () => {
  it('moves 7 parcels in chunks of 3, each with its audit record and message, reported in one result', async () => {
    const ids = await parcels(7);
    const changes: StatusChange[] = ids.map((shipmentId) => ({ shipmentId, to: 'RECEIVED_AT_HUB' }));
    const result = await server.database.db.transaction((tx) => owner.changeStatus(tx, changes, context));
    expect(result.changed.map((c) => c.shipmentId).sort()).toEqual([...ids].sort());
    expect(result.changed.every((c) => c.edge === 'hub.receive')).toBe(true);
    expect(await written(ids)).toEqual({ received: 7, audit: 7, outbox: 7 });
  });

  it('a move the machine refuses in the third chunk rolls back the two chunks written before it', async () => {
    const ids = (await parcels(7)).sort();
    const changes: StatusChange[] = ids.map((shipmentId, i) => ({ shipmentId, to: i === 6 ? 'DISPATCHED' : 'RECEIVED_AT_HUB' }));
    await expect(server.database.db.transaction((tx) => owner.changeStatus(tx, changes, context))).rejects.toThrow(/DISPATCHED/);
    expect(await written(ids)).toEqual({ received: 0, audit: 0, outbox: 0 });
  });

  it('writes the same audit record and message whether the statement builds them or a caller\'s journal does', async () => {
    const [plain, journaled] = await parcels(2);
    const at = { ...context, requestId: 'req-spec', carrierId: null };
    await server.database.db.transaction((tx) => owner.changeStatus(tx, [{ shipmentId: plain, to: 'RECEIVED_AT_HUB' }], at));
    await server.database.db.transaction(async (tx) => {
      const journal = new ChangeJournal();
      await owner.changeStatus(tx, [{ shipmentId: journaled, to: 'RECEIVED_AT_HUB' }], { ...at, journal });
      await journal.flush(tx);
    });
    const records = await server.database.db.query<{ entityId: string; actorKind: string; actorId: string; before: unknown; after: unknown; reason: string | null; requestId: string | null }>(
      `SELECT entity_id AS "entityId", actor_kind AS "actorKind", actor_id AS "actorId", before, after, reason, request_id AS "requestId"
         FROM audit_log WHERE entity_id = ANY($1::text[]) AND action = 'shipment.status_changed' ORDER BY entity_id = $2::text`,
      [[plain, journaled], journaled],
    );
    const messages = await server.database.db.query<{ entityId: string; sellerOrgId: string; carrierId: string | null; payload: Record<string, unknown> }>(
      `SELECT aggregate_id AS "entityId", seller_org_id AS "sellerOrgId", carrier_id AS "carrierId", payload
         FROM outbox_messages WHERE aggregate_id = ANY($1::text[]) AND topic = 'shipment.status_changed' ORDER BY aggregate_id = $2::text`,
      [[plain, journaled], journaled],
    );
    expect(records.map((r) => r.entityId)).toEqual([plain, journaled]);
    const { entityId: _a, ...recordBySql } = records[0];
    const { entityId: _b, ...recordByJournal } = records[1];
    expect(recordBySql).toEqual(recordByJournal);
    expect(recordBySql).toMatchObject({ actorKind: 'system', actorId: 'system:spec', after: { status: 'RECEIVED_AT_HUB', transition: 'hub.receive' }, requestId: 'req-spec' });
    const strip = ({ entityId: _c, payload: { trackingNumber, ...payload }, ...rest }: (typeof messages)[number]) => ({ ...rest, payload, numbered: typeof trackingNumber === 'string' });
    expect(messages).toHaveLength(2);
    expect(strip(messages[0])).toEqual(strip(messages[1]));
    expect(messages[0].payload).toMatchObject({ status: 'RECEIVED_AT_HUB', transition: 'hub.receive', event: null, occurredAt: context.now.toISOString(), source: 'hub' });
  });
});
