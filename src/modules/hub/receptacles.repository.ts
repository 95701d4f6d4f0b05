import type { Queryable } from '../../db/database.js';
import { parseS9 } from '../../standards/s9.js';
import { listByHubAndState, RECEPTACLE_COLUMNS, type ReceptacleRow } from './hub.repository.js';

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

export function listReceptacles(db: Queryable, hubId: string | undefined, states: readonly string[] | undefined, limit: number): Promise<ReceptacleRow[]> {
  return listByHubAndState<ReceptacleRow>(db, 'receptacles r', RECEPTACLE_COLUMNS, hubId, states, limit);
}

/** Applies a content change to a receptacle's running totals (its row is locked by the caller). */
export async function adjustReceptacle(tx: Queryable, id: string, delta: { items: number; grams: number; registered: number; dangerousGoods: number }, now: Date): Promise<void> {
  await tx.query(
    `UPDATE receptacles SET item_count = item_count + $2, gross_weight_g = gross_weight_g + $3, registered_count = registered_count + $4,
            dangerous_goods_count = dangerous_goods_count + $5, updated_at = $6, version = version + 1
      WHERE id = $1`,
    [id, delta.items, delta.grams, delta.registered, delta.dangerousGoods, now.toISOString()],
  );
}

export async function assignReceptacleToDispatch(tx: Queryable, receptacleId: string, dispatchId: string, serial: number, now: Date): Promise<void> {
  await tx.query('UPDATE receptacles SET dispatch_id = $2, serial = $3, updated_at = $4, version = version + 1 WHERE id = $1', [receptacleId, dispatchId, serial, now.toISOString()]);
}

export async function closeReceptacleRow(tx: Queryable, id: string, receptacleNumber: string, closedAt: Date, now: Date): Promise<void> {
  await tx.query(
    `UPDATE receptacles SET state = 'CLOSED', receptacle_number = $2, closed_at = $3, updated_at = $4, version = version + 1 WHERE id = $1`,
    [id, receptacleNumber, closedAt.toISOString(), now.toISOString()],
  );
}

/** Every receptacle of a closing dispatch leaves; the last one gets its final S9 (highest-receptacle indicator 1). */
export async function dispatchReceptacles(tx: Queryable, dispatchId: string, lastId: string, lastNumber: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE receptacles SET state = 'DISPATCHED', receptacle_number = CASE WHEN id = $2 THEN $3 ELSE receptacle_number END,
            updated_at = $4, version = version + 1 WHERE dispatch_id = $1`,
    [dispatchId, lastId, lastNumber, now.toISOString()],
  );
}
