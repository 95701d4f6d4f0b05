import type { Queryable } from '../../db/database.js';
import type { JsonText } from '../../db/json-text.js';
import { parseS9 } from '../../standards/s9.js';

/** A carrier's dispatches not yet acknowledged: how many, and the oldest one's closing time. */
export async function handoffBacklog(db: Queryable, carrierId: string): Promise<{ pendingCount: number; oldestPendingAt: Date | null }> {
  const rows = await db.query<{ pendingCount: number; oldestPendingAt: Date | null }>(
    `SELECT count(*)::int AS "pendingCount", min(created_at) AS "oldestPendingAt" FROM carrier_handoffs WHERE carrier_id = $1 AND state <> 'ACKNOWLEDGED'`,
    [carrierId],
  );
  return rows[0];
}

export type HandoffState = 'READY' | 'LEASED' | 'ACKNOWLEDGED';

export interface HandoffRow {
  dispatchId: string;
  carrierId: string;
  state: HandoffState;
  leaseId: string | null;
  leasedUntil: Date | null;
  leaseCount: number;
  createdAt: Date;
  acknowledgedAt: Date | null;
  receipt: HandoffReceipt | null;
  dispatchNumber: string;
}

export interface HandoffReceipt {
  receivedAt: string;
  received: string[];
  missing: string[];
  extra: string[];
}

/** The pre-advice (dispatch.closed payload): CN 38 delivery bill and ITMATT-style item data. */
export interface AdvanceData {
  dispatchNumber: string;
  carrier: string;
  deliveryBill: { receptacles: { receptacleNumber: string; weightGrams: number; itemCount: number; highest: boolean }[] } & Record<string, unknown>;
  items: (Record<string, unknown> & { trackingNumber: string; receptacleNumber: string })[];
}

const COLUMNS = `h.dispatch_id AS "dispatchId", h.carrier_id AS "carrierId", h.state, h.lease_id AS "leaseId", h.leased_until AS "leasedUntil",
  h.lease_count AS "leaseCount", h.created_at AS "createdAt", h.acknowledged_at AS "acknowledgedAt", h.receipt, d.dispatch_number AS "dispatchNumber"`;

/** The carrier's open handoffs (READY or LEASED), oldest first. */
export async function listHandoffs(db: Queryable, carrierId: string, page: { first: number; after?: { createdAt: string; id: string } }): Promise<HandoffRow[]> {
  return db.query<HandoffRow>(
    `SELECT ${COLUMNS} FROM carrier_handoffs h JOIN dispatches d ON d.id = h.dispatch_id
      WHERE h.carrier_id = $1 AND h.state <> 'ACKNOWLEDGED'
        AND ($2::timestamptz IS NULL OR (h.created_at, h.dispatch_id) > ($2::timestamptz, $3::uuid))
      ORDER BY h.created_at, h.dispatch_id LIMIT $4`,
    [carrierId, page.after?.createdAt ?? null, page.after?.id ?? null, page.first + 1],
  );
}

/**
 * Leases up to `max` claimable handoffs (READY, or LEASED with a lease expired at `now`) to the
 * caller in one statement, all under the one lease id given (one claim, one lease), until `until`.
 * SKIP LOCKED: two pollers claiming at once get disjoint batches.
 */
export async function claimHandoffs(db: Queryable, carrierId: string, max: number, lease: { id: string; now: Date; until: Date }): Promise<HandoffRow[]> {
  return db.query<HandoffRow>(
    `WITH picked AS (
       SELECT dispatch_id FROM carrier_handoffs
        WHERE carrier_id = $1 AND state <> 'ACKNOWLEDGED' AND (state = 'READY' OR leased_until <= $3)
        ORDER BY created_at, dispatch_id LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE carrier_handoffs h SET state = 'LEASED', lease_id = $4, leased_until = $5, lease_count = h.lease_count + 1
         FROM picked WHERE h.dispatch_id = picked.dispatch_id
       RETURNING h.*
     )
     SELECT ${COLUMNS} FROM leased h JOIN dispatches d ON d.id = h.dispatch_id ORDER BY h.created_at, h.dispatch_id`,
    [carrierId, max, lease.now.toISOString(), lease.id, lease.until.toISOString()],
  );
}

export async function lockHandoff(tx: Queryable, dispatchId: string): Promise<HandoffRow | undefined> {
  const rows = await tx.query<HandoffRow>(
    `SELECT ${COLUMNS} FROM carrier_handoffs h JOIN dispatches d ON d.id = h.dispatch_id WHERE h.dispatch_id = $1 FOR UPDATE OF h`,
    [dispatchId],
  );
  return rows[0];
}

/** A closed dispatch joins its carrier's queue, READY, with the advance data the carrier is handed. */
export async function insertHandoff(tx: Queryable, dispatchId: string, carrierId: string, advance: JsonText, deliveryBill: AdvanceData['deliveryBill']): Promise<void> {
  await tx.query(
    `INSERT INTO carrier_handoffs (dispatch_id, carrier_id, state, advance_data, delivery_bill) VALUES ($1, $2, 'READY', $3::json, $4::json)`,
    [dispatchId, carrierId, advance.text, JSON.stringify(deliveryBill)],
  );
}

export async function advanceData(db: Queryable, dispatchIds: readonly string[]): Promise<Map<string, AdvanceData>> {
  const rows = await db.query<{ dispatchId: string; advance: AdvanceData }>(
    `SELECT dispatch_id AS "dispatchId", advance_data AS advance FROM carrier_handoffs WHERE dispatch_id = ANY($1::uuid[]) AND advance_data IS NOT NULL`,
    [dispatchIds],
  );
  return new Map(rows.map((r) => [r.dispatchId, r.advance]));
}

/** The delivery bills alone (migration 0071): the bags without the advance data's items. */
export async function deliveryBills(db: Queryable, dispatchIds: readonly string[]): Promise<Map<string, AdvanceData['deliveryBill']>> {
  const rows = await db.query<{ dispatchId: string; bill: AdvanceData['deliveryBill'] }>(
    `SELECT dispatch_id AS "dispatchId", delivery_bill AS bill FROM carrier_handoffs WHERE dispatch_id = ANY($1::uuid[]) AND delivery_bill IS NOT NULL`,
    [dispatchIds],
  );
  return new Map(rows.map((r) => [r.dispatchId, r.bill]));
}

/** Parcels of the dispatch by receptacle number (read only: their status is locked and read through the shipments module's port). */
export async function parcelsOfDispatch(tx: Queryable, dispatchId: string): Promise<{ shipmentId: string; receptacleNumber: string }[]> {
  return tx.query(
    `SELECT hp.shipment_id AS "shipmentId", r.receptacle_number AS "receptacleNumber"
       FROM receptacles r JOIN hub_parcels hp ON hp.receptacle_id = r.id
      WHERE r.dispatch_id = $1 ORDER BY hp.shipment_id`,
    [dispatchId],
  );
}

export async function receptacleNumbersOfDispatch(tx: Queryable, dispatchId: string): Promise<string[]> {
  const rows = await tx.query<{ n: string }>(`SELECT receptacle_number AS n FROM receptacles WHERE dispatch_id = $1 ORDER BY serial`, [dispatchId]);
  return rows.map((r) => r.n);
}

export async function acknowledge(tx: Queryable, dispatchId: string, receipt: HandoffReceipt, now: Date): Promise<void> {
  await tx.query(
    `UPDATE carrier_handoffs SET state = 'ACKNOWLEDGED', acknowledged_at = $3, receipt = $2::jsonb, leased_until = NULL WHERE dispatch_id = $1`,
    [dispatchId, JSON.stringify(receipt), now.toISOString()],
  );
}

/**
 * Receptacles of closed dispatches by S9 number, with their dispatch's carrier (for receptacle
 * events), keyed by the number given. Matched on identity (S8 + serial, `s9Identity`): the printed
 * label of a dispatch's last bag still says indicator 0 after the close set it to 1.
 */
export async function receptaclesByNumber(db: Queryable, numbers: readonly string[]): Promise<Map<string, { id: string; carrierId: string | null }>> {
  const keys = numbers.flatMap((n) => {
    const parsed = parseS9(n);
    return parsed.valid ? [{ n, dispatchId: parsed.parsed.dispatchId, serial: parsed.parsed.receptacleSerial }] : [];
  });
  if (!keys.length) return new Map();
  const rows = await db.query<{ n: string; id: string; carrierId: string }>(
    `SELECT k.n, r.id, d.carrier_id AS "carrierId"
       FROM unnest($1::text[], $2::char(20)[], $3::int[]) AS k(n, dispatch_number, serial)
       JOIN dispatches d ON d.dispatch_number = k.dispatch_number JOIN receptacles r ON r.dispatch_id = d.id AND r.serial = k.serial
      WHERE d.state = 'CLOSED'`,
    [keys.map((k) => k.n), keys.map((k) => k.dispatchId), keys.map((k) => k.serial)],
  );
  return new Map(rows.map((r) => [r.n, { id: r.id, carrierId: r.carrierId }]));
}
