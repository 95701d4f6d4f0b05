import type { Queryable } from '../../db/database.js';
import type { DeclarationExtras, TransportLeg } from './edi.builders.js';

export interface DispatchRef { id: string; hubId: string; carrierId: string; state: string; dispatchNumber: string; airWaybill: string | null }

export interface ConsignmentRow {
  id: string;
  hubId: string;
  carrierId: string;
  consignmentNumber: string;
  airWaybill: string | null;
  legs: (Omit<TransportLeg, 'departureAt' | 'arrivalAt'> & { departureAt: string | null; arrivalAt: string | null })[];
  createdAt: Date;
  dispatchIds: string[];
}

const DISPATCH = `d.id, d.hub_id AS "hubId", d.carrier_id AS "carrierId", d.state, d.dispatch_number AS "dispatchNumber", d.air_waybill AS "airWaybill"`;

/** Read only: the hub owns dispatches (and their locks). */
export async function findDispatches(db: Queryable, ids: readonly string[]): Promise<DispatchRef[]> {
  return db.query<DispatchRef>(`SELECT ${DISPATCH} FROM dispatches d WHERE d.id = ANY($1::uuid[]) ORDER BY d.id`, [ids]);
}

/** Declaration fields the dispatch.closed advance data does not carry, by tracking number. */
export async function declarationExtras(db: Queryable, trackingNumbers: readonly string[]): Promise<Map<string, DeclarationExtras & { shipmentId: string }>> {
  const rows = await db.query<DeclarationExtras & { shipmentId: string; trackingNumber: string }>(
    `SELECT id AS "shipmentId", tracking_number AS "trackingNumber", declared_at AS "declaredAt", tax_id AS "taxId", customs_details AS "customsDetails"
       FROM shipments WHERE tracking_number = ANY($1::bpchar[])`,
    [trackingNumbers],
  );
  return new Map(rows.map((r) => [r.trackingNumber, r]));
}

const CONSIGNMENT = `c.id, c.hub_id AS "hubId", c.carrier_id AS "carrierId", c.consignment_number AS "consignmentNumber", c.air_waybill AS "airWaybill",
  c.legs, c.created_at AS "createdAt",
  ARRAY(SELECT cd.dispatch_id::text FROM consignment_dispatches cd JOIN dispatches d ON d.id = cd.dispatch_id
         WHERE cd.consignment_id = c.id ORDER BY d.dispatch_number) AS "dispatchIds"`;

export async function findConsignment(db: Queryable, id: string): Promise<ConsignmentRow | undefined> {
  const rows = await db.query<ConsignmentRow>(`SELECT ${CONSIGNMENT} FROM consignments c WHERE c.id = $1`, [id]);
  return rows[0];
}

export async function nextConsignmentSerial(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: string }>(`SELECT nextval('consignment_serials') AS n`);
  return Number(row.n);
}

/** Inserts the consignment and its dispatches; returns the dispatch ids already in another consignment (nothing is kept then: the caller rolls back). */
export async function insertConsignment(tx: Queryable, row: Omit<ConsignmentRow, 'createdAt'>): Promise<string[]> {
  await tx.query(
    `INSERT INTO consignments (id, hub_id, carrier_id, consignment_number, air_waybill, legs) VALUES ($1, $2, $3, $4, $5, $6::json)`,
    [row.id, row.hubId, row.carrierId, row.consignmentNumber, row.airWaybill, JSON.stringify(row.legs)],
  );
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO consignment_dispatches (dispatch_id, consignment_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT (dispatch_id) DO NOTHING RETURNING dispatch_id AS id`,
    [row.dispatchIds, row.id],
  );
  const done = new Set(inserted.map((r) => r.id));
  return row.dispatchIds.filter((id) => !done.has(id));
}

/**
 * Dispatches closed within the last `windowHours` whose PREDES/ITMATT are not published yet, oldest
 * first. The window bounds each run's reading (dispatches_closed_at); a dispatch closed before the
 * window (or before EDI was deployed) is not pushed, but can still be downloaded.
 */
export async function unpublishedDispatches(db: Queryable, limit: number, windowHours: number, now: Date): Promise<DispatchRef[]> {
  return db.query<DispatchRef>(
    `SELECT ${DISPATCH} FROM dispatches d
      WHERE d.state = 'CLOSED' AND d.closed_at > $2
        AND NOT EXISTS (SELECT 1 FROM edi_publications p WHERE p.dispatch_id = d.id)
      ORDER BY d.closed_at, d.id LIMIT $1`,
    [limit, new Date(now.getTime() - windowHours * 3_600_000).toISOString()],
  );
}

/** Records the publications; returns the ids this call recorded (a concurrent run waits on the key, then skips). */
export async function markPublished(tx: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO edi_publications (dispatch_id) SELECT unnest($1::uuid[]) ON CONFLICT (dispatch_id) DO NOTHING RETURNING dispatch_id AS id`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Parcels in receptacles, by S9 number; a receptacle is found by its S8 dispatch number and serial (S9 positions 1–20 and 21–23). */
export async function parcelsInReceptacles(db: Queryable, receptacleNumbers: readonly string[]): Promise<Map<string, string[]>> {
  const keys = receptacleNumbers.map((n) => ({ n, s8: n.slice(0, 20), serial: Number(n.slice(20, 23)) }));
  const rows = await db.query<{ s8: string; serial: number; shipmentId: string }>(
    `SELECT d.dispatch_number AS s8, r.serial, hp.shipment_id AS "shipmentId"
       FROM unnest($1::text[], $2::int[]) AS k(s8, serial)
       JOIN dispatches d ON d.dispatch_number = k.s8
       JOIN receptacles r ON r.dispatch_id = d.id AND r.serial = k.serial
       JOIN hub_parcels hp ON hp.receptacle_id = r.id
      ORDER BY hp.shipment_id`,
    [keys.map((k) => k.s8), keys.map((k) => k.serial)],
  );
  return new Map(keys.map((k) => [k.n, rows.filter((r) => r.s8 === k.s8 && r.serial === k.serial).map((r) => r.shipmentId)]));
}
