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

/** What the public may see of a parcel. Deliberately has no party, value or contents field. */
export interface PublicTracking {
  shipmentId: string;
  trackingNumber: string;
  status: string;
  originCountry: string;
  destinationCountry: string;
  service: string;
}

export async function appendTrackingEvents(tx: Queryable, events: readonly NewTrackingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const now = new Date();
  await tx.copyRows(
    'tracking_events',
    ['shipment_id', 'code', 'occurred_at', 'office', 'country_code', 'source', 'detail'],
    events.map((e) => [e.shipmentId, e.code, e.occurredAt ?? now, e.office, e.countryCode, e.source, e.detail]),
  );
  await notifyTimelinesChanged(tx, [...new Set(events.map((e) => e.shipmentId))]);
}

/** The channel on which every change a buyer can see of a parcel (an event, a status) is announced. */
export const TIMELINE_CHANNEL = 'silkgate_timeline';
// A NOTIFY payload holds under 8,000 bytes: 200 ids of 36 characters and their commas fit.
const IDS_PER_NOTIFICATION = 200;

const inProcess = new Set<(shipmentIds: readonly string[]) => void>();

/** Hears this process's announcements as they are made (before commit): its own caches need not wait for the notification. */
export function onTimelinesChanging(listener: (shipmentIds: readonly string[]) => void): () => void {
  inProcess.add(listener);
  return () => inProcess.delete(listener);
}

/**
 * Announces, at commit, that these parcels' public timelines changed (comma-separated ids, in
 * notifications of 200): caches of tracking answers drop them (src/app/response-cache.ts). This
 * process's own caches hear it at once, so that its next answer after the commit is fresh.
 */
export async function notifyTimelinesChanged(tx: Queryable, shipmentIds: readonly string[]): Promise<void> {
  if (shipmentIds.length === 0) return;
  await tx.query(
    `SELECT pg_notify($1, string_agg(id, ',')) FROM unnest($2::text[]) WITH ORDINALITY AS u(id, n) GROUP BY (n - 1) / $3`,
    [TIMELINE_CHANNEL, shipmentIds, IDS_PER_NOTIFICATION],
  );
  for (const listener of inProcess) listener(shipmentIds);
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

const PUBLIC_COLUMNS = `s.id AS "shipmentId", s.tracking_number AS "trackingNumber", s.status, s.origin_country AS "originCountry",
       s.destination_country AS "destinationCountry", s.service`;

/**
 * A parcel looked up by its number. On a Citus cluster the caller has read the id from the key table
 * first (`shipmentId`): the id routes the statement to the parcel's shard, which the number cannot.
 */
export type ByNumber = { trackingNumber: string; shipmentId?: string };

const whereNumber = (by: ByNumber) => (by.shipmentId === undefined ? 's.tracking_number = $1' : 's.tracking_number = $1 AND s.id = $2');
const paramsOf = (by: ByNumber) => (by.shipmentId === undefined ? [by.trackingNumber] : [by.trackingNumber, by.shipmentId]);
const prepared = (name: string, by: ByNumber) => (by.shipmentId === undefined ? name : `${name}-by-id`);

/** A parcel's public data without its events (the tracking page reads the events of many parcels at once). */
export async function publicTrackingByNumber(db: Queryable, by: ByNumber): Promise<PublicTracking | undefined> {
  const [row] = await db.query<PublicTracking>(`SELECT ${PUBLIC_COLUMNS} FROM shipments s WHERE ${whereNumber(by)}`, paramsOf(by));
  return row;
}

/**
 * A parcel's public data and its events in one round trip (the public tracking path): one row per
 * event, or one row with null event columns when it has none yet.
 */
export async function timelineByNumber(db: Queryable, by: ByNumber): Promise<{ tracking: PublicTracking; events: TrackingEventRow[] } | undefined> {
  const rows = await db.query<PublicTracking & { id: number | null } & Omit<TrackingEventRow, 'id' | 'shipmentId'>>(
    `SELECT ${PUBLIC_COLUMNS}, e.id, e.code, e.occurred_at AS "occurredAt", e.recorded_at AS "recordedAt", e.office,
            e.country_code AS "countryCode", e.source
       FROM shipments s LEFT JOIN tracking_events e ON e.shipment_id = s.id
      WHERE ${whereNumber(by)} ORDER BY e.occurred_at, e.recorded_at, e.id`,
    paramsOf(by),
    // Planning this join over every partition of tracking_events costs more than running it.
    { prepare: prepared('tracking.timeline', by) },
  );
  if (rows.length === 0) return undefined;
  const [first] = rows;
  const tracking: PublicTracking = {
    shipmentId: first.shipmentId, trackingNumber: first.trackingNumber, status: first.status,
    originCountry: first.originCountry, destinationCountry: first.destinationCountry, service: first.service,
  };
  const events = rows.flatMap((r): TrackingEventRow[] =>
    r.id === null ? [] : [{ id: r.id, shipmentId: r.shipmentId, code: r.code, occurredAt: r.occurredAt, recordedAt: r.recordedAt, office: r.office, countryCode: r.countryCode, source: r.source }],
  );
  return { tracking, events };
}

/** A parcel's status, number of events and latest event id, without its rows: what revalidating a cached timeline needs. */
export async function timelineSummaryByNumber(db: Queryable, by: ByNumber): Promise<{ status: string; count: number; lastId: number } | undefined> {
  const [row] = await db.query<{ status: string; count: number; lastId: number | null }>(
    `SELECT s.status, count(e.id)::int AS count, max(e.id) AS "lastId"
       FROM shipments s LEFT JOIN tracking_events e ON e.shipment_id = s.id
      WHERE ${whereNumber(by)} GROUP BY s.id`,
    paramsOf(by),
    { prepare: prepared('tracking.timeline-summary', by) },
  );
  return row && { status: row.status, count: row.count, lastId: Number(row.lastId ?? 0) };
}
