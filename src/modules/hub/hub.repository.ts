import type { Queryable } from '../../db/database.js';
import { lockForTransaction } from '../../platform/transaction.js';
import type { RowLocking } from '../shipments/shipments.repository.js';
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

export const RECEPTACLE_COLUMNS = `r.id, r.hub_id AS "hubId", r.origin_office AS "originOffice", r.destination_office AS "destinationOffice",
  r.mail_category AS "mailCategory", r.mail_subclass AS "mailSubclass", r.carrier_id AS "carrierId", r.allow_registered_mix AS "allowRegisteredMix",
  r.state, r.dispatch_id AS "dispatchId", r.serial, r.receptacle_number AS "receptacleNumber", r.item_count AS "itemCount",
  r.gross_weight_g AS "grossWeightG", r.registered_count AS "registeredCount", r.dangerous_goods_count AS "dangerousGoodsCount",
  r.opened_at AS "openedAt", r.closed_at AS "closedAt", r.version`;

export const DISPATCH_COLUMNS = `d.id, d.hub_id AS "hubId", d.dispatch_number AS "dispatchNumber", d.origin_office AS "originOffice",
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

export async function unbagHubParcel(tx: Queryable, shipmentId: string, receptacleId: string, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE hub_parcels SET receptacle_id = NULL, state = 'RECEIVED', updated_at = $3, version = version + 1
      WHERE shipment_id = $1 AND receptacle_id = $2 AND state = 'BAGGED' RETURNING 1`,
    [shipmentId, receptacleId, now.toISOString()],
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

/** Newest first, optionally one hub's and in some states: the shape of the receptacle and dispatch lists. */
export async function listByHubAndState<T>(db: Queryable, from: string, columns: string, hubId: string | undefined, states: readonly string[] | undefined, limit: number): Promise<T[]> {
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


/** Parcels bagged by consolidation, each into its receptacle: one statement. */
export async function bagHubParcels(tx: Queryable, shipmentIds: readonly string[], receptacleIds: readonly string[], now: Date): Promise<void> {
  if (shipmentIds.length === 0) return;
  await tx.query(
    `UPDATE hub_parcels hp SET receptacle_id = u.r, state = 'BAGGED', updated_at = $3, version = hp.version + 1
       FROM unnest($1::uuid[], $2::uuid[]) AS u(s, r) WHERE hp.shipment_id = u.s`,
    [shipmentIds, receptacleIds, now.toISOString()],
  );
}

export async function dispatchHubParcels(tx: Queryable, receptacleIds: readonly string[], now: Date): Promise<void> {
  await tx.query(`UPDATE hub_parcels SET state = 'DISPATCHED', updated_at = $2, version = version + 1 WHERE receptacle_id = ANY($1::uuid[])`, [receptacleIds, now.toISOString()]);
}

export interface ConsolidationCandidate {
  id: string;
  trackingNumber: string;
  weightG: number;
  destinationCountry: string;
  service: string;
  lithiumBatteries: string;
}

/**
 * Released, received, unbagged parcels of a hub received by `cutoff`, locked for bagging. On one
 * server SKIP LOCKED leaves a parcel being bagged by hand right now to that scan. A cluster refuses
 * row locks across shards: there consolidations of a hub take turns on an advisory lock, and an
 * UPDATE that changes nothing locks the parcels, waiting for a scan in flight and leaving out a
 * parcel it bagged.
 */
export async function consolidationCandidates(tx: Queryable, hubId: string, cutoff: Date, locking: RowLocking): Promise<ConsolidationCandidate[]> {
  const columns = `hp.shipment_id AS id, s.tracking_number AS "trackingNumber", hp.received_weight_g AS "weightG", s.destination_country AS "destinationCountry",
            s.service, s.lithium_batteries AS "lithiumBatteries"`;
  const waiting = `hp.hub_id = $1 AND hp.state = 'RECEIVED' AND hp.receptacle_id IS NULL AND hp.received_at <= $2 AND s.customs_status = 'RELEASED'`;
  if (locking === 'sharded') await lockForTransaction(tx, 'hub.consolidation', hubId);
  return tx.query<ConsolidationCandidate>(
    locking === 'ordered'
      ? `SELECT ${columns} FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id WHERE ${waiting} FOR UPDATE OF hp SKIP LOCKED`
      : `UPDATE hub_parcels hp SET version = hp.version FROM shipments s WHERE s.id = hp.shipment_id AND ${waiting} RETURNING ${columns}`,
    [hubId, cutoff.toISOString()],
  );
}
