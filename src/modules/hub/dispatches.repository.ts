import type { Queryable } from '../../db/database.js';
import { DISPATCH_COLUMNS, listByHubAndState, type DispatchRow } from './hub.repository.js';

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
export async function takeReceptacleSerials(tx: Queryable, dispatchId: string, count: number, now: Date): Promise<number | undefined> {
  const rows = await tx.query<{ last: number }>(
    `UPDATE dispatches SET receptacle_count = receptacle_count + $2, updated_at = $3, version = version + 1
      WHERE id = $1 AND state = 'OPEN' AND receptacle_count + $2 <= 999 RETURNING receptacle_count AS last`,
    [dispatchId, count, now.toISOString()],
  );
  return rows[0] ? rows[0].last - count + 1 : undefined;
}


/** Consolidation's extra receptacles for dispatches that had room: one statement for every dispatch. */
export async function growDispatches(tx: Queryable, growth: readonly { id: string; take: number }[], now: Date): Promise<void> {
  if (growth.length === 0) return;
  await tx.query(
    `UPDATE dispatches d SET receptacle_count = d.receptacle_count + u.take, updated_at = $3, version = d.version + 1
       FROM unnest($1::uuid[], $2::int[]) AS u(id, take) WHERE d.id = u.id`,
    [growth.map((g) => g.id), growth.map((g) => g.take), now.toISOString()],
  );
}

export async function closeDispatchRow(tx: Queryable, id: string, closedAt: Date, airWaybill: string | null, deliveryBill: object, now: Date): Promise<void> {
  await tx.query(
    `UPDATE dispatches SET state = 'CLOSED', closed_at = $2, air_waybill = $3, delivery_bill = $4::jsonb, updated_at = $5, version = version + 1 WHERE id = $1`,
    [id, closedAt.toISOString(), airWaybill, JSON.stringify(deliveryBill), now.toISOString()],
  );
}
