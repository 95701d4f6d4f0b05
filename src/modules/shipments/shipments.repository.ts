import type { Queryable } from '../../db/database.js';
import type { AddressInput, DeclarationLineInput } from './declaration.validation.js';
import { holdOutboxForWrite } from '../outbox/outbox.repository.js';

export interface ShipmentRow {
  id: string;
  sellerOrgId: string;
  hubId: string;
  sellerReference: string;
  trackingNumber: string;
  service: string;
  status: string;
  customsStatus: string;
  sender: AddressInput;
  addressee: AddressInput;
  originCountry: string;
  destinationCountry: string;
  category: string;
  categoryExplanation: string | null;
  grossWeightG: number;
  netWeightG: number;
  currency: string;
  totalValueMinor: number;
  valueSdrMinor: number;
  ratesDate: string;
  customsForm: string;
  lithiumBatteries: string;
  iossNumber: string | null;
  taxId: string | null;
  customsDetails: Record<string, unknown>;
  lineCount: number;
  declaredAt: Date;
  updatedAt: Date;
  version: number;
}

export interface LineRow extends DeclarationLineInput {
  shipmentId: string;
  lineNo: number;
}

export const SHIPMENT_COLUMNS = `s.id, s.seller_org_id AS "sellerOrgId", s.hub_id AS "hubId", s.seller_reference AS "sellerReference",
  s.tracking_number AS "trackingNumber", s.service, s.status, s.customs_status AS "customsStatus", s.sender, s.addressee, s.origin_country AS "originCountry",
  s.destination_country AS "destinationCountry", s.category, s.category_explanation AS "categoryExplanation",
  s.gross_weight_g AS "grossWeightG", s.net_weight_g AS "netWeightG", s.currency, s.total_value_minor AS "totalValueMinor",
  s.value_sdr_minor AS "valueSdrMinor", to_char(s.rates_date, 'YYYY-MM-DD') AS "ratesDate", s.customs_form AS "customsForm",
  s.lithium_batteries AS "lithiumBatteries", s.ioss_number AS "iossNumber", s.tax_id AS "taxId", s.customs_details AS "customsDetails",
  s.line_count AS "lineCount", s.declared_at AS "declaredAt", s.updated_at AS "updatedAt", s.version`;

/** Serials for many parcels in one round trip; sequences never hand out a number twice, even across transactions. */
export async function allocateSerials(tx: Queryable, sequenceName: string, count: number): Promise<number[]> {
  const rows = await tx.query<{ serial: number }>(
    'SELECT nextval($1::regclass) AS serial FROM generate_series(1, $2::int)',
    [sequenceName, count],
  );
  return rows.map((r) => r.serial);
}

export type NewShipment = Omit<ShipmentRow, 'declaredAt' | 'updatedAt' | 'version' | 'customsStatus'>;

/** A shipment as first written: with the status fields its declaration listeners gave it. */
export type ShipmentInsert = Omit<ShipmentRow, 'updatedAt'>;

/**
 * Of these references, those the seller has used before: one probe of the unique index per reference.
 * The sub-select keeps the planner from costing a thousand literal references as most of the table when
 * it has no statistics (as addresseeStats in customs.repository.ts explains); it then read every parcel
 * of the seller through the listing index (95 ms at 33,000 parcels, against 1.2 ms). On a Citus cluster
 * (`sharded`) the references are a plain array, which Citus prunes on: only their shards are read.
 */
export async function takenSellerReferences(tx: Queryable, sellerOrgId: string, references: readonly string[], sharded: boolean): Promise<Set<string>> {
  if (references.length === 0) return new Set();
  const refs = sharded ? '$2::text[]' : '(SELECT $2::text[])::text[]';
  const rows = await tx.query<{ ref: string }>(
    `SELECT seller_reference AS ref FROM shipment_seller_references WHERE seller_org_id = $1 AND seller_reference = ANY(${refs})`,
    [sellerOrgId, references],
  );
  return new Set(rows.map((r) => r.ref));
}

/** The constraint a seller reference used twice violates. */
export const SELLER_REFERENCE_KEY = 'shipment_seller_references_pkey';

/**
 * Writes new shipments, their keys first: a reference already used fails the statement on its key
 * (SELLER_REFERENCE_KEY), before the wide rows are sent. The keys live in tables of their own so that
 * they stay unique when shipments are sharded on their id (migration 0067, scripts/citus/distribute.sql).
 */
export async function insertShipments(tx: Queryable, shipments: readonly ShipmentInsert[]): Promise<void> {
  await tx.copyRows('shipment_seller_references', ['seller_reference', 'seller_org_id', 'shipment_id'], shipments.map((s) => [s.sellerReference, s.sellerOrgId, s.id]));
  await tx.copyRows('shipment_tracking_numbers', ['tracking_number', 'shipment_id'], shipments.map((s) => [s.trackingNumber, s.id]));
  await tx.copyRows(
    'shipments',
    ['id', 'seller_org_id', 'hub_id', 'seller_reference', 'tracking_number', 'service', 'status', 'sender', 'addressee',
      'origin_country', 'destination_country', 'category', 'category_explanation', 'gross_weight_g', 'net_weight_g', 'currency',
      'total_value_minor', 'value_sdr_minor', 'rates_date', 'customs_form', 'lithium_batteries', 'ioss_number', 'tax_id', 'customs_details', 'line_count',
      'customs_status', 'version', 'declared_at', 'updated_at'],
    shipments.map((s) => [
      s.id, s.sellerOrgId, s.hubId, s.sellerReference, s.trackingNumber, s.service, s.status, s.sender, s.addressee,
      s.originCountry, s.destinationCountry, s.category, s.categoryExplanation, s.grossWeightG, s.netWeightG, s.currency,
      s.totalValueMinor, s.valueSdrMinor, s.ratesDate, s.customsForm, s.lithiumBatteries, s.iossNumber, s.taxId, s.customsDetails, s.lineCount,
      s.customsStatus, s.version, s.declaredAt, s.declaredAt,
    ]),
  );
}

export async function insertLines(tx: Queryable, lines: readonly LineRow[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.copyRows(
    'shipment_lines',
    ['shipment_id', 'line_no', 'description', 'quantity', 'net_weight_g', 'value_minor', 'currency', 'hs_code', 'origin_country'],
    lines.map((l) => [l.shipmentId, l.lineNo, l.description, l.quantity, l.netWeightGrams, l.value.amountMinor, l.value.currency, l.hsCode, l.originCountry]),
  );
}

export async function linesForShipments(db: Queryable, shipmentIds: readonly string[]): Promise<Map<string, LineRow[]>> {
  const rows = await db.query<{ shipmentId: string; lineNo: number; description: string; quantity: number; netWeightGrams: number; valueMinor: number; currency: string; hsCode: string; originCountry: string }>(
    `SELECT shipment_id AS "shipmentId", line_no AS "lineNo", description, quantity, net_weight_g AS "netWeightGrams",
            value_minor AS "valueMinor", currency, hs_code AS "hsCode", origin_country AS "originCountry"
       FROM shipment_lines WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, line_no`,
    [shipmentIds],
  );
  const byShipment = new Map<string, LineRow[]>(shipmentIds.map((id) => [id, []]));
  for (const r of rows) {
    byShipment.get(r.shipmentId)?.push({
      shipmentId: r.shipmentId,
      lineNo: r.lineNo,
      description: r.description,
      quantity: r.quantity,
      netWeightGrams: r.netWeightGrams,
      value: { amountMinor: r.valueMinor, currency: r.currency },
      hsCode: r.hsCode,
      originCountry: r.originCountry,
    });
  }
  return byShipment;
}

/** Visibility of shipments for a caller, applied in SQL so no caller can see past it. */
export interface ShipmentScope {
  sellerOrgId?: string;
  hubId?: string;
}

function scopeClause(scope: ShipmentScope, params: unknown[]): string[] {
  const where: string[] = [];
  if (scope.sellerOrgId) {
    params.push(scope.sellerOrgId);
    where.push(`s.seller_org_id = $${params.length}`);
  }
  if (scope.hubId) {
    params.push(scope.hubId);
    where.push(`s.hub_id = $${params.length}`);
  }
  return where;
}

export async function findShipments(
  db: Queryable,
  scope: ShipmentScope,
  by: { ids?: readonly string[]; trackingNumbers?: readonly string[] },
): Promise<ShipmentRow[]> {
  const params: unknown[] = [];
  const where = scopeClause(scope, params);
  if (by.ids) {
    params.push(by.ids);
    where.push(`s.id = ANY($${params.length}::uuid[])`);
  }
  if (by.trackingNumbers) {
    params.push(by.trackingNumbers);
    where.push(`s.tracking_number = ANY($${params.length}::bpchar[])`);
  }
  return db.query<ShipmentRow>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE ${where.join(' AND ') || 'true'}`, params);
}

export interface ShipmentListFilter {
  statuses?: readonly string[];
  destinationCountry?: string;
  declaredFrom?: Date;
  declaredTo?: Date;
  sellerReference?: string;
  sellerOrganizationId?: string;
}

/** Keyset page in (declared_at DESC, id DESC) order; fetches one extra row to know whether more follow. */
export async function listShipments(
  db: Queryable,
  scope: ShipmentScope,
  filter: ShipmentListFilter,
  page: { first: number; after?: { declaredAt: string; id: string } },
): Promise<ShipmentRow[]> {
  const params: unknown[] = [];
  const where = scopeClause(scope, params);
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (filter.statuses?.length) add((n) => `s.status = ANY($${n}::text[])`, filter.statuses);
  if (filter.destinationCountry) add((n) => `s.destination_country = $${n}`, filter.destinationCountry);
  if (filter.declaredFrom) add((n) => `s.declared_at >= $${n}`, filter.declaredFrom);
  if (filter.declaredTo) add((n) => `s.declared_at < $${n}`, filter.declaredTo);
  if (filter.sellerReference) add((n) => `s.seller_reference = $${n}`, filter.sellerReference);
  if (filter.sellerOrganizationId) add((n) => `s.seller_org_id = $${n}`, filter.sellerOrganizationId);
  if (page.after) {
    params.push(page.after.declaredAt, page.after.id);
    where.push(`(s.declared_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.first + 1);
  return db.query<ShipmentRow>(
    `SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE ${where.join(' AND ') || 'true'}
      ORDER BY s.declared_at DESC, s.id DESC LIMIT $${params.length}`,
    params,
  );
}

export async function findIdempotentCall(
  tx: Queryable,
  sellerOrgId: string,
  key: string,
): Promise<{ requestHash: string; results: StoredResult[] } | undefined> {
  const rows = await tx.query<{ requestHash: string; results: StoredResult[] }>(
    'SELECT request_hash AS "requestHash", results FROM idempotency_keys WHERE seller_org_id = $1 AND idempotency_key = $2',
    [sellerOrgId, key],
  );
  return rows[0];
}

/** What a bulk call answered for one input, kept to replay it. */
export type StoredResult = { shipmentId: string } | { errorCode: string; message: string; errors: { path: string; code: string; message: string }[] };

/** Claims the key for this transaction; false when another call holds or has used it. */
export async function claimIdempotencyKey(tx: Queryable, sellerOrgId: string, key: string, requestHash: string): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (seller_org_id, idempotency_key, request_hash, results) VALUES ($1, $2, $3, '[]'::json)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [sellerOrgId, key, requestHash],
  );
  return rows.length === 1;
}

export async function storeIdempotentResults(tx: Queryable, sellerOrgId: string, key: string, results: readonly StoredResult[]): Promise<void> {
  await tx.query('UPDATE idempotency_keys SET results = $3::json WHERE seller_org_id = $1 AND idempotency_key = $2', [
    sellerOrgId,
    key,
    JSON.stringify(results),
  ]);
}

export interface AppliedStatus {
  id: string;
  from: string;
  trackingNumber: string;
  sellerOrgId: string;
}

/**
 * How the status owner holds the rows it moves. On one server the status UPDATE joins a sub-select
 * that locks them in id order first, so two callers moving overlapping parcels cannot deadlock. A
 * Citus cluster refuses FOR UPDATE across shards: there the UPDATE takes its row locks itself and
 * Citus's distributed deadlock detection breaks any cycle.
 */
export type RowLocking = 'ordered' | 'sharded';

/** 'sharded' on a database with the Citus extension (shipments distributed by scripts/citus/distribute.sql), else 'ordered'. */
export async function rowLockingOf(db: Queryable): Promise<RowLocking> {
  const [row] = await db.query<{ sharded: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS sharded`);
  return row.sharded ? 'sharded' : 'ordered';
}

/**
 * The UPDATE of a status change: moves each shipment only along an allowed pair of `legal` (keys
 * "FROM>TO", which list each status to itself too: that writes only the customs state), keeping the
 * status it had in previous_status, which RETURNING gives as `from`. On one server a sub-select locks
 * the rows in id order and reads the status the move starts from (a hash join on the key). On a
 * cluster, which refuses that, the check is an expression of the row, so PostgreSQL re-checks it on
 * the new status when a concurrent change got there first. $1–$3: ids, targets, customs states;
 * $4: legal keys, $5: their edge names; $6: the time; $`firstParam`: each row's first step, which
 * the check and the edge are of (the target itself, unless the row passes through statuses on the
 * way: the owner checks those further steps against the machine).
 */
const statusUpdate = (locking: RowLocking, firstParam: number) => {
  const from = locking === 'ordered' ? 'old.status' : 's.status';
  const check = locking === 'ordered'
    ? `JOIN (SELECT id, status FROM shipments WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE) old ON old.id = u.id
       JOIN unnest($4::text[], $5::text[]) AS l(k, edge) ON l.k = old.status || '>' || u.first
      WHERE s.id = u.id`
    : `WHERE s.id = u.id AND s.status || '>' || u.first = ANY($4::text[])`;
  const edge = locking === 'ordered' ? 'l.edge' : `($5::text[])[array_position($4::text[], s.previous_status || '>' || u.first)]`;
  return `
  UPDATE shipments s
     SET previous_status = ${from}, status = u.target, customs_status = coalesce(u.customs, s.customs_status), updated_at = $6,
         version = s.version + CASE WHEN ${from} = u.target THEN 0 ELSE 1 END
    FROM unnest($1::uuid[], $2::text[], $3::text[], $${firstParam}::text[]) AS u(id, target, customs, first)
    ${check}
   RETURNING s.id, s.previous_status AS "from", u.target AS "to", ${edge} AS edge,
             s.tracking_number AS "trackingNumber", s.seller_org_id AS "sellerOrgId"`;
};

/** `first`: each row's first step (its target unless it passes through other statuses first). */
type StatusRows = { ids: readonly string[]; to: readonly string[]; first: readonly string[]; customs: readonly (string | null)[] };
/** The legal moves as "FROM>TO" keys and, at the same index, the edge's name (null for a status to itself). */
export type LegalMoves = { keys: readonly string[]; edges: readonly (string | null)[] };

/** Moves many shipments to new statuses in one statement. Rows left out of the answer were not moved: missing, or not allowed. */
export async function applyStatusChanges(tx: Queryable, rows: StatusRows, legal: LegalMoves, now: Date, locking: RowLocking): Promise<AppliedStatus[]> {
  if (rows.ids.length === 0) return [];
  return tx.query<AppliedStatus>(statusUpdate(locking, 7), [rows.ids, rows.to, rows.customs, legal.keys, legal.edges, now.toISOString(), rows.first]);
}

/** Who a journaled status change is recorded for: its audit actor and request, and its message's topic, source and carrier. */
export interface StatusJournal {
  topic: string;
  actorKind: string;
  actorId: string;
  requestId: string | null;
  source: string;
  carrierId: string | null;
}

/**
 * applyStatusChanges for plain changes (no events, reasons or times of their own), with each actual
 * change's audit record and status-changed message written by the same statement, built in SQL as
 * journalStatusChange builds them in code: a 100,000-parcel step ships no JSON documents and reads
 * back only the rows it moved. Messages no webhook endpoint takes are stored fanned out, as enqueueOutbox does;
 * the route is asked once per distinct seller, in MATERIALIZED CTEs: otherwise the planner pushes the
 * question into the scan or inlines it into each message (a 5,000-parcel chunk ran for minutes).
 */
export async function applyStatusChangesJournaled(
  tx: Queryable,
  rows: StatusRows,
  legal: LegalMoves,
  now: Date,
  locking: RowLocking,
  journal: StatusJournal,
): Promise<AppliedStatus[]> {
  if (rows.ids.length === 0) return [];
  await holdOutboxForWrite(tx);
  return tx.query<AppliedStatus>(
    `WITH moved AS (${statusUpdate(locking, 14)}
     ), changed AS (
       SELECT * FROM moved WHERE "from" <> "to" ORDER BY id
     ), sellers AS MATERIALIZED (
       SELECT DISTINCT "sellerOrgId" AS seller FROM changed
     ), routed AS MATERIALIZED (
       SELECT array_agg(seller) AS sellers FROM sellers WHERE outbox_routed($9, seller, $11::uuid)
     ), audit AS (
       INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id, before, after, request_id)
       SELECT $7, $8, $9, 'shipment', c.id::text, json_build_object('status', c."from"), json_build_object('status', c."to", 'transition', c.edge), $10
         FROM changed c
     ), messages AS (
       INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, carrier_id, payload, fanned_out_at)
       SELECT $9, 'shipment', c.id::text, c."sellerOrgId", $11::uuid,
              json_build_object('trackingNumber', c."trackingNumber", 'previousStatus', c."from", 'status', c."to", 'transition', c.edge,
                                'event', NULL, 'occurredAt', $13::text, 'source', $12::text),
              CASE WHEN c."sellerOrgId" = ANY((SELECT sellers FROM routed)::uuid[]) THEN NULL ELSE now() END
         FROM changed c
     )
     SELECT id, "from", "trackingNumber", "sellerOrgId" FROM moved`,
    [
      rows.ids, rows.to, rows.customs, legal.keys, legal.edges, now.toISOString(),
      journal.actorKind, journal.actorId, journal.topic, journal.requestId, journal.carrierId, journal.source, now.toISOString(), rows.first,
    ],
  );
}

/**
 * Locks the shipments until the transaction ends and reads their status: in id order on one server
 * (two callers cannot deadlock); on a cluster, which refuses FOR UPDATE across shards, by an UPDATE
 * that changes nothing.
 */
export async function lockStatuses(tx: Queryable, ids: readonly string[], locking: RowLocking): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; status: string }>(
    locking === 'ordered'
      ? 'SELECT id, status FROM shipments WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE'
      : 'UPDATE shipments SET status = status WHERE id = ANY($1::uuid[]) RETURNING id, status',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Current statuses of shipments, for explaining a refused move. */
export async function statusesOf(tx: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const found = await tx.query<{ id: string; status: string }>('SELECT id, status FROM shipments WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(found.map((r) => [r.id, r.status]));
}

/** A parcel's identity, status and route: what another module checks before it acts on a parcel. */
export interface ParcelFacts {
  id: string;
  trackingNumber: string;
  status: string;
  sellerOrgId: string;
  hubId: string;
  originCountry: string;
  destinationCountry: string;
}

/** A parcel's id by its tracking number, from the key table: on a Citus cluster one shard answers it, where shipments would ask all. */
export async function shipmentIdByTrackingNumber(db: Queryable, trackingNumber: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>('SELECT shipment_id AS id FROM shipment_tracking_numbers WHERE tracking_number = $1', [trackingNumber], { prepare: 'shipments.id-by-number' });
  return row?.id;
}

export async function parcelFactsByTrackingNumber(db: Queryable, trackingNumber: string): Promise<ParcelFacts | undefined> {
  const [row] = await db.query<ParcelFacts>(
    `SELECT id, tracking_number AS "trackingNumber", status, seller_org_id AS "sellerOrgId", hub_id AS "hubId",
            origin_country AS "originCountry", destination_country AS "destinationCountry"
       FROM shipments WHERE tracking_number = $1`,
    [trackingNumber],
  );
  return row;
}

/** The origin country of each parcel a return starts for (whether its goods need re-import declaring). */
export async function originCountries(db: Queryable, shipmentIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; originCountry: string }>(`SELECT id, origin_country AS "originCountry" FROM shipments WHERE id = ANY($1::uuid[])`, [shipmentIds]);
  return new Map(rows.map((r) => [r.id, r.originCountry]));
}
