import type { Queryable } from '../../db/database.js';

export interface NewTrackingEvent {
  shipmentId: string;
  code: string;
  occurredAt?: Date;
  office?: string | null;
  countryCode?: string | null;
  /** Who reported it: `system`, `hub`, `customs`, `carrier:<code>`. */
  source: string;
  detail?: Record<string, unknown> | null;
}

export interface TrackingEventRow {
  id: number;
  shipmentId: string;
  code: string;
  occurredAt: Date;
  recordedAt: Date;
  office: string | null;
  countryCode: string | null;
  source: string;
}

export async function appendTrackingEvents(tx: Queryable, events: readonly NewTrackingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const now = new Date();
  await tx.query(
    `INSERT INTO tracking_events (shipment_id, code, occurred_at, office, country_code, source, detail)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      events.map((e) => e.shipmentId),
      events.map((e) => e.code),
      events.map((e) => (e.occurredAt ?? now).toISOString()),
      events.map((e) => e.office ?? null),
      events.map((e) => e.countryCode ?? null),
      events.map((e) => e.source),
      events.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
    ],
  );
}

/** Timelines for many shipments in one query, in event-time order (carriers report out of order). */
export async function eventsForShipments(db: Queryable, shipmentIds: readonly string[]): Promise<Map<string, TrackingEventRow[]>> {
  const rows = await db.query<TrackingEventRow>(
    `SELECT id, shipment_id AS "shipmentId", code, occurred_at AS "occurredAt", recorded_at AS "recordedAt",
            office, country_code AS "countryCode", source
       FROM tracking_events WHERE shipment_id = ANY($1::uuid[]) ORDER BY occurred_at, recorded_at, id`,
    [shipmentIds],
  );
  const byShipment = new Map<string, TrackingEventRow[]>(shipmentIds.map((id) => [id, []]));
  for (const row of rows) byShipment.get(row.shipmentId)?.push(row);
  return byShipment;
}
