import type { Queryable } from '../../db/database.js';
import type { RowLocking } from '../shipments/shipments.repository.js';
import { EXCEPTION_COLUMNS, HUB_SHIPMENT_COLUMNS, type HubExceptionRow, type HubShipmentRow, type NewHubException, type NewHubParcel } from './hub.repository.js';

/** SQL of the floor's scans (receive, move, bag): one statement per table, whatever the number of parcels. */

/** Of these location codes, those the hub has. */
export async function knownLocations(db: Queryable, hubId: string, codes: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>('SELECT code FROM hub_locations WHERE hub_id = $1 AND code = ANY($2::text[])', [hubId, codes]);
  return new Set(rows.map((r) => r.code));
}

/** Shipments by tracking number as the hub sees them, with their hub row once received (bpchar: see itemsByTrackingNumber in carriers). */
export async function hubShipmentsByNumber(db: Queryable, numbers: readonly string[]): Promise<Map<string, HubShipmentRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.query<HubShipmentRow>(
    `SELECT ${HUB_SHIPMENT_COLUMNS} FROM shipments s LEFT JOIN hub_parcels hp ON hp.shipment_id = s.id WHERE s.tracking_number = ANY($1::bpchar[])`,
    [numbers],
  );
  return new Map(rows.map((r) => [r.trackingNumber, r]));
}

/** Receives parcels; returns the shipment ids received now (a parcel received before is left as it is). */
export async function insertHubParcels(tx: Queryable, rows: readonly NewHubParcel[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <K extends keyof NewHubParcel>(k: K) => rows.map((r) => r[k]);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO hub_parcels (shipment_id, hub_id, state, location_code, received_weight_g, length_mm, width_mm, height_mm, received_at, updated_at)
     SELECT u.s, u.h, 'RECEIVED', u.l, u.w, u.a, u.b, u.c, u.t, u.t
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::timestamptz[]) AS u(s, h, l, w, a, b, c, t)
     ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id AS id`,
    [col('shipmentId'), col('hubId'), col('locationCode'), col('weightG'), col('lengthMm'), col('widthMm'), col('heightMm'), rows.map((r) => r.receivedAt.toISOString())],
  );
  return new Set(inserted.map((r) => r.id));
}

/**
 * Records exceptions, one row per (kind, scanned code): a code scanned again counts up its open
 * exception. `scans` is how many times this call saw it; the caller merges a call's repeats.
 */
export async function recordExceptions(tx: Queryable, rows: readonly (NewHubException & { scans: number })[]): Promise<HubExceptionRow[]> {
  if (rows.length === 0) return [];
  const col = <K extends keyof (NewHubException & { scans: number })>(k: K) => rows.map((r) => r[k]);
  return tx.query<HubExceptionRow>(
    `INSERT INTO hub_exceptions AS e (hub_id, kind, reason, scanned_code, shipment_id, declared_weight_g, measured_weight_g, dimensions_mm, location_code, scan_count)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::int[], $8::jsonb[], $9::text[], $10::int[])
     ON CONFLICT (hub_id, kind, scanned_code) WHERE resolved_at IS NULL
     DO UPDATE SET scan_count = e.scan_count + EXCLUDED.scan_count, last_seen_at = EXCLUDED.last_seen_at, measured_weight_g = EXCLUDED.measured_weight_g,
                   dimensions_mm = EXCLUDED.dimensions_mm, location_code = EXCLUDED.location_code
     RETURNING ${EXCEPTION_COLUMNS}`,
    [col('hubId'), col('kind'), col('reason'), col('scannedCode'), col('shipmentId'), col('declaredWeightG'), col('measuredWeightG'),
      rows.map((r) => (r.dimensionsMm ? JSON.stringify(r.dimensionsMm) : null)), col('locationCode'), col('scans')],
  );
}

/**
 * Moves received, unbagged parcels; returns the ids moved with where each was before. The rows are
 * locked before their old location is read: on one server by a sub-select in id order, on a
 * cluster (which refuses FOR UPDATE across shards) by an UPDATE that changes nothing.
 */
export async function moveHubParcels(tx: Queryable, ids: readonly string[], codes: readonly string[], now: Date, locking: RowLocking): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const params = [ids, codes, now.toISOString()];
  if (locking === 'ordered') {
    const rows = await tx.query<{ id: string; before: string }>(
      `UPDATE hub_parcels hp SET location_code = u.code, updated_at = $3, version = hp.version + 1
         FROM unnest($1::uuid[], $2::text[]) AS u(id, code),
              (SELECT shipment_id, location_code FROM hub_parcels WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id FOR UPDATE) old
        WHERE hp.shipment_id = u.id AND old.shipment_id = u.id AND hp.state = 'RECEIVED'
        RETURNING hp.shipment_id AS id, old.location_code AS before`,
      params,
    );
    return new Map(rows.map((r) => [r.id, r.before]));
  }
  const held = await tx.query<{ id: string; before: string }>(
    'UPDATE hub_parcels SET version = version WHERE shipment_id = ANY($1::uuid[]) RETURNING shipment_id AS id, location_code AS before',
    [ids],
  );
  const before = new Map(held.map((r) => [r.id, r.before]));
  const moved = await tx.query<{ id: string }>(
    `UPDATE hub_parcels hp SET location_code = u.code, updated_at = $3, version = hp.version + 1
       FROM unnest($1::uuid[], $2::text[]) AS u(id, code)
      WHERE hp.shipment_id = u.id AND hp.state = 'RECEIVED'
      RETURNING hp.shipment_id AS id`,
    params,
  );
  return new Map(moved.map((r) => [r.id, before.get(r.id)!]));
}

/**
 * Bags parcels into one receptacle, each only while it is in none (the guarded bagging update):
 * of two concurrent scans of a parcel into two bags, one wins. Returns the ids bagged.
 */
export async function bagHubParcels(tx: Queryable, ids: readonly string[], receptacleId: string, now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    `UPDATE hub_parcels SET receptacle_id = $2, state = 'BAGGED', updated_at = $3, version = version + 1
      WHERE shipment_id = ANY($1::uuid[]) AND receptacle_id IS NULL AND state = 'RECEIVED' RETURNING shipment_id AS id`,
    [ids, receptacleId, now.toISOString()],
  );
  return new Set(rows.map((r) => r.id));
}
