import type { Queryable } from '../../db/database.js';
import { parseS9 } from '../../standards/s9.js';
import { actorId, type Actor } from '../auth/principal.js';
import type { DispatchState, HubParcelState, ReceptacleState } from './hub.state-machine.js';

export interface HubLocationRow {
  hubId: string;
  code: string;
  zone: string;
  aisle: string;
  bin: string;
  kind: string;
}

/** A shipment as the hub sees it, with its hub row when it has been received. */
export interface HubShipmentRow {
  shipmentId: string;
  hubId: string;
  trackingNumber: string;
  sellerOrgId: string;
  service: string;
  destinationCountry: string;
  customsStatus: string;
  lithiumBatteries: string;
  declaredWeightG: number;
  /** null until received. */
  state: HubParcelState | null;
  locationCode: string | null;
  receivedWeightG: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  receivedAt: Date | null;
  receptacleId: string | null;
  version: number | null;
}

export type HubParcelRow = HubShipmentRow & {
  state: HubParcelState;
  locationCode: string;
  receivedWeightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  receivedAt: Date;
  version: number;
};

export interface ReceptacleRow {
  id: string;
  hubId: string;
  originOffice: string;
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  carrierId: string;
  allowRegisteredMix: boolean;
  state: ReceptacleState;
  dispatchId: string | null;
  serial: number | null;
  receptacleNumber: string | null;
  itemCount: number;
  grossWeightG: number;
  registeredCount: number;
  dangerousGoodsCount: number;
  openedAt: Date;
  closedAt: Date | null;
  version: number;
}

export interface Transport {
  mode: string;
  flightNumber?: string | null;
  departureAt?: string | null;
}

export interface DispatchRow {
  id: string;
  hubId: string;
  dispatchNumber: string;
  originOffice: string;
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  year: number;
  serial: number;
  carrierId: string;
  transport: Transport;
  airWaybill: string | null;
  state: DispatchState;
  receptacleCount: number;
  deliveryBill: Record<string, unknown> | null;
  openedAt: Date;
  closedAt: Date | null;
  version: number;
}

export interface HubExceptionRow {
  id: string;
  hubId: string;
  kind: string;
  reason: string | null;
  scannedCode: string;
  shipmentId: string | null;
  declaredWeightG: number | null;
  measuredWeightG: number | null;
  locationCode: string | null;
  scanCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
}

export interface DwellAlertRow {
  shipmentId: string;
  trackingNumber: string;
  thresholdHours: number;
  hubId: string;
  receivedAt: Date;
  raisedAt: Date;
  state: HubParcelState;
  locationCode: string;
}

export const HUB_SHIPMENT_COLUMNS = `s.id AS "shipmentId", s.hub_id AS "hubId", s.tracking_number AS "trackingNumber", s.seller_org_id AS "sellerOrgId",
  s.service, s.destination_country AS "destinationCountry", s.customs_status AS "customsStatus", s.lithium_batteries AS "lithiumBatteries",
  s.gross_weight_g AS "declaredWeightG", hp.state, hp.location_code AS "locationCode", hp.received_weight_g AS "receivedWeightG",
  hp.length_mm AS "lengthMm", hp.width_mm AS "widthMm", hp.height_mm AS "heightMm", hp.received_at AS "receivedAt",
  hp.receptacle_id AS "receptacleId", hp.version`;

const RECEPTACLE_COLUMNS = `r.id, r.hub_id AS "hubId", r.origin_office AS "originOffice", r.destination_office AS "destinationOffice",
  r.mail_category AS "mailCategory", r.mail_subclass AS "mailSubclass", r.carrier_id AS "carrierId", r.allow_registered_mix AS "allowRegisteredMix",
  r.state, r.dispatch_id AS "dispatchId", r.serial, r.receptacle_number AS "receptacleNumber", r.item_count AS "itemCount",
  r.gross_weight_g AS "grossWeightG", r.registered_count AS "registeredCount", r.dangerous_goods_count AS "dangerousGoodsCount",
  r.opened_at AS "openedAt", r.closed_at AS "closedAt", r.version`;

const DISPATCH_COLUMNS = `d.id, d.hub_id AS "hubId", d.dispatch_number AS "dispatchNumber", d.origin_office AS "originOffice",
  d.destination_office AS "destinationOffice", d.mail_category AS "mailCategory", d.mail_subclass AS "mailSubclass", d.year, d.serial,
  d.carrier_id AS "carrierId", d.transport, d.air_waybill AS "airWaybill", d.state, d.receptacle_count AS "receptacleCount",
  d.delivery_bill AS "deliveryBill", d.opened_at AS "openedAt", d.closed_at AS "closedAt", d.version`;

export const EXCEPTION_COLUMNS = `e.id, e.hub_id AS "hubId", e.kind, e.reason, e.scanned_code AS "scannedCode", e.shipment_id AS "shipmentId",
  e.declared_weight_g AS "declaredWeightG", e.measured_weight_g AS "measuredWeightG", e.location_code AS "locationCode",
  e.scan_count AS "scanCount", e.first_seen_at AS "firstSeenAt", e.last_seen_at AS "lastSeenAt", e.resolved_at AS "resolvedAt"`;

// ---------- locations

export async function findLocation(db: Queryable, hubId: string, code: string): Promise<HubLocationRow | undefined> {
  const rows = await db.query<HubLocationRow>(
    'SELECT hub_id AS "hubId", code, zone, aisle, bin, kind FROM hub_locations WHERE hub_id = $1 AND code = $2',
    [hubId, code],
  );
  return rows[0];
}

export async function listLocations(db: Queryable, hubId: string): Promise<HubLocationRow[]> {
  return db.query<HubLocationRow>('SELECT hub_id AS "hubId", code, zone, aisle, bin, kind FROM hub_locations WHERE hub_id = $1 ORDER BY code', [hubId]);
}

// ---------- parcels

export async function findHubShipment(db: Queryable, trackingNumber: string): Promise<HubShipmentRow | undefined> {
  const rows = await db.query<HubShipmentRow>(
    `SELECT ${HUB_SHIPMENT_COLUMNS} FROM shipments s LEFT JOIN hub_parcels hp ON hp.shipment_id = s.id WHERE s.tracking_number = $1`,
    [trackingNumber],
  );
  return rows[0];
}

export async function hubParcelsByIds(db: Queryable, shipmentIds: readonly string[]): Promise<HubParcelRow[]> {
  return db.query<HubParcelRow>(
    `SELECT ${HUB_SHIPMENT_COLUMNS} FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id WHERE hp.shipment_id = ANY($1::uuid[])`,
    [shipmentIds],
  );
}

export async function hubParcelsInReceptacles(db: Queryable, receptacleIds: readonly string[]): Promise<HubParcelRow[]> {
  return db.query<HubParcelRow>(
    `SELECT ${HUB_SHIPMENT_COLUMNS} FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id
      WHERE hp.receptacle_id = ANY($1::uuid[]) ORDER BY s.tracking_number`,
    [receptacleIds],
  );
}

export interface NewHubParcel {
  shipmentId: string;
  hubId: string;
  locationCode: string;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  receivedAt: Date;
}

/** True when this call received the parcel; false when it was already in the hub (a re-scan). */
export async function insertHubParcel(tx: Queryable, p: NewHubParcel): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO hub_parcels (shipment_id, hub_id, state, location_code, received_weight_g, length_mm, width_mm, height_mm, received_at, updated_at)
     VALUES ($1, $2, 'RECEIVED', $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (shipment_id) DO NOTHING RETURNING 1`,
    [p.shipmentId, p.hubId, p.locationCode, p.weightG, p.lengthMm, p.widthMm, p.heightMm, p.receivedAt.toISOString()],
  );
  return rows.length === 1;
}

export async function moveHubParcel(tx: Queryable, shipmentId: string, locationCode: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE hub_parcels SET location_code = $2, updated_at = now(), version = version + 1
      WHERE shipment_id = $1 AND state = 'RECEIVED' RETURNING 1`,
    [shipmentId, locationCode],
  );
  return rows.length === 1;
}

/** The one place a parcel enters a receptacle: only when it is in none (concurrent scans: one wins). */
export async function bagHubParcel(tx: Queryable, shipmentId: string, receptacleId: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE hub_parcels SET receptacle_id = $2, state = 'BAGGED', updated_at = now(), version = version + 1
      WHERE shipment_id = $1 AND receptacle_id IS NULL AND state = 'RECEIVED' RETURNING 1`,
    [shipmentId, receptacleId],
  );
  return rows.length === 1;
}

export async function unbagHubParcel(tx: Queryable, shipmentId: string, receptacleId: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE hub_parcels SET receptacle_id = NULL, state = 'RECEIVED', updated_at = now(), version = version + 1
      WHERE shipment_id = $1 AND receptacle_id = $2 AND state = 'BAGGED' RETURNING 1`,
    [shipmentId, receptacleId],
  );
  return rows.length === 1;
}

export interface InventoryFilter {
  locationCode?: string;
  zone?: string;
  states?: readonly string[];
  destinationCountry?: string;
  minDwellHours?: number;
}

/** Keyset page, oldest arrival first: (received_at, shipment_id) ascending; one extra row says whether more follow. */
export async function listInventory(
  db: Queryable,
  hubId: string | undefined,
  filter: InventoryFilter,
  page: { first: number; after?: { receivedAt: string; id: string } },
  now: Date,
): Promise<HubParcelRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (hubId) add((n) => `hp.hub_id = $${n}`, hubId);
  if (filter.locationCode) add((n) => `hp.location_code = $${n}`, filter.locationCode);
  if (filter.zone) add((n) => `hp.location_code LIKE $${n}`, `${filter.zone.replace(/[%_\\]/g, '')}-%`);
  if (filter.states?.length) add((n) => `hp.state = ANY($${n}::text[])`, filter.states);
  if (filter.destinationCountry) add((n) => `s.destination_country = $${n}`, filter.destinationCountry);
  if (filter.minDwellHours !== undefined) {
    add((n) => `hp.received_at <= $${n}::timestamptz`, new Date(now.getTime() - filter.minDwellHours * 3_600_000).toISOString());
  }
  if (page.after) {
    params.push(page.after.receivedAt, page.after.id);
    where.push(`(hp.received_at, hp.shipment_id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.first + 1);
  return db.query<HubParcelRow>(
    `SELECT ${HUB_SHIPMENT_COLUMNS} FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id
      WHERE ${where.join(' AND ') || 'true'} ORDER BY hp.received_at, hp.shipment_id LIMIT $${params.length}`,
    params,
  );
}

/**
 * Parcels still in the hub (received or bagged, not dispatched) by hours since they were received:
 * bucket i lies between bounds[i-1] and bounds[i] (width_bucket), one row per non-empty bucket.
 */
export async function dwellBuckets(db: Queryable, hubId: string | null, boundsHours: readonly number[], now: Date): Promise<{ bucket: number; count: number }[]> {
  return db.query(
    `SELECT width_bucket(extract(epoch FROM ($3::timestamptz - hp.received_at)) / 3600.0, $2::float8[])::int AS bucket, count(*)::int AS count
       FROM hub_parcels hp
      WHERE hp.state <> 'DISPATCHED' AND ($1::uuid IS NULL OR hp.hub_id = $1)
      GROUP BY 1`,
    [hubId, boundsHours, now.toISOString()],
  );
}

// ---------- exceptions

export interface NewHubException {
  hubId: string;
  kind: 'UNMANIFESTED' | 'WEIGHT_DISCREPANCY';
  reason: string | null;
  scannedCode: string;
  shipmentId: string | null;
  declaredWeightG: number | null;
  measuredWeightG: number | null;
  dimensionsMm: { length: number; width: number; height: number } | null;
  locationCode: string | null;
}

/** Records an exception, or counts a re-scan of one still open. */
export async function recordException(tx: Queryable, e: NewHubException): Promise<HubExceptionRow> {
  const rows = await tx.query<HubExceptionRow>(
    `INSERT INTO hub_exceptions AS e (hub_id, kind, reason, scanned_code, shipment_id, declared_weight_g, measured_weight_g, dimensions_mm, location_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
     ON CONFLICT (hub_id, kind, scanned_code) WHERE resolved_at IS NULL
     DO UPDATE SET scan_count = e.scan_count + 1, last_seen_at = now(), measured_weight_g = EXCLUDED.measured_weight_g,
                   dimensions_mm = EXCLUDED.dimensions_mm, location_code = EXCLUDED.location_code
     RETURNING ${EXCEPTION_COLUMNS}`,
    [e.hubId, e.kind, e.reason, e.scannedCode, e.shipmentId, e.declaredWeightG, e.measuredWeightG, e.dimensionsMm ? JSON.stringify(e.dimensionsMm) : null, e.locationCode],
  );
  return rows[0];
}

export async function listExceptions(db: Queryable, hubId: string | undefined, kind: string | undefined, limit: number): Promise<HubExceptionRow[]> {
  const params: unknown[] = [];
  const where: string[] = ['e.resolved_at IS NULL'];
  if (hubId) {
    params.push(hubId);
    where.push(`e.hub_id = $${params.length}`);
  }
  if (kind) {
    params.push(kind);
    where.push(`e.kind = $${params.length}`);
  }
  params.push(limit);
  return db.query<HubExceptionRow>(
    `SELECT ${EXCEPTION_COLUMNS} FROM hub_exceptions e WHERE ${where.join(' AND ')} ORDER BY e.first_seen_at DESC, e.id DESC LIMIT $${params.length}`,
    params,
  );
}

// ---------- receptacles

/** A receptacle as written by consolidation: opened now, first version. */
export type NewReceptacle = Omit<ReceptacleRow, 'openedAt' | 'version'>;

/** Inserts receptacles in one statement. */
export async function insertReceptacles(tx: Queryable, rows: readonly NewReceptacle[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof NewReceptacle>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO receptacles (id, hub_id, origin_office, destination_office, mail_category, mail_subclass, carrier_id, allow_registered_mix, state,
        dispatch_id, serial, receptacle_number, item_count, gross_weight_g, registered_count, dangerous_goods_count, closed_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::boolean[], $9::text[],
        $10::uuid[], $11::int[], $12::text[], $13::int[], $14::int[], $15::int[], $16::int[], $17::timestamptz[])`,
    [
      col('id'), col('hubId'), col('originOffice'), col('destinationOffice'), col('mailCategory'), col('mailSubclass'), col('carrierId'),
      col('allowRegisteredMix'), col('state'), col('dispatchId'), col('serial'), col('receptacleNumber'), col('itemCount'), col('grossWeightG'),
      col('registeredCount'), col('dangerousGoodsCount'), rows.map((r) => r.closedAt?.toISOString() ?? null),
    ],
  );
}

export async function findReceptacles(db: Queryable, ids: readonly string[], forUpdate = false): Promise<ReceptacleRow[]> {
  return db.query<ReceptacleRow>(
    `SELECT ${RECEPTACLE_COLUMNS} FROM receptacles r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id ${forUpdate ? 'FOR UPDATE' : ''}`,
    [ids],
  );
}

/**
 * The receptacle an S9 identifier names (set at close), found by its identity (S8 dispatch id and
 * serial) whatever its indicator and weight digits: a label printed before the dispatch closed
 * still finds the bag.
 */
export async function findReceptacleByNumber(db: Queryable, receptacleNumber: string): Promise<ReceptacleRow | undefined> {
  const parsed = parseS9(receptacleNumber);
  if (!parsed.valid) return undefined;
  const rows = await db.query<ReceptacleRow>(
    `SELECT ${RECEPTACLE_COLUMNS} FROM receptacles r JOIN dispatches d ON d.id = r.dispatch_id
      WHERE d.dispatch_number = $1::char(20) AND r.serial = $2 AND r.receptacle_number IS NOT NULL`,
    [parsed.parsed.dispatchId, parsed.parsed.receptacleSerial],
  );
  return rows[0];
}

export async function receptaclesOfDispatches(db: Queryable, dispatchIds: readonly string[], forUpdate = false): Promise<ReceptacleRow[]> {
  return db.query<ReceptacleRow>(
    `SELECT ${RECEPTACLE_COLUMNS} FROM receptacles r WHERE r.dispatch_id = ANY($1::uuid[]) ORDER BY r.dispatch_id, r.serial ${forUpdate ? 'FOR UPDATE' : ''}`,
    [dispatchIds],
  );
}

/** Newest first, optionally one hub's and in some states: the shape of the receptacle and dispatch lists. */
async function listByHubAndState<T>(db: Queryable, from: string, columns: string, hubId: string | undefined, states: readonly string[] | undefined, limit: number): Promise<T[]> {
  const [, alias] = from.split(' ');
  const params: unknown[] = [];
  const where: string[] = [];
  if (hubId) {
    params.push(hubId);
    where.push(`${alias}.hub_id = $${params.length}`);
  }
  if (states?.length) {
    params.push(states);
    where.push(`${alias}.state = ANY($${params.length}::text[])`);
  }
  params.push(limit);
  return db.query<T>(
    `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ') || 'true'} ORDER BY ${alias}.opened_at DESC, ${alias}.id LIMIT $${params.length}`,
    params,
  );
}

export function listReceptacles(db: Queryable, hubId: string | undefined, states: readonly string[] | undefined, limit: number): Promise<ReceptacleRow[]> {
  return listByHubAndState<ReceptacleRow>(db, 'receptacles r', RECEPTACLE_COLUMNS, hubId, states, limit);
}

/** Applies a content change to a receptacle's running totals (its row is locked by the caller). */
export async function adjustReceptacle(tx: Queryable, id: string, delta: { items: number; grams: number; registered: number; dangerousGoods: number }): Promise<void> {
  await tx.query(
    `UPDATE receptacles SET item_count = item_count + $2, gross_weight_g = gross_weight_g + $3, registered_count = registered_count + $4,
            dangerous_goods_count = dangerous_goods_count + $5, updated_at = now(), version = version + 1
      WHERE id = $1`,
    [id, delta.items, delta.grams, delta.registered, delta.dangerousGoods],
  );
}

export async function assignReceptacleToDispatch(tx: Queryable, receptacleId: string, dispatchId: string, serial: number): Promise<void> {
  await tx.query('UPDATE receptacles SET dispatch_id = $2, serial = $3, updated_at = now(), version = version + 1 WHERE id = $1', [receptacleId, dispatchId, serial]);
}

export async function closeReceptacleRow(tx: Queryable, id: string, receptacleNumber: string, closedAt: Date): Promise<void> {
  await tx.query(
    `UPDATE receptacles SET state = 'CLOSED', receptacle_number = $2, closed_at = $3, updated_at = now(), version = version + 1 WHERE id = $1`,
    [id, receptacleNumber, closedAt.toISOString()],
  );
}

// ---------- dispatches

/** Takes `count` S8 serials for a key without a global lock; returns the first. May exceed 9999: the caller checks. */
export async function allocateDispatchSerials(
  tx: Queryable,
  key: { originOffice: string; destinationOffice: string; mailCategory: string; mailSubclass: string; year: number },
  count: number,
): Promise<number> {
  const rows = await tx.query<{ last: number }>(
    `INSERT INTO dispatch_serials AS d (origin_office, destination_office, mail_category, mail_subclass, year, last_serial)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (origin_office, destination_office, mail_category, mail_subclass, year)
     DO UPDATE SET last_serial = d.last_serial + EXCLUDED.last_serial
     RETURNING last_serial AS last`,
    [key.originOffice, key.destinationOffice, key.mailCategory, key.mailSubclass, key.year, count],
  );
  return rows[0].last - count + 1;
}

export type NewDispatch = Omit<DispatchRow, 'deliveryBill' | 'openedAt' | 'closedAt' | 'version' | 'state' | 'receptacleCount'> & { receptacleCount: number };

export async function insertDispatches(tx: Queryable, rows: readonly NewDispatch[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof NewDispatch>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO dispatches (id, hub_id, dispatch_number, origin_office, destination_office, mail_category, mail_subclass, year, serial, carrier_id,
        transport, air_waybill, receptacle_count, state)
     SELECT *, 'OPEN' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::uuid[],
        $11::jsonb[], $12::text[], $13::int[])`,
    [
      col('id'), col('hubId'), col('dispatchNumber'), col('originOffice'), col('destinationOffice'), col('mailCategory'), col('mailSubclass'),
      col('year'), col('serial'), col('carrierId'), rows.map((r) => JSON.stringify(r.transport)), col('airWaybill'), col('receptacleCount'),
    ],
  );
}

export async function findDispatches(db: Queryable, ids: readonly string[], forUpdate = false): Promise<DispatchRow[]> {
  return db.query<DispatchRow>(`SELECT ${DISPATCH_COLUMNS} FROM dispatches d WHERE d.id = ANY($1::uuid[]) ORDER BY d.id ${forUpdate ? 'FOR UPDATE' : ''}`, [ids]);
}

/** The dispatch with this S8 identifier, if any. */
export async function findDispatchByNumber(db: Queryable, dispatchNumber: string): Promise<DispatchRow | undefined> {
  const rows = await db.query<DispatchRow>(`SELECT ${DISPATCH_COLUMNS} FROM dispatches d WHERE d.dispatch_number = $1`, [dispatchNumber]);
  return rows[0];
}

export async function openDispatchesOfHub(tx: Queryable, hubId: string, forUpdate = false): Promise<DispatchRow[]> {
  return tx.query<DispatchRow>(
    `SELECT ${DISPATCH_COLUMNS} FROM dispatches d WHERE d.hub_id = $1 AND d.state = 'OPEN' ORDER BY d.opened_at, d.serial ${forUpdate ? 'FOR UPDATE' : ''}`,
    [hubId],
  );
}

export function listDispatches(db: Queryable, hubId: string | undefined, states: readonly string[] | undefined, limit: number): Promise<DispatchRow[]> {
  return listByHubAndState<DispatchRow>(db, 'dispatches d', DISPATCH_COLUMNS, hubId, states, limit);
}

/** Next receptacle serial of an open dispatch, or undefined when it is closed or has 999 already. */
export async function takeReceptacleSerials(tx: Queryable, dispatchId: string, count: number): Promise<number | undefined> {
  const rows = await tx.query<{ last: number }>(
    `UPDATE dispatches SET receptacle_count = receptacle_count + $2, updated_at = now(), version = version + 1
      WHERE id = $1 AND state = 'OPEN' AND receptacle_count + $2 <= 999 RETURNING receptacle_count AS last`,
    [dispatchId, count],
  );
  return rows[0] ? rows[0].last - count + 1 : undefined;
}

/** Audit records `hub.parcel.bagged` for many parcels in one statement (same shape as appendAudit writes). */
export async function appendBaggedAudit(tx: Queryable, actor: Actor, shipmentIds: readonly string[], receptacleIds: readonly string[], requestId?: string): Promise<void> {
  if (shipmentIds.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id, after, request_id)
     SELECT $1, $2, 'hub.parcel.bagged', 'shipment', u.s::text, json_build_object('state', 'BAGGED', 'receptacleId', u.r), $5
       FROM unnest($3::uuid[], $4::uuid[]) AS u(s, r)`,
    [actor.kind, actorId(actor), shipmentIds, receptacleIds, requestId ?? null],
  );
}
