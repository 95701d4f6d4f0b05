/**
 * Moves a test parcel through its life for the tracking page and dashboard tests.
 *
 * - Hub steps (received, bagged, dispatched) are REAL: the hub module's GraphQL mutations with the
 *   demo hub operator's key (receiveParcel; openDispatch + openReceptacle + addToReceptacle;
 *   closeReceptacle + closeDispatch), so hub_parcels, receptacles, dispatches, EMB/EMC and statuses
 *   are what the hub writes.
 * - Customs steps (review, release) are still a STAND-IN for the customs module (issue 3): SQL
 *   inserting the tracking event and setting shipments.status (and customs_status = 'RELEASED' on
 *   release, which is what the hub checks before bagging; see test/support/customs-release.ts).
 * - Carrier steps (arrival, import customs, delivery attempts, delivery) are still a STAND-IN for
 *   the carriers module: the same SQL.
 * When those modules land, replace the stand-in part (`recordStandIn`) step by step with their
 * mutations; the pages under test only read.
 */
import { appendTrackingEvents } from '../../src/modules/tracking/tracking.repository.js';
import { releaseParcels } from './customs-release.js';
import { ADD, CLOSE_DISPATCH, CLOSE_RECEPTACLE, OPEN_DISPATCH, OPEN_RECEPTACLE, RECEIVE } from './hub-fixtures.js';
import { KEYS, type TestServer } from './test-server.js';

export interface LifecycleStep {
  /** UPU item event code (shared/domain.md §3); null when the step has none (bagging). */
  code: string | null;
  /** Public ShipmentStatus after the event. */
  status: string;
  office: string | null;
  countryCode: string;
  source: string;
  /** Done through the hub module's GraphQL mutations instead of the SQL stand-in. */
  hub?: 'receive' | 'bag' | 'dispatch';
  /** Stand-in customs decision written to shipments.customs_status. */
  customsStatus?: 'RELEASED';
}

/** A Kuala Lumpur → Moscow parcel from customs review to delivery. */
export const LIFECYCLE: Record<string, LifecycleStep> = {
  customsReview: { code: 'EXA', status: 'CUSTOMS_REVIEW', office: 'MYKULA', countryCode: 'MY', source: 'customs' },
  customsRelease: { code: 'EXC', status: 'CUSTOMS_RELEASED', office: 'MYKULA', countryCode: 'MY', source: 'customs', customsStatus: 'RELEASED' },
  // Real hub mutations: receiveParcel writes EMB; bagging has no UPU event; closeDispatch writes EMC.
  receivedAtHub: { code: 'EMB', status: 'RECEIVED_AT_HUB', office: 'MYKULA', countryCode: 'MY', source: 'hub', hub: 'receive' },
  bagged: { code: null, status: 'BAGGED', office: 'MYKULA', countryCode: 'MY', source: 'hub', hub: 'bag' },
  dispatched: { code: 'EMC', status: 'DISPATCHED', office: 'MYKULA', countryCode: 'MY', source: 'hub', hub: 'dispatch' },
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
 * Moves one parcel through `steps` in order: hub steps through the hub's GraphQL mutations, the
 * others through the SQL stand-in, so that the timeline keeps its order.
 */
export async function advanceParcel(server: TestServer, trackingNumber: string, steps: readonly LifecycleStep[]): Promise<void> {
  let standIn: LifecycleStep[] = [];
  for (const step of steps) {
    if (!step.hub) {
      standIn.push(step);
      continue;
    }
    if (standIn.length) await recordStandIn(server, trackingNumber, standIn);
    standIn = [];
    await hubStep(server, trackingNumber, step.hub);
  }
  if (standIn.length) await recordStandIn(server, trackingNumber, standIn);
}

async function gql(server: TestServer, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await server.gql(query, variables, KEYS.hub);
  if (res.errors) throw new Error(`hub step: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Fails loudly when a hub mutation answers with a refusal instead of the expected type. */
function expectType<T extends { __typename: string }>(value: T, typename: string, what: string): T {
  if (value.__typename !== typename) throw new Error(`hub step ${what}: ${JSON.stringify(value)}`);
  return value;
}

const HUB_PARCEL = `query ($t: String!) {
  hubParcel(trackingNumber: $t) { state lane { destinationOffice mailCategory mailSubclass carrier { code } } receptacle { id state dispatch { id } } }
}`;

/** The real hub: receive at its declared weight; bag into a bag of its own in a dispatch of its own; close both. */
async function hubStep(server: TestServer, trackingNumber: string, step: 'receive' | 'bag' | 'dispatch'): Promise<void> {
  if (step === 'receive') {
    const { shipment } = await gql(server, `query ($t: String) { shipment(trackingNumber: $t) { grossWeightGrams } }`, { t: trackingNumber });
    if (!shipment) throw new Error(`hub step: no parcel ${trackingNumber}`);
    const input = { trackingNumber, weightGrams: shipment.grossWeightGrams, dimensionsMm: { length: 300, width: 200, height: 50 }, location: 'RCV-01-01' };
    expectType((await gql(server, RECEIVE, { input })).receiveParcel, 'ParcelReceived', 'receive');
    return;
  }
  let { hubParcel } = await gql(server, HUB_PARCEL, { t: trackingNumber });
  if (!hubParcel) throw new Error(`hub step ${step}: ${trackingNumber} has not been received`);
  if (!hubParcel.receptacle) {
    // One bag and one dispatch per parcel, so that each parcel's steps decide its fate alone.
    const l = hubParcel.lane;
    if (!l) throw new Error(`hub step: no lane serves ${trackingNumber}`);
    const lane = { destinationOffice: l.destinationOffice, mailCategory: l.mailCategory, mailSubclass: l.mailSubclass, carrierCode: l.carrier.code };
    const dispatch = expectType((await gql(server, OPEN_DISPATCH, { input: { ...lane, transport: { mode: 'AIR', flightNumber: 'SU521' } } })).openDispatch, 'Dispatch', 'open dispatch');
    const receptacle = expectType((await gql(server, OPEN_RECEPTACLE, { input: { ...lane, dispatchId: dispatch.id } })).openReceptacle, 'Receptacle', 'open receptacle');
    expectType((await gql(server, ADD, { r: receptacle.id, t: trackingNumber })).addToReceptacle, 'Receptacle', 'bag');
    hubParcel = (await gql(server, HUB_PARCEL, { t: trackingNumber })).hubParcel;
  }
  if (step === 'bag') return;
  const r = hubParcel.receptacle;
  if (r.state === 'OPEN') expectType((await gql(server, CLOSE_RECEPTACLE, { r: r.id })).closeReceptacle, 'Receptacle', 'close receptacle');
  expectType((await gql(server, CLOSE_DISPATCH, { d: r.dispatch.id })).closeDispatch, 'Dispatch', 'close dispatch');
}

/**
 * STAND-IN (customs and carrier steps): records the steps for one parcel in one transaction: one
 * tracking event per step, spread between the parcel's latest event and now (so the timeline keeps
 * its order and nothing lies in the future), and the last step's status.
 */
async function recordStandIn(server: TestServer, trackingNumber: string, steps: readonly LifecycleStep[]): Promise<void> {
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
        shipmentId: row.id, code: s.code!, occurredAt: new Date(Math.floor(last + step * (i + 1))), office: s.office, countryCode: s.countryCode, source: s.source,
        detail: { standIn: true },
      })),
    );
    await tx.query(`UPDATE shipments SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [row.id, steps[steps.length - 1].status]);
  });
  if (steps.some((s) => s.customsStatus === 'RELEASED')) await releaseParcels(server, [trackingNumber]);
}

/**
 * Test fixture: makes a parcel look as if it had been declared `hours` earlier, by moving its
 * declaration time, every tracking event and its hub arrival (if received) back. Used to spread the dashboard's hourly charts
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
    await tx.query(
      `UPDATE hub_parcels SET received_at = received_at - $2::interval
        WHERE shipment_id = (SELECT id FROM shipments WHERE tracking_number = $1)`,
      [trackingNumber, shift],
    );
  });
}
