/**
 * Moves a test parcel through its life for the tracking page and dashboard tests, through the real
 * modules' GraphQL APIs only — nothing here writes tracking events or statuses:
 *
 * - Customs review happens at declaration (the customs module assesses every declaration in the
 *   declaring transaction; the timeline shows only the pre-advice SGA): the `customsAssessed` step
 *   only checks that it did. Release goes through the officer API (`releaseParcels`,
 *   test/support/customs-release.ts); its EXC shows once the parcel is presented at the hub.
 * - Hub steps through the hub module's mutations with the demo hub operator's key: receiveParcel
 *   (EMA, EMB, then customs' EXA and the EXC of the earlier release); openDispatch + openReceptacle + addToReceptacle (one bag and one dispatch per parcel, no
 *   UPU event); closeReceptacle + closeDispatch (EMC, and the carrier's handoff is queued).
 * - Handover: the dispatch's carrier finds the handoff in its queue (handoffQueue) and acknowledges
 *   every receptacle (acknowledgeHandoff: SGH, HANDED_TO_CARRIER).
 * - Carrier steps (arrival, import customs, delivery attempts, delivery) through reportCarrierEvents
 *   with the key of the carrier that owns the parcel (the dispatch's carrier, or the lane's before it
 *   is bagged; see src/modules/carriers/carrier-events.service.ts).
 *
 * After every step the parcel's status is read back and compared with the step's `status`, so a
 * module that behaves differently fails here, loudly, and not in the page under test.
 *
 * `backdateParcel` (SQL) is the one exception: test-data shaping for the dashboard's 48-hour charts.
 */
import { releaseParcels } from './customs-release.js';
import { ADD, CLOSE_DISPATCH, CLOSE_RECEPTACLE, OPEN_DISPATCH, OPEN_RECEPTACLE, RECEIVE } from './hub-fixtures.js';
import { KEYS, type TestServer } from './test-server.js';

type HubAction = 'receive' | 'bag' | 'dispatch';

export type LifecycleStep = {
  /** Step name, for error messages. */
  name: string;
  /** The UPU (or Silkgate SGH) event the step adds to the timeline; null when it adds none. */
  code: string | null;
  /** Public ShipmentStatus after the step. */
  status: string;
} & (
  | { kind: 'customs-assessed' }
  | { kind: 'customs-release' }
  | { kind: 'hub'; hub: HubAction }
  | { kind: 'handover' }
  | { kind: 'carrier'; office: string | null; countryCode: string }
);

/** A Kuala Lumpur → Moscow parcel (a GREEN export declaration) from its customs assessment to delivery. */
export const LIFECYCLE = {
  customsAssessed: { name: 'customsAssessed', kind: 'customs-assessed', code: 'SGA', status: 'DECLARED' },
  customsRelease: { name: 'customsRelease', kind: 'customs-release', code: null, status: 'CUSTOMS_RELEASED' },
  receivedAtHub: { name: 'receivedAtHub', kind: 'hub', hub: 'receive', code: 'EMB', status: 'RECEIVED_AT_HUB' },
  bagged: { name: 'bagged', kind: 'hub', hub: 'bag', code: null, status: 'BAGGED' },
  dispatched: { name: 'dispatched', kind: 'hub', hub: 'dispatch', code: 'EMC', status: 'DISPATCHED' },
  handedOver: { name: 'handedOver', kind: 'handover', code: 'SGH', status: 'HANDED_TO_CARRIER' },
  arrived: { name: 'arrived', kind: 'carrier', code: 'EMD', status: 'AT_DESTINATION', office: 'RUMOWA', countryCode: 'RU' },
  importCustoms: { name: 'importCustoms', kind: 'carrier', code: 'EDB', status: 'IN_IMPORT_CUSTOMS', office: 'RUMOWA', countryCode: 'RU' },
  importRelease: { name: 'importRelease', kind: 'carrier', code: 'EDC', status: 'AT_DESTINATION', office: 'RUMOWA', countryCode: 'RU' },
  outForDelivery: { name: 'outForDelivery', kind: 'carrier', code: 'EDG', status: 'OUT_FOR_DELIVERY', office: null, countryCode: 'RU' },
  deliveryFailed: { name: 'deliveryFailed', kind: 'carrier', code: 'EMH', status: 'DELIVERY_ATTEMPTED', office: null, countryCode: 'RU' },
  delivered: { name: 'delivered', kind: 'carrier', code: 'EMI', status: 'DELIVERED', office: null, countryCode: 'RU' },
} as const satisfies Record<string, LifecycleStep>;

/** Assessed at declaration (checked), then released by an officer. */
export const TO_CUSTOMS_RELEASE: readonly LifecycleStep[] = [LIFECYCLE.customsAssessed, LIFECYCLE.customsRelease];
/** Hub, handover, carrier: the path the browser test follows after the release. */
export const RELEASE_TO_DELIVERY: readonly LifecycleStep[] = [
  LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived, LIFECYCLE.importCustoms,
  LIFECYCLE.importRelease, LIFECYCLE.outForDelivery, LIFECYCLE.delivered,
];
/** The UPU/Silkgate codes a parcel following TO_CUSTOMS_RELEASE + RELEASE_TO_DELIVERY shows, newest first. */
export const DELIVERED_TIMELINE = ['EMI', 'EDG', 'EDC', 'EDB', 'EMD', 'SGH', 'EMC', 'EXC', 'EXA', 'EMB', 'EMA', 'SGA'] as const;

/** Carrier keys by carrier code (seed/carriers.json, seed/demo.json). */
const CARRIER_KEYS: Record<string, string> = { 'RU-POST': KEYS.carrierRu, 'POS-MY': KEYS.carrierMy, 'DE-POST': KEYS.carrierDe };

/** Moves one parcel through `steps`, in order, each through the module that owns it. */
export async function advanceParcel(server: TestServer, trackingNumber: string, steps: readonly LifecycleStep[]): Promise<void> {
  for (const step of steps) {
    switch (step.kind) {
      case 'customs-assessed':
        await checkAssessed(server, trackingNumber);
        break;
      case 'customs-release':
        await releaseParcels(server, [trackingNumber]);
        break;
      case 'hub':
        await hubStep(server, trackingNumber, step.hub);
        break;
      case 'handover':
        await handover(server, trackingNumber);
        break;
      case 'carrier':
        await carrierEvent(server, trackingNumber, step);
        break;
    }
    const { status } = await readParcel(server, trackingNumber);
    if (status !== step.status) throw new Error(`step ${step.name} of ${trackingNumber}: status ${status}, expected ${step.status}`);
  }
}

async function gql(server: TestServer, key: string, what: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await server.gql(query, variables, key);
  if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Fails loudly when a mutation answers with a refusal instead of the expected type. */
function expectType<T extends { __typename: string }>(value: T, typename: string, what: string): T {
  if (value.__typename !== typename) throw new Error(`${what}: ${JSON.stringify(value)}`);
  return value;
}

const PARCEL = `query ($t: String) {
  shipment(trackingNumber: $t) { status grossWeightGrams customs { state lane } events { code occurredAt } }
}`;

async function readParcel(server: TestServer, trackingNumber: string) {
  const { shipment } = await gql(server, KEYS.admin, `read ${trackingNumber}`, PARCEL, { t: trackingNumber });
  if (!shipment) throw new Error(`no parcel ${trackingNumber}`);
  return shipment as { status: string; grossWeightGrams: number; customs: { state: string; lane: string } | null; events: { code: string; occurredAt: string }[] };
}

/**
 * A time after every event the parcel has, for an event this driver dates itself (handover, carrier
 * events): now, or the millisecond after the latest event if that is later (at most a millisecond
 * ahead, well within what the server accepts), so the new event sorts after it without waiting.
 */
async function afterLatestEvent(server: TestServer, trackingNumber: string): Promise<Date> {
  const { events } = await readParcel(server, trackingNumber);
  const latest = Math.max(...events.map((e) => Date.parse(e.occurredAt)));
  return new Date(Math.max(Date.now(), latest + 1));
}

/** Customs assessed the declaration when it was declared: a declaration with a lane, and the pre-advice SGA on the timeline. */
async function checkAssessed(server: TestServer, trackingNumber: string): Promise<void> {
  const parcel = await readParcel(server, trackingNumber);
  if (!parcel.customs || parcel.customs.state === 'SUBMITTED' || !parcel.customs.lane) throw new Error(`customs has not assessed ${trackingNumber}: ${JSON.stringify(parcel.customs)}`);
  if (!parcel.events.some((e) => e.code === 'SGA')) throw new Error(`no SGA on ${trackingNumber}'s timeline: ${parcel.events.map((e) => e.code).join(' ')}`);
}

const HUB_PARCEL = `query ($t: String!) {
  hubParcel(trackingNumber: $t) {
    state lane { destinationOffice mailCategory mailSubclass carrier { code } }
    receptacle { id state receptacleNumber dispatch { id } }
  }
}`;

interface HubParcelView {
  state: string;
  lane: { destinationOffice: string; mailCategory: string; mailSubclass: string; carrier: { code: string } } | null;
  receptacle: { id: string; state: string; receptacleNumber: string | null; dispatch: { id: string } | null } | null;
}

async function hubParcel(server: TestServer, trackingNumber: string): Promise<HubParcelView | null> {
  return (await gql(server, KEYS.hub, 'hubParcel', HUB_PARCEL, { t: trackingNumber })).hubParcel;
}

/** The real hub: receive at its declared weight; bag into a bag of its own in a dispatch of its own; close both. */
async function hubStep(server: TestServer, trackingNumber: string, step: HubAction): Promise<void> {
  const hub = (what: string, query: string, variables: Record<string, unknown>) => gql(server, KEYS.hub, `hub step ${what}`, query, variables);
  if (step === 'receive') {
    const { grossWeightGrams } = await readParcel(server, trackingNumber);
    const input = { trackingNumber, weightGrams: grossWeightGrams, dimensionsMm: { length: 300, width: 200, height: 50 }, location: 'RCV-01-01' };
    expectType((await hub('receive', RECEIVE, { input })).receiveParcel, 'ParcelReceived', 'hub step receive');
    return;
  }
  let parcel = await hubParcel(server, trackingNumber);
  if (!parcel) throw new Error(`hub step ${step}: ${trackingNumber} has not been received`);
  if (!parcel.receptacle) {
    // One bag and one dispatch per parcel, so that each parcel's steps decide its fate alone.
    const l = parcel.lane;
    if (!l) throw new Error(`hub step: no lane serves ${trackingNumber}`);
    const lane = { destinationOffice: l.destinationOffice, mailCategory: l.mailCategory, mailSubclass: l.mailSubclass, carrierCode: l.carrier.code };
    const dispatch = expectType((await hub('open dispatch', OPEN_DISPATCH, { input: { ...lane, transport: { mode: 'AIR', flightNumber: 'SU521' } } })).openDispatch, 'Dispatch', 'hub step open dispatch');
    const receptacle = expectType((await hub('open receptacle', OPEN_RECEPTACLE, { input: { ...lane, dispatchId: dispatch.id } })).openReceptacle, 'Receptacle', 'hub step open receptacle');
    expectType((await hub('bag', ADD, { r: receptacle.id, t: trackingNumber })).addToReceptacle, 'Receptacle', 'hub step bag');
    parcel = (await hubParcel(server, trackingNumber))!;
  }
  if (step === 'bag') return;
  const r = parcel.receptacle!;
  if (r.state === 'OPEN') expectType((await hub('close receptacle', CLOSE_RECEPTACLE, { r: r.id })).closeReceptacle, 'Receptacle', 'hub step close receptacle');
  expectType((await hub('close dispatch', CLOSE_DISPATCH, { d: r.dispatch!.id })).closeDispatch, 'Dispatch', 'hub step close dispatch');
}

/** The key of the carrier that answers for the parcel: its dispatch's carrier (its lane's before it is bagged). */
async function carrierKey(server: TestServer, trackingNumber: string): Promise<string> {
  const parcel = await hubParcel(server, trackingNumber);
  const code = parcel?.lane?.carrier.code;
  if (!code || !CARRIER_KEYS[code]) throw new Error(`no carrier key for ${trackingNumber} (carrier ${code ?? 'unknown'})`);
  return CARRIER_KEYS[code];
}

const HANDOFF_QUEUE = `query ($after: String) {
  handoffQueue(first: 500, after: $after) { edges { node { id state receptacles { receptacleNumber } } } pageInfo { hasNextPage endCursor } }
}`;
const ACKNOWLEDGE = `mutation ($id: ID!, $received: HandoffReceivedInput!) {
  acknowledgeHandoff(id: $id, received: $received) { alreadyAcknowledged receipt { received missing extra hasDiscrepancies } }
}`;

/**
 * The carrier takes the parcel's dispatch over: it finds the handoff (id = dispatch id) in its
 * queue and acknowledges every receptacle of it, as received now.
 */
async function handover(server: TestServer, trackingNumber: string): Promise<void> {
  const parcel = await hubParcel(server, trackingNumber);
  const dispatchId = parcel?.receptacle?.dispatch?.id;
  if (!dispatchId || parcel.state !== 'DISPATCHED') throw new Error(`handover: ${trackingNumber} has not left the hub (${parcel?.state ?? 'not received'})`);
  const key = await carrierKey(server, trackingNumber);
  let after: string | null = null;
  let handoff: { id: string; receptacles: { receptacleNumber: string }[] } | undefined;
  do {
    const { handoffQueue }: any = await gql(server, key, 'handoffQueue', HANDOFF_QUEUE, { after });
    handoff = handoffQueue.edges.map((e: any) => e.node).find((n: { id: string }) => n.id === dispatchId);
    after = handoffQueue.pageInfo.hasNextPage ? handoffQueue.pageInfo.endCursor : null;
  } while (!handoff && after);
  if (!handoff) throw new Error(`handover: dispatch ${dispatchId} of ${trackingNumber} is not in its carrier's queue`);
  const received = { receptacleNumbers: handoff.receptacles.map((r) => r.receptacleNumber), receivedAt: (await afterLatestEvent(server, trackingNumber)).toISOString() };
  const { acknowledgeHandoff } = await gql(server, key, 'acknowledgeHandoff', ACKNOWLEDGE, { id: dispatchId, received });
  if (acknowledgeHandoff.alreadyAcknowledged || acknowledgeHandoff.receipt.hasDiscrepancies) throw new Error(`handover of ${trackingNumber}: ${JSON.stringify(acknowledgeHandoff)}`);
}

const REPORT = `mutation ($events: [CarrierEventInput!]!) {
  reportCarrierEvents(events: $events) {
    acceptedCount
    results { __typename ... on CarrierEventAccepted { duplicate status } ... on CarrierEventRejected { errorCode message } }
  }
}`;

let eventSerial = 0;

/** The carrier that owns the parcel reports the step's event, as happening now. */
async function carrierEvent(server: TestServer, trackingNumber: string, step: Extract<LifecycleStep, { kind: 'carrier' }>): Promise<void> {
  const key = await carrierKey(server, trackingNumber);
  eventSerial += 1;
  const event = {
    eventId: `${trackingNumber}-${step.code}-${process.pid}-${eventSerial}`, trackingNumber, code: step.code,
    occurredAt: (await afterLatestEvent(server, trackingNumber)).toISOString(), office: step.office, countryCode: step.countryCode,
  };
  const { reportCarrierEvents } = await gql(server, key, `carrier step ${step.name}`, REPORT, { events: [event] });
  if (reportCarrierEvents.acceptedCount !== 1) throw new Error(`carrier step ${step.name} of ${trackingNumber}: ${JSON.stringify(reportCarrierEvents.results)}`);
}

/**
 * TEST-DATA SHAPING, not a lifecycle step: makes a parcel look as if it had been declared `hours`
 * earlier, by moving its declaration time (shipment and customs declaration), every tracking event,
 * its carrier events and its hub arrival back by the same amount, so that its history keeps its
 * order. Used only to spread the dashboard's 48-hour charts and dwell bands over time; nothing in
 * the product ever rewrites history, and no status or event is added or removed here.
 */
export async function backdateParcel(server: TestServer, trackingNumber: string, hours: number): Promise<void> {
  // Shifted in UTC wall time, whose arithmetic is immutable (a Citus cluster refuses a time-zone
  // dependent function of a column in an UPDATE); for a shift in whole seconds it is the same instant.
  const back = (column: string) => `${column} = ((${column} AT TIME ZONE 'UTC') - $2::interval) AT TIME ZONE 'UTC'`;
  await server.database.db.transaction(async (tx) => {
    const shift = `${Math.round(hours * 3600)} seconds`;
    const [row] = await tx.query<{ id: string }>('SELECT id FROM shipments WHERE tracking_number = $1', [trackingNumber]);
    if (!row) throw new Error(`backdate: no parcel ${trackingNumber}`);
    await tx.query(`UPDATE shipments SET ${back('declared_at')} WHERE id = $1`, [row.id, shift]);
    await tx.query(`UPDATE tracking_events SET ${back('occurred_at')} WHERE shipment_id = $1`, [row.id, shift]);
    await tx.query(`UPDATE carrier_events SET ${back('occurred_at')} WHERE shipment_id = $1`, [row.id, shift]);
    await tx.query(
      `UPDATE customs_declarations SET ${back('declared_at')}, ${back('assessed_at')}, ${back('state_changed_at')} WHERE shipment_id = $1`,
      [row.id, shift],
    );
    await tx.query(`UPDATE hub_parcels SET ${back('received_at')} WHERE shipment_id = $1`, [row.id, shift]);
  });
}
