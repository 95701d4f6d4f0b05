import type { Queryable } from '../../db/database.js';
import { validateS10, type S10Problem } from '../../standards/s10.js';
import { eventsForShipments, timelineSummary, type TrackingEventRow } from './tracking.repository.js';

function versionTag(status: string, count: number, lastId: number): string {
  return `"${status}.${count}.${lastId}"`;
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

export type TrackOutcome =
  | { kind: 'found'; tracking: PublicTracking }
  | { kind: 'invalid'; problem: S10Problem; message: string; trackingNumber: string }
  | { kind: 'not_found'; trackingNumber: string };

export class TrackingService {
  constructor(private readonly db: Queryable) {}

  async track(input: string): Promise<TrackOutcome> {
    const check = validateS10(input);
    const trackingNumber = input.replace(/[\s-]/g, '').toUpperCase();
    if (!check.valid) return { kind: 'invalid', problem: check.problem, message: check.message, trackingNumber };
    const rows = await this.db.query<PublicTracking>(
      `SELECT id AS "shipmentId", tracking_number AS "trackingNumber", status, origin_country AS "originCountry",
              destination_country AS "destinationCountry", service
         FROM shipments WHERE tracking_number = $1`,
      [trackingNumber],
    );
    return rows[0] ? { kind: 'found', tracking: rows[0] } : { kind: 'not_found', trackingNumber };
  }

  eventsFor(shipmentIds: readonly string[]): Promise<Map<string, TrackingEventRow[]>> {
    return eventsForShipments(this.db, shipmentIds);
  }

  /**
   * What a cache keys a public timeline on (an ETag): its status, how many events it has and the
   * latest event's id. Every change a buyer can see is a new event or a new status.
   */
  async timelineVersion(tracking: PublicTracking): Promise<string> {
    const { count, lastId } = await timelineSummary(this.db, tracking.shipmentId);
    return versionTag(tracking.status, count, lastId);
  }

  /** The same version, of events already read. */
  versionOf(tracking: PublicTracking, events: readonly TrackingEventRow[]): string {
    const lastId = events.reduce((max, e) => Math.max(max, Number(e.id)), 0);
    return versionTag(tracking.status, events.length, lastId);
  }
}
