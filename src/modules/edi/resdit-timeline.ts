import type { Queryable } from '../../db/database.js';
import type { StoredReceptacleEvent } from '../carriers/carrier-events.service.js';
import { appendTrackingEvents } from '../tracking/tracking.repository.js';
import { parcelsInReceptacles } from './edi.repository.js';

/** Timeline code of a receptacle event on each item in the receptacle (seed/event-codes.json). */
export const resditTimelineCode = (code: string) => `RESDIT-${code}`;

/**
 * RESDIT-style receptacle events (received by the airline, handed over, delivered to the
 * destination post …) reach every item in the receptacle: one tracking event per item, in the
 * reporting transaction. Statuses are left alone: a receptacle event says where the bag is, and the
 * carrier's item events (EMD … EMI) remain what moves a parcel's status.
 */
export async function receptacleEventsToTimelines(tx: Queryable, events: readonly StoredReceptacleEvent[]): Promise<void> {
  const parcels = await parcelsInReceptacles(tx, [...new Set(events.map((e) => e.receptacleId))]);
  await appendTrackingEvents(
    tx,
    events.flatMap((e) =>
      (parcels.get(e.receptacleId) ?? []).map((shipmentId) => ({
        shipmentId, code: resditTimelineCode(e.code), occurredAt: e.occurredAt, office: e.office, countryCode: e.countryCode,
        source: `carrier:${e.carrierCode}`, detail: { eventId: e.eventId, receptacleNumber: e.receptacleId },
      })),
    ),
  );
}
