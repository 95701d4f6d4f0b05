import type { Queryable } from '../../db/database.js';
import { lockForTransaction } from '../../platform/transaction.js';
import type { Assessment } from '../../standards/tax/index.js';
import type { RiskHit } from './risk/risk.types.js';
import type { CustomsState, Direction } from './customs.state-machine.js';

export interface DeclarationRow {
  shipmentId: string;
  hubId: string;
  sellerOrgId: string;
  trackingNumber: string;
  destinationCountry: string;
  direction: Direction;
  state: CustomsState;
  lane: 'GREEN' | 'AMBER' | 'RED';
  score: number;
  version: number;
  regime: string;
  ruleVersion: string;
  dueCurrency: string;
  dueMinor: number;
  paidMinor: number;
  declaredAt: Date;
  assessedAt: Date;
  stateChangedAt: Date;
  escalatedAt: Date | null;
  /** When the hub received the parcel (physical presentation to customs); null before. */
  presentedAt: Date | null;
}

const COLUMNS = `d.shipment_id AS "shipmentId", d.hub_id AS "hubId", d.seller_org_id AS "sellerOrgId", s.tracking_number AS "trackingNumber",
  s.destination_country AS "destinationCountry", d.direction, d.state, d.lane, d.score, d.version, d.regime, d.rule_version AS "ruleVersion",
  d.due_currency AS "dueCurrency", d.due_minor AS "dueMinor", d.paid_minor AS "paidMinor", d.declared_at AS "declaredAt",
  d.assessed_at AS "assessedAt", d.state_changed_at AS "stateChangedAt", d.escalated_at AS "escalatedAt",
  d.presented_at AS "presentedAt"`;

export interface NewDeclaration {
  shipmentId: string;
  hubId: string;
  sellerOrgId: string;
  direction: Direction;
  state: CustomsState;
  /** 1 when assessed, 2 when the assessment also routed it to review or inspection. */
  version: number;
  lane: 'GREEN' | 'AMBER' | 'RED';
  laneRank: number;
  score: number;
  regime: string;
  ruleVersion: string;
  dueCurrency: string;
  dueMinor: number;
  addresseeKey: string;
  valueSdrMinor: number;
  cbecValueMinor: number;
  declaredAt: Date;
}

export async function insertDeclarations(tx: Queryable, rows: readonly NewDeclaration[], now: Date): Promise<void> {
  if (!rows.length) return;
  await tx.copyRows(
    'customs_declarations',
    ['shipment_id', 'hub_id', 'seller_org_id', 'direction', 'state', 'lane', 'lane_rank', 'score', 'regime', 'rule_version',
      'due_currency', 'due_minor', 'addressee_key', 'value_sdr_minor', 'cbec_value_minor', 'declared_at', 'version', 'assessed_at', 'state_changed_at', 'updated_at'],
    rows.map((r) => [
      r.shipmentId, r.hubId, r.sellerOrgId, r.direction, r.state, r.lane, r.laneRank, r.score, r.regime, r.ruleVersion,
      r.dueCurrency, r.dueMinor, r.addresseeKey, r.valueSdrMinor, r.cbecValueMinor, r.declaredAt, r.version, now, now, now,
    ]),
  );
}

/** The addressee window's rows on a cluster (see addresseeStats): one per declared parcel. */
export async function insertAddresseeKeys(tx: Queryable, rows: readonly NewDeclaration[]): Promise<void> {
  if (!rows.length) return;
  await tx.copyRows(
    'customs_addressee_declarations',
    ['addressee_key', 'declared_at', 'shipment_id', 'value_sdr_minor', 'cbec_value_minor'],
    rows.map((r) => [r.addresseeKey, r.declaredAt, r.shipmentId, r.valueSdrMinor, r.cbecValueMinor]),
  );
}

export async function insertAssessments(tx: Queryable, rows: readonly { shipmentId: string; assessment: Assessment }[]): Promise<void> {
  if (!rows.length) return;
  await tx.copyRows(
    'customs_assessments',
    ['shipment_id', 'regime', 'basis', 'rule_version', 'currency', 'value_minor', 'duty_minor', 'tax_minor', 'due_minor',
      'collected_at_sale_minor', 'lines', 'inputs', 'notes'],
    rows.map(({ shipmentId, assessment: a }) => [
      shipmentId, a.regime, a.basis, a.ruleVersion, a.currency, a.valueMinor, a.dutyMinor, a.taxMinor, a.dueMinor,
      a.collectedAtSaleMinor, a.lines, a.inputs, a.notes,
    ]),
  );
}

export async function insertRiskHits(tx: Queryable, rows: readonly { shipmentId: string; run: number; hit: RiskHit }[]): Promise<void> {
  if (!rows.length) return;
  await tx.copyRows(
    'risk_hits',
    ['shipment_id', 'run', 'code', 'weight', 'explanation', 'detail'],
    rows.map((r) => [r.shipmentId, r.run, r.hit.code, r.hit.weight, r.hit.explanation, r.hit.detail]),
  );
}

export interface AddresseeStats {
  parcels: number;
  valueSdrMinor: number;
  cbecYearMinor: number;
}

/**
 * Split-shipment window and CBEC year-to-date per addressee, for a whole batch in one query: one probe
 * of customs_declarations_addressee per key, however large the table.
 *
 * The keys are passed through a sub-select so that the planner costs them as a short list: given a
 * thousand literal keys and no column statistics (a new database, or a server that does not analyse
 * by itself) it estimates most of the table matches and scans all of it, every batch. The first
 * declared_at condition is implied by the last one; it bounds the index scan to one range per key.
 *
 * On a Citus cluster (`keyed`) the same figures come from customs_addressee_declarations (migration
 * 0073), distributed on the key, and the keys are a plain array: Citus prunes on `= ANY($1)` (not
 * through a sub-select), so a batch reads only the shards of its addressees.
 */
export async function addresseeStats(tx: Queryable, keys: readonly string[], windowHours: number, now: Date, keyed: boolean): Promise<Map<string, AddresseeStats>> {
  if (!keys.length) return new Map();
  // The window ends at `now` (the service's clock); the calendar year for China's annual CBEC limit is UTC's.
  const since = new Date(now.getTime() - windowHours * 3_600_000).toISOString();
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1)).toISOString();
  const rows = await tx.query<{ key: string; parcels: number; sdr: number; cbec: number }>(
    `SELECT addressee_key AS key,
            count(*) FILTER (WHERE declared_at > $2)::int AS parcels,
            coalesce(sum(value_sdr_minor) FILTER (WHERE declared_at > $2), 0)::bigint AS sdr,
            coalesce(sum(cbec_value_minor) FILTER (WHERE declared_at >= $3), 0)::bigint AS cbec
       FROM ${keyed ? 'customs_addressee_declarations' : 'customs_declarations'}
      WHERE addressee_key = ANY(${keyed ? '$1::text[]' : '(SELECT $1::text[])::text[]'})
        AND declared_at >= least($2::timestamptz, $3::timestamptz)
        AND (declared_at > $2 OR (addressee_key LIKE 'CN|%' AND declared_at >= $3))
      GROUP BY addressee_key`,
    [keys, since, yearStart],
  );
  return new Map(rows.map((r) => [r.key, { parcels: r.parcels, valueSdrMinor: r.sdr, cbecYearMinor: r.cbec }]));
}

export interface Scope {
  hubId?: string;
  sellerOrgId?: string;
}

function scopeWhere(scope: Scope, params: unknown[]): string[] {
  const where: string[] = [];
  if (scope.hubId) {
    params.push(scope.hubId);
    where.push(`d.hub_id = $${params.length}`);
  }
  if (scope.sellerOrgId) {
    params.push(scope.sellerOrgId);
    where.push(`d.seller_org_id = $${params.length}`);
  }
  return where;
}

/**
 * Declarations by shipment id, locked with `forUpdate`. One id is matched by equality: a Citus
 * cluster routes that to the parcel's shard, where it allows FOR UPDATE (not across shards).
 */
export async function findDeclarations(db: Queryable, scope: Scope, shipmentIds: readonly string[], forUpdate = false): Promise<DeclarationRow[]> {
  const one = shipmentIds.length === 1;
  const params: unknown[] = [one ? shipmentIds[0] : shipmentIds];
  const where = [one ? 'd.shipment_id = $1::uuid' : 'd.shipment_id = ANY($1::uuid[])', ...scopeWhere(scope, params)];
  return db.query<DeclarationRow>(
    `SELECT ${COLUMNS} FROM customs_declarations d JOIN shipments s ON s.id = d.shipment_id WHERE ${where.join(' AND ')}${forUpdate ? ' FOR UPDATE OF d' : ''}`,
    params,
  );
}

export interface QueueFilter {
  states: readonly string[];
  lanes?: readonly string[];
  escalatedOnly?: boolean;
  destinationCountry?: string;
}

export interface QueueCursor {
  laneRank: number;
  score: number;
  assessedAt: string;
  id: string;
}

/** Officer queue: lane (RED first), score (highest first), then age (oldest first); keyset paging. */
export async function queue(db: Queryable, scope: Scope, filter: QueueFilter, first: number, after?: QueueCursor): Promise<(DeclarationRow & { laneRank: number })[]> {
  const params: unknown[] = [];
  const where = scopeWhere(scope, params);
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  add((n) => `d.state = ANY($${n}::text[])`, filter.states);
  if (filter.lanes?.length) add((n) => `d.lane = ANY($${n}::text[])`, filter.lanes);
  if (filter.escalatedOnly) where.push('d.escalated_at IS NOT NULL');
  if (filter.destinationCountry) add((n) => `s.destination_country = $${n}`, filter.destinationCountry);
  if (after) {
    params.push(after.laneRank, -after.score, after.assessedAt, after.id);
    const n = params.length;
    where.push(`(d.lane_rank, -d.score, d.assessed_at, d.shipment_id) > ($${n - 3}::smallint, $${n - 2}::int, $${n - 1}::timestamptz, $${n}::uuid)`);
  }
  params.push(first + 1);
  return db.query(
    `SELECT ${COLUMNS}, d.lane_rank AS "laneRank" FROM customs_declarations d JOIN shipments s ON s.id = d.shipment_id
      WHERE ${where.join(' AND ')}
      ORDER BY d.lane_rank, d.score DESC, d.assessed_at, d.shipment_id LIMIT $${params.length}`,
    params,
  );
}

export interface LaneQueueRow {
  lane: 'GREEN' | 'AMBER' | 'RED';
  count: number;
  /** When the longest-waiting declaration in the lane was declared. */
  oldestSince: Date;
}

/**
 * Declarations in the given states per lane (RED, AMBER, GREEN), for one hub or all (null): one
 * statement, however many declarations there are. Lanes with none are left out.
 */
export async function countByLane(db: Queryable, hubId: string | null, states: readonly string[]): Promise<LaneQueueRow[]> {
  return db.query<LaneQueueRow>(
    `SELECT lane, count(*)::int AS count, min(declared_at) AS "oldestSince"
       FROM customs_declarations
      WHERE state = ANY($1::text[]) AND ($2::uuid IS NULL OR hub_id = $2)
      GROUP BY lane, lane_rank ORDER BY lane_rank`,
    [states, hubId],
  );
}

/**
 * Marks declarations presented (first receipt only); returns those marked now, with what their
 * presentation events need (no join to the shipments: a hub receipt marks up to 1,000 at a time).
 */
export async function markPresented(tx: Queryable, shipmentIds: readonly string[], at: Date): Promise<Pick<DeclarationRow, 'shipmentId' | 'hubId' | 'direction' | 'state'>[]> {
  if (!shipmentIds.length) return [];
  return tx.query(
    `UPDATE customs_declarations SET presented_at = $2, updated_at = $2
      WHERE shipment_id = ANY($1::uuid[]) AND presented_at IS NULL
      RETURNING shipment_id AS "shipmentId", hub_id AS "hubId", direction, state`,
    [shipmentIds, at.toISOString()],
  );
}

/** Moves one declaration if its version is still the expected one; undefined when another change won. */
export async function updateState(
  tx: Queryable,
  shipmentId: string,
  expectedVersion: number,
  to: CustomsState,
  now: Date,
  extra: { paidMinorDelta?: number; lane?: string; laneRank?: number; score?: number } = {},
): Promise<{ version: number } | undefined> {
  const rows = await tx.query<{ version: number }>(
    `UPDATE customs_declarations
        SET state = $3, version = version + 1, state_changed_at = $8, updated_at = $8, escalated_at = NULL,
            paid_minor = paid_minor + $4, lane = coalesce($5, lane), lane_rank = coalesce($6, lane_rank), score = coalesce($7, score)
      WHERE shipment_id = $1 AND version = $2
      RETURNING version`,
    [shipmentId, expectedVersion, to, extra.paidMinorDelta ?? 0, extra.lane ?? null, extra.laneRank ?? null, extra.score ?? null, now.toISOString()],
  );
  return rows[0];
}

/**
 * Releases up to `limit` GREEN declarations waiting in ASSESSED, oldest first, in one statement:
 * imports with duty or tax outstanding go to DUTY_DUE instead. The pick takes no row locks (a
 * cluster refuses them across shards): runs take turns on an advisory lock, and the UPDATE moves
 * only rows still GREEN in ASSESSED, so one an officer decided meanwhile is left out.
 */
export async function releaseGreenBatch(tx: Queryable, limit: number, now: Date): Promise<DeclarationRow[]> {
  await lockForTransaction(tx, 'customs.green-channel');
  return tx.query<DeclarationRow>(
    `WITH picked AS (
       SELECT shipment_id FROM customs_declarations
        WHERE state = 'ASSESSED' AND lane = 'GREEN'
        ORDER BY assessed_at LIMIT $1
     )
     UPDATE customs_declarations d
        SET state = CASE WHEN d.direction = 'IMPORT' AND d.due_minor > d.paid_minor THEN 'DUTY_DUE' ELSE 'RELEASED' END,
            version = d.version + 1, state_changed_at = $2, updated_at = $2
       FROM picked, shipments s
      WHERE d.shipment_id = picked.shipment_id AND s.id = d.shipment_id AND d.state = 'ASSESSED' AND d.lane = 'GREEN'
      RETURNING ${COLUMNS}`,
    [limit, now.toISOString()],
  );
}

/** Flags declarations under review for longer than the limit; returns the ones flagged now. */
export async function escalateStale(tx: Queryable, olderThanMinutes: number, now: Date): Promise<{ shipmentId: string; stateChangedAt: Date }[]> {
  return tx.query(
    `UPDATE customs_declarations SET escalated_at = $2, updated_at = $2
      WHERE state = 'UNDER_REVIEW' AND escalated_at IS NULL AND state_changed_at < $2::timestamptz - make_interval(mins => $1)
      RETURNING shipment_id AS "shipmentId", state_changed_at AS "stateChangedAt"`,
    [olderThanMinutes, now.toISOString()],
  );
}

export interface AssessmentRow {
  shipmentId: string;
  regime: string;
  basis: string;
  ruleVersion: string;
  currency: string;
  valueMinor: number;
  dutyMinor: number;
  taxMinor: number;
  dueMinor: number;
  collectedAtSaleMinor: number;
  lines: Assessment['lines'];
  inputs: Record<string, unknown>;
  notes: string[];
  createdAt: Date;
}

export async function latestAssessments(db: Queryable, ids: readonly string[]): Promise<AssessmentRow[]> {
  return db.query<AssessmentRow>(
    `SELECT DISTINCT ON (shipment_id) shipment_id AS "shipmentId", regime, basis, rule_version AS "ruleVersion", currency, value_minor AS "valueMinor",
            duty_minor AS "dutyMinor", tax_minor AS "taxMinor", due_minor AS "dueMinor", collected_at_sale_minor AS "collectedAtSaleMinor",
            lines, inputs, notes, created_at AS "createdAt"
       FROM customs_assessments WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, id DESC`,
    [ids],
  );
}

export interface RiskHitRow extends RiskHit {
  shipmentId: string;
  run: number;
}

/** The hits of the latest run per shipment. */
export async function latestRiskHits(db: Queryable, ids: readonly string[]): Promise<RiskHitRow[]> {
  return db.query<RiskHitRow>(
    `SELECT h.shipment_id AS "shipmentId", h.run, h.code, h.weight, h.explanation, h.detail
       FROM risk_hits h
      WHERE h.shipment_id = ANY($1::uuid[])
        AND h.run = (SELECT max(run) FROM risk_hits r WHERE r.shipment_id = h.shipment_id)
      ORDER BY h.shipment_id, h.id`,
    [ids],
  );
}

export async function maxRiskRun(tx: Queryable, shipmentId: string): Promise<number> {
  const [row] = await tx.query<{ run: number | null }>('SELECT max(run) AS run FROM risk_hits WHERE shipment_id = $1', [shipmentId]);
  return row?.run ?? 1;
}

export interface DocumentRequestRow {
  id: string;
  shipmentId: string;
  documents: string[];
  message: string;
  requestedBy: string;
  requestedAt: Date;
  response: string | null;
  documentReferences: string[] | null;
  respondedAt: Date | null;
}

const DOC_COLUMNS = `id, shipment_id AS "shipmentId", documents, message, requested_by AS "requestedBy", requested_at AS "requestedAt",
  response, document_references AS "documentReferences", responded_at AS "respondedAt"`;

export async function insertDocumentRequest(tx: Queryable, row: { id: string; shipmentId: string; documents: string[]; message: string; requestedBy: string; requestedAt: Date }): Promise<void> {
  await tx.query('INSERT INTO document_requests (id, shipment_id, documents, message, requested_by, requested_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6)', [
    row.id, row.shipmentId, JSON.stringify(row.documents), row.message, row.requestedBy, row.requestedAt.toISOString(),
  ]);
}

export async function documentRequests(db: Queryable, ids: readonly string[]): Promise<DocumentRequestRow[]> {
  return db.query<DocumentRequestRow>(`SELECT ${DOC_COLUMNS} FROM document_requests WHERE shipment_id = ANY($1::uuid[]) ORDER BY requested_at, id`, [ids]);
}

export async function findDocumentRequest(db: Queryable, id: string): Promise<DocumentRequestRow | undefined> {
  return (await db.query<DocumentRequestRow>(`SELECT ${DOC_COLUMNS} FROM document_requests WHERE id = $1`, [id]))[0];
}

/** Records the seller's answer once; false when it was already answered. */
export async function answerDocumentRequest(tx: Queryable, id: string, response: string, references: string[], by: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE document_requests SET response = $2, document_references = $3::jsonb, responded_by = $4, responded_at = $5
      WHERE id = $1 AND responded_at IS NULL RETURNING id`,
    [id, response, JSON.stringify(references), by, at.toISOString()],
  );
  return rows.length === 1;
}

export interface InspectionRow {
  id: string;
  shipmentId: string;
  outcome: string;
  findings: string;
  recordedBy: string;
  recordedAt: Date;
}

export async function insertInspection(tx: Queryable, row: InspectionRow): Promise<void> {
  await tx.query('INSERT INTO customs_inspections (id, shipment_id, outcome, findings, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    row.id, row.shipmentId, row.outcome, row.findings, row.recordedBy, row.recordedAt.toISOString(),
  ]);
}

export async function inspections(db: Queryable, ids: readonly string[]): Promise<InspectionRow[]> {
  return db.query<InspectionRow>(
    `SELECT id, shipment_id AS "shipmentId", outcome, findings, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM customs_inspections WHERE shipment_id = ANY($1::uuid[]) ORDER BY recorded_at, id`,
    [ids],
  );
}

export interface PaymentRow {
  id: string;
  shipmentId: string;
  paymentReference: string;
  provider: string;
  providerTransactionId: string;
  amountMinor: number;
  currency: string;
  recordedBy: string;
  recordedAt: Date;
}

const PAYMENT_COLUMNS = `id, shipment_id AS "shipmentId", payment_reference AS "paymentReference", provider, provider_transaction_id AS "providerTransactionId",
  amount_minor AS "amountMinor", currency, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/**
 * Inserts a payment unless its reference is already recorded; returns the row inserted, if any. The
 * reference is claimed in its own key table first (migration 0068), which decides between two calls
 * recording it at once.
 */
export async function insertPayment(tx: Queryable, row: PaymentRow): Promise<PaymentRow | undefined> {
  const claimed = await tx.query(
    'INSERT INTO duty_payment_references (payment_reference, shipment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING shipment_id',
    [row.paymentReference, row.shipmentId],
  );
  if (claimed.length === 0) return undefined;
  const rows = await tx.query<PaymentRow>(
    `INSERT INTO duty_payments (id, shipment_id, payment_reference, provider, provider_transaction_id, amount_minor, currency, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PAYMENT_COLUMNS}`,
    [row.id, row.shipmentId, row.paymentReference, row.provider, row.providerTransactionId, row.amountMinor, row.currency, row.recordedBy, row.recordedAt.toISOString()],
  );
  return rows[0];
}

export async function paymentByReference(db: Queryable, reference: string): Promise<PaymentRow | undefined> {
  return (await db.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM duty_payments WHERE payment_reference = $1`, [reference]))[0];
}

export async function payments(db: Queryable, ids: readonly string[]): Promise<PaymentRow[]> {
  return db.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM duty_payments WHERE shipment_id = ANY($1::uuid[]) ORDER BY recorded_at, id`, [ids]);
}

/** Duty paid before release: the amount is added, the state stays. */
export async function addPrepayment(tx: Queryable, shipmentId: string, amountMinor: number, at: Date): Promise<void> {
  await tx.query('UPDATE customs_declarations SET paid_minor = paid_minor + $2, version = version + 1, updated_at = $3 WHERE shipment_id = $1', [shipmentId, amountMinor, at.toISOString()]);
}

/** A re-run of risk and assessment (the hub's weight): new score, lane and amount due. */
export async function updateRisk(tx: Queryable, shipmentId: string, r: { score: number; lane: string; laneRank: number; dueMinor: number; dueCurrency: string }, at: Date): Promise<void> {
  await tx.query(
    `UPDATE customs_declarations SET score = $2, lane = $3, lane_rank = $4, due_minor = $5, due_currency = $6, updated_at = $7 WHERE shipment_id = $1`,
    [shipmentId, r.score, r.lane, r.laneRank, r.dueMinor, r.dueCurrency, at.toISOString()],
  );
}
