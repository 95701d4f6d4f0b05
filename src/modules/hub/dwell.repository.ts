import type { Queryable } from '../../db/database.js';
import type { DwellAlertRow } from './hub.repository.js';

/**
 * Parcels still in the hub (received or bagged, not dispatched) by hours since they were received:
 * bucket i lies between bounds[i-1] and bounds[i] (width_bucket), one row per non-empty bucket.
 */
export async function dwellBuckets(db: Queryable, hubId: string | null, boundsHours: readonly number[], now: Date): Promise<{ bucket: number; count: number }[]> {
  return db.query(
    `SELECT width_bucket(extract(epoch FROM ($3::timestamptz - hp.received_at)) / 3600.0, $2::float8[])::int AS bucket, count(*)::int AS count
       FROM hub_parcels hp
      WHERE hp.state <> 'DISPATCHED' AND ($1::uuid IS NULL OR hp.hub_id = $1)
      GROUP BY 1`,
    [hubId, boundsHours, now.toISOString()],
  );
}


export interface RaisedDwellAlert {
  shipmentId: string;
  thresholdHours: number;
  hubId: string;
  receivedAt: Date;
  trackingNumber: string;
  sellerOrgId: string;
  state: string;
  locationCode: string;
}

/** One alert per parcel still in the hub and threshold it has passed at `now`, once: one INSERT … SELECT. */
export async function raiseDwellAlerts(tx: Queryable, thresholdsHours: readonly number[], now: Date): Promise<RaisedDwellAlert[]> {
  return tx.query<RaisedDwellAlert>(
    `WITH inserted AS (
       INSERT INTO hub_dwell_alerts (shipment_id, threshold_hours, hub_id, received_at, raised_at)
       SELECT hp.shipment_id, t.h, hp.hub_id, hp.received_at, $2::timestamptz
         FROM hub_parcels hp CROSS JOIN unnest($1::int[]) AS t(h)
        WHERE hp.state <> 'DISPATCHED' AND hp.received_at <= $2::timestamptz - make_interval(hours => t.h)
       ON CONFLICT DO NOTHING
       RETURNING shipment_id, threshold_hours, hub_id, received_at)
     SELECT i.shipment_id AS "shipmentId", i.threshold_hours AS "thresholdHours", i.hub_id AS "hubId", i.received_at AS "receivedAt",
            s.tracking_number AS "trackingNumber", s.seller_org_id AS "sellerOrgId", hp.state, hp.location_code AS "locationCode"
       FROM inserted i JOIN shipments s ON s.id = i.shipment_id JOIN hub_parcels hp ON hp.shipment_id = i.shipment_id`,
    [thresholdsHours, now.toISOString()],
  );
}

/** Alerts of parcels still in the hub, oldest receipt first. */
export async function listDwellAlerts(db: Queryable, hubId: string | undefined, minThresholdHours: number | undefined, limit: number): Promise<DwellAlertRow[]> {
  const params: unknown[] = [];
  const where = [`hp.state <> 'DISPATCHED'`];
  if (hubId) {
    params.push(hubId);
    where.push(`a.hub_id = $${params.length}`);
  }
  if (minThresholdHours !== undefined) {
    params.push(minThresholdHours);
    where.push(`a.threshold_hours >= $${params.length}`);
  }
  params.push(limit);
  return db.query<DwellAlertRow>(
    `SELECT a.shipment_id AS "shipmentId", s.tracking_number AS "trackingNumber", a.threshold_hours AS "thresholdHours", a.hub_id AS "hubId",
            a.received_at AS "receivedAt", a.raised_at AS "raisedAt", hp.state, hp.location_code AS "locationCode"
       FROM hub_dwell_alerts a JOIN hub_parcels hp ON hp.shipment_id = a.shipment_id JOIN shipments s ON s.id = a.shipment_id
      WHERE ${where.join(' AND ')} ORDER BY a.received_at, a.shipment_id, a.threshold_hours LIMIT $${params.length}`,
    params,
  );
}
