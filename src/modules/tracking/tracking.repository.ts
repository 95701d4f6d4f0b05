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
  await tx.copyRows(
    'tracking_events',
    ['shipment_id', 'code', 'occurred_at', 'office', 'country_code', 'source', 'detail'],
    events.map((e) => [e.shipmentId, e.code, e.occurredAt ?? now, e.office, e.countryCode, e.source, e.detail]),
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

/** How many events a shipment has and the latest id: one range of its key, no rows sent. */
export async function timelineSummary(db: Queryable, shipmentId: string): Promise<{ count: number; lastId: number }> {
  const [row] = await db.query<{ count: number; lastId: number | null }>(
    'SELECT count(*)::int AS count, max(id) AS "lastId" FROM tracking_events WHERE shipment_id = $1',
    [shipmentId],
  );
  return { count: row.count, lastId: row.lastId ?? 0 };
}
