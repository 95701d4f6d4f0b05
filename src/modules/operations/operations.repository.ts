import type { Queryable } from '../../db/database.js';

/** Event codes the dashboard counts per hour: the shared contract every module writes. */
export const FLOW_CODES = { declared: ['SGA'], received: ['EMB'], released: ['EXC', 'EDC'], dispatched: ['EMC'] } as const;

export async function statusCounts(db: Queryable, hubId: string | null): Promise<{ status: string; count: number }[]> {
  return db.query(
    `SELECT status, count(*)::int AS count FROM shipments WHERE ($1::uuid IS NULL OR hub_id = $1) GROUP BY status`,
    [hubId],
  );
}

export async function eventsPerHour(db: Queryable, hubId: string | null, from: Date, to: Date): Promise<{ hour: string; code: string; count: number }[]> {
  const codes = Object.values(FLOW_CODES).flat();
  return db.query(
    `SELECT to_char(date_trunc('hour', e.occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24":00:00Z"') AS hour, e.code, count(*)::int AS count
       FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
      WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.code = ANY($3::text[]) AND ($4::uuid IS NULL OR s.hub_id = $4)
      GROUP BY 1, 2`,
    [from.toISOString(), to.toISOString(), codes, hubId],
  );
}

/** Deliveries (EMI) and failed attempts (EMH) per carrier, by the destinations each carrier serves. */
export async function carrierDeliveries(db: Queryable, hubId: string | null, from: Date): Promise<{ carrierCode: string; carrierName: string; delivered: number; failedAttempts: number }[]> {
  return db.query(
    `SELECT c.code AS "carrierCode", c.name AS "carrierName",
            count(*) FILTER (WHERE e.code = 'EMI')::int AS delivered,
            count(*) FILTER (WHERE e.code = 'EMH')::int AS "failedAttempts"
       FROM carriers c
       JOIN shipments s ON c.destinations @> jsonb_build_array(s.destination_country::text)
       JOIN tracking_events e ON e.shipment_id = s.id AND e.code IN ('EMI', 'EMH') AND e.occurred_at >= $1
      WHERE ($2::uuid IS NULL OR s.hub_id = $2)
      GROUP BY c.code, c.name ORDER BY c.code`,
    [from.toISOString(), hubId],
  );
}
