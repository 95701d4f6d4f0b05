import type { Queryable } from '../../db/database.js';
import type { ParcelFacts } from '../shipments/shipments.repository.js';

export type ReturnCause = 'CARRIER_RETURN' | 'SELLER_RECALL' | 'CUSTOMS_REJECTION';
export type ReturnReason = 'FAILED_ATTEMPTS' | 'REFUSED' | 'ADDRESSEE_UNKNOWN';
export type ReturnOutcome = 'RETURNED' | 'ABANDONED';

export interface ReturnRow {
  shipmentId: string;
  cause: ReturnCause;
  reason: ReturnReason | null;
  carrierId: string | null;
  returnDispatch: string | null;
  reimportRequired: boolean;
  reimportReleasedAt: Date | null;
  startedAt: Date;
  receivedAt: Date | null;
  closedAt: Date | null;
  outcome: ReturnOutcome | null;
}

/** The few facts about a parcel a return step checks (read through the shipments module). */
export type ReturnParcel = ParcelFacts;

const RETURN_COLUMNS = `shipment_id AS "shipmentId", cause, reason, carrier_id AS "carrierId", return_dispatch AS "returnDispatch",
  reimport_required AS "reimportRequired", reimport_released_at AS "reimportReleasedAt", started_at AS "startedAt",
  received_at AS "receivedAt", closed_at AS "closedAt", outcome`;

export async function returnsFor(db: Queryable, shipmentIds: readonly string[]): Promise<Map<string, ReturnRow>> {
  const rows = await db.query<ReturnRow>(`SELECT ${RETURN_COLUMNS} FROM returns WHERE shipment_id = ANY($1::uuid[])`, [shipmentIds]);
  return new Map(rows.map((r) => [r.shipmentId, r]));
}

/** Locks the parcel's return for the step that changes it. */
export async function lockReturn(tx: Queryable, shipmentId: string): Promise<ReturnRow | undefined> {
  const [row] = await tx.query<ReturnRow>(`SELECT ${RETURN_COLUMNS} FROM returns WHERE shipment_id = $1 FOR UPDATE`, [shipmentId]);
  return row;
}

/** A new return; one that ends where it starts (a recall, customs' return) carries its outcome. */
export async function insertReturn(
  tx: Queryable,
  r: Pick<ReturnRow, 'shipmentId' | 'cause' | 'reason' | 'carrierId' | 'returnDispatch' | 'reimportRequired' | 'startedAt'> & Partial<Pick<ReturnRow, 'closedAt' | 'outcome'>>,
): Promise<void> {
  await tx.query(
    `INSERT INTO returns (shipment_id, cause, reason, carrier_id, return_dispatch, reimport_required, started_at, closed_at, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [r.shipmentId, r.cause, r.reason, r.carrierId, r.returnDispatch, r.reimportRequired, r.startedAt, r.closedAt ?? null, r.outcome ?? null],
  );
}

export async function updateReturn(
  tx: Queryable,
  shipmentId: string,
  set: Partial<Pick<ReturnRow, 'receivedAt' | 'reimportReleasedAt' | 'closedAt' | 'outcome'>>,
): Promise<void> {
  await tx.query(
    `UPDATE returns SET received_at = COALESCE($2, received_at), reimport_released_at = COALESCE($3, reimport_released_at),
            closed_at = COALESCE($4, closed_at), outcome = COALESCE($5, outcome)
      WHERE shipment_id = $1`,
    [shipmentId, set.receivedAt ?? null, set.reimportReleasedAt ?? null, set.closedAt ?? null, set.outcome ?? null],
  );
}
