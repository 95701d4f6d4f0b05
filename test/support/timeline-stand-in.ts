/**
 * STAND-IN for the customs (issue 3), hub (issue 4) and carrier modules, which are not in this tree
 * yet. It records what those modules will record when a parcel moves on — a tracking event in UPU
 * codes and the parcel's new public status — with plain SQL on the test server's database, so that
 * the tracking page and the dashboard can be tested through a parcel's whole life now.
 *
 * This is the ONLY place tests write parcel progress. When the modules land, replace the body of
 * `advanceParcel` (or each LIFECYCLE step) with the real GraphQL mutations (customs release, hub
 * receive/bag/dispatch, carrier event report); the pages under test only read.
 */
import { appendTrackingEvents } from '../../src/modules/tracking/tracking.repository.js';
import type { TestServer } from './test-server.js';

export interface LifecycleStep {
  /** UPU item event code (shared/domain.md §3). */
  code: string;
  /** Public ShipmentStatus after the event. */
  status: string;
  office: string | null;
  countryCode: string;
  source: string;
}

/** A Kuala Lumpur → Moscow parcel from customs review to delivery. */
export const LIFECYCLE: Record<string, LifecycleStep> = {
  customsReview: { code: 'EXA', status: 'CUSTOMS_REVIEW', office: 'MYKULA', countryCode: 'MY', source: 'customs' },
  customsRelease: { code: 'EXC', status: 'CUSTOMS_RELEASED', office: 'MYKULA', countryCode: 'MY', source: 'customs' },
  receivedAtHub: { code: 'EMB', status: 'RECEIVED_AT_HUB', office: 'MYKULA', countryCode: 'MY', source: 'hub' },
  dispatched: { code: 'EMC', status: 'DISPATCHED', office: 'MYKULA', countryCode: 'MY', source: 'hub' },
  arrived: { code: 'EMD', status: 'AT_DESTINATION', office: 'RUMOWA', countryCode: 'RU', source: 'carrier:RU-POST' },
  importCustoms: { code: 'EDB', status: 'IN_IMPORT_CUSTOMS', office: 'RUMOWA', countryCode: 'RU', source: 'carrier:RU-POST' },
  importRelease: { code: 'EDC', status: 'AT_DESTINATION', office: 'RUMOWA', countryCode: 'RU', source: 'carrier:RU-POST' },
  outForDelivery: { code: 'EDG', status: 'OUT_FOR_DELIVERY', office: null, countryCode: 'RU', source: 'carrier:RU-POST' },
  deliveryFailed: { code: 'EMH', status: 'DELIVERY_ATTEMPTED', office: null, countryCode: 'RU', source: 'carrier:RU-POST' },
  delivered: { code: 'EMI', status: 'DELIVERED', office: null, countryCode: 'RU', source: 'carrier:RU-POST' },
};

/** Customs release, then hub, then carrier, in order: the path the browser test follows. */
export const TO_CUSTOMS_RELEASE = [LIFECYCLE.customsReview, LIFECYCLE.customsRelease];
export const RELEASE_TO_DELIVERY = [
  LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.arrived, LIFECYCLE.importCustoms,
  LIFECYCLE.importRelease, LIFECYCLE.outForDelivery, LIFECYCLE.delivered,
];

/**
 * Records the steps for one parcel in one transaction: one tracking event per step, spread between
 * the parcel's latest event and now (so the timeline keeps its order and nothing lies in the
 * future), and the last step's status.
 */
export async function advanceParcel(server: TestServer, trackingNumber: string, steps: readonly LifecycleStep[]): Promise<void> {
  const db = server.database.db;
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; last: Date }>(
      `SELECT s.id, coalesce(max(e.occurred_at), s.declared_at) AS last
         FROM shipments s LEFT JOIN tracking_events e ON e.shipment_id = s.id
        WHERE s.tracking_number = $1 GROUP BY s.id, s.declared_at`,
      [trackingNumber],
    );
    if (!row) throw new Error(`stand-in: no parcel ${trackingNumber}`);
    const last = new Date(row.last).getTime();
    // At least a millisecond between events: wait until enough time has passed since the last one.
    while (Date.now() - last <= steps.length + 1) await new Promise((resolve) => setTimeout(resolve, steps.length + 2));
    const step = (Date.now() - last) / (steps.length + 1);
    await appendTrackingEvents(
      tx,
      steps.map((s, i) => ({
        shipmentId: row.id, code: s.code, occurredAt: new Date(Math.floor(last + step * (i + 1))), office: s.office, countryCode: s.countryCode, source: s.source,
        detail: { standIn: true },
      })),
    );
    await tx.query(`UPDATE shipments SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [row.id, steps[steps.length - 1].status]);
  });
}

/**
 * Test fixture: makes a parcel look as if it had been declared `hours` earlier, by moving its
 * declaration time and every tracking event back. Used to spread the dashboard's hourly charts
 * and dwell bands; nothing in the product ever rewrites history.
 */
export async function backdateParcel(server: TestServer, trackingNumber: string, hours: number): Promise<void> {
  await server.database.db.transaction(async (tx) => {
    const shift = `${Math.round(hours * 3600)} seconds`;
    await tx.query(
      `UPDATE tracking_events SET occurred_at = occurred_at - $2::interval
        WHERE shipment_id = (SELECT id FROM shipments WHERE tracking_number = $1)`,
      [trackingNumber, shift],
    );
    await tx.query(`UPDATE shipments SET declared_at = declared_at - $2::interval WHERE tracking_number = $1`, [trackingNumber, shift]);
  });
}
