/**
 * Returns that start outside the returns module's own mutations: a carrier's SGR among its events
 * (reportCarrierEvents, in bulk, out of time order), and a parcel customs rejected at the origin —
 * sent back by customs' RETURN_TO_SENDER decision or abandoned by the seller. Each writes its
 * `returns` row in the moving transaction, and the seller hears of every step.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const RETURN_FIELDS = 'return { cause reason returnDispatch reimportRequired closedAt outcome }';
const READ = `query ($t: String) { shipment(trackingNumber: $t) { id status ${RETURN_FIELDS} } }`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) {
  acceptedCount duplicateCount rejectedCount
  results { __typename ... on CarrierEventAccepted { index status duplicate } ... on CarrierEventRejected { index errorCode message } } } }`;
const DECIDE = `mutation ($id: ID!, $decision: CustomsDecision!, $reason: String, $v: Int!) {
  decideDeclaration(id: $id, decision: $decision, reason: $reason, expectedVersion: $v) { __typename ... on CustomsDeclaration { state version shipment { status } } }
}`;
const VERSION = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { state version } }`;
const CHOOSE = `mutation ($t: String!, $c: ReturnChoice!) { chooseReturnOutcome(trackingNumber: $t, choice: $c) { status ${RETURN_FIELDS} } }`;
const MESSAGES = `SELECT payload->>'status' AS status, payload->>'transition' AS transition FROM outbox_messages
  WHERE topic = 'shipment.status_changed' AND aggregate_id = $1 ORDER BY seq`;
const TRACK = `query ($t: String!) { track(trackingNumber: $t) { ... on Tracking { status events { code } } } }`;

/** A returned-items dispatch (subclass CB) from Moscow back to the Kuala Lumpur hub's office. */
const RETURN_DISPATCH = 'RUMOWAMYKULAACB60002';

async function declare(input = declarationInput()): Promise<{ id: string; trackingNumber: string }> {
  const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return res.data.declareShipment;
}

async function read(trackingNumber: string) {
  return (await server.gql(READ, { t: trackingNumber }, KEYS.admin)).data.shipment;
}

async function statusMessages(id: string): Promise<{ status: string; transition: string }[]> {
  return server.database.db.query(MESSAGES, [id]);
}

// After the lifecycle's own events (stamped now): a carrier's clock may run a little ahead.
const at = (minutesLater: number) => new Date(Date.now() + minutesLater * 60_000).toISOString();
let eventSeq = 0;
const event = (trackingNumber: string, code: string, minutesLater: number, extra: Record<string, unknown> = {}) => ({
  eventId: `returns-seams-${++eventSeq}`, trackingNumber, code, occurredAt: at(minutesLater), countryCode: 'RU', ...extra,
});
const sgr = (trackingNumber: string, minutesLater: number, extra: Record<string, unknown> = {}) =>
  event(trackingNumber, 'SGR', minutesLater, { office: 'RUMOWA', returnReason: 'ADDRESSEE_UNKNOWN', returnDispatch: RETURN_DISPATCH, ...extra });

describe('a carrier return among its events', () => {
  it('moves the parcel back in event time, writes the return with its reason and dispatch, and tells the seller each step', async () => {
    const parcel = await declare();
    await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived]);
    // Out of order: the return (latest) before the failed attempt that preceded it.
    const res = await server.gql(REPORT, { events: [sgr(parcel.trackingNumber, 30), event(parcel.trackingNumber, 'EMH', 5)] }, KEYS.carrierRu);
    expect(res.errors).toBeUndefined();
    expect(res.data.reportCarrierEvents).toMatchObject({ acceptedCount: 2, rejectedCount: 0 });
    expect(res.data.reportCarrierEvents.results.map((r: { status: string }) => r.status)).toEqual(['RETURN_IN_TRANSIT', 'RETURN_IN_TRANSIT']);

    expect(await read(parcel.trackingNumber)).toMatchObject({
      status: 'RETURN_IN_TRANSIT',
      return: { cause: 'CARRIER_RETURN', reason: 'ADDRESSEE_UNKNOWN', returnDispatch: RETURN_DISPATCH, reimportRequired: true, outcome: null },
    });
    expect((await statusMessages(parcel.id)).slice(-2)).toEqual([
      { status: 'DELIVERY_ATTEMPTED', transition: 'carrier.delivery_attempted' },
      { status: 'RETURN_IN_TRANSIT', transition: 'return.carrier_return' },
    ]);
    const track = (await server.gql(TRACK, { t: parcel.trackingNumber })).data.track;
    expect(track.events.map((e: { code: string }) => e.code).slice(-2)).toEqual(['EMH', 'SGR']);

    // A later event of the outbound journey does not bring it back; a second return is refused.
    const late = await server.gql(REPORT, { events: [event(parcel.trackingNumber, 'EMI', 40), sgr(parcel.trackingNumber, 41)] }, KEYS.carrierRu);
    expect(late.data.reportCarrierEvents.results).toMatchObject([
      { __typename: 'CarrierEventAccepted', status: 'RETURN_IN_TRANSIT' },
      { __typename: 'CarrierEventRejected', errorCode: 'RETURN_NOT_ALLOWED' },
    ]);
    expect((await read(parcel.trackingNumber)).status).toBe('RETURN_IN_TRANSIT');
  });

  it('answers a malformed return one event at a time and stores the rest', async () => {
    const parcel = await declare();
    await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived]);
    const atOrigin = await declare();
    const res = await server.gql(REPORT, {
      events: [
        sgr(parcel.trackingNumber, 1, { returnReason: null }),
        sgr(parcel.trackingNumber, 2, { returnDispatch: 'RUMOWAMYKULAACC60002' }),
        sgr(parcel.trackingNumber, 3, { returnDispatch: 'NOT-AN-S8' }),
        event(parcel.trackingNumber, 'EMH', 4, { returnReason: 'REFUSED' }),
        sgr(atOrigin.trackingNumber, 5),
        event(parcel.trackingNumber, 'EMH', 6),
      ],
    }, KEYS.carrierRu);
    expect(res.errors).toBeUndefined();
    expect(res.data.reportCarrierEvents.results.map((r: { errorCode?: string; status?: string }) => r.errorCode ?? r.status)).toEqual([
      'INVALID_EVENT', 'INVALID_RETURN_DISPATCH', 'INVALID_RETURN_DISPATCH', 'INVALID_EVENT', 'RETURN_NOT_ALLOWED', 'DELIVERY_ATTEMPTED',
    ]);
    expect(await read(parcel.trackingNumber)).toMatchObject({ status: 'DELIVERY_ATTEMPTED', return: null });
    expect(await read(atOrigin.trackingNumber)).toMatchObject({ status: 'DECLARED', return: null });
  });
});

describe('a parcel customs rejected at the origin', () => {
  /** A low-value declaration the risk rules send to an officer (AMBER), then rejected by one. */
  async function rejected(): Promise<{ id: string; trackingNumber: string }> {
    const base = declarationInput();
    const parcel = await declare({ ...base, lines: [{ ...base.lines[0], value: { amountMinor: 100, currency: 'MYR' } }] });
    const { version } = (await server.gql(VERSION, { id: parcel.id }, KEYS.customs)).data.customsDeclaration;
    const res = await server.gql(DECIDE, { id: parcel.id, decision: 'REJECT', reason: 'Undervalued', v: version }, KEYS.customs);
    expect(res.data.decideDeclaration).toMatchObject({ __typename: 'CustomsDeclaration', state: 'REJECTED', shipment: { status: 'CUSTOMS_REJECTED' } });
    return parcel;
  }

  it("goes back to the seller by customs' decision, recorded as a return", async () => {
    const parcel = await rejected();
    expect((await read(parcel.trackingNumber)).return).toBeNull();
    const { version } = (await server.gql(VERSION, { id: parcel.id }, KEYS.customs)).data.customsDeclaration;
    const res = await server.gql(DECIDE, { id: parcel.id, decision: 'RETURN_TO_SENDER', reason: 'Back to the seller', v: version }, KEYS.customs);
    expect(res.data.decideDeclaration).toMatchObject({ state: 'RETURNED_TO_SENDER', shipment: { status: 'RETURNED_TO_SENDER' } });
    expect(await read(parcel.trackingNumber)).toMatchObject({ status: 'RETURNED_TO_SENDER', return: { cause: 'CUSTOMS_REJECTION', reason: null, outcome: 'RETURNED' } });
    expect((await read(parcel.trackingNumber)).return.closedAt).not.toBeNull();
    expect((await statusMessages(parcel.id)).at(-1)).toEqual({ status: 'RETURNED_TO_SENDER', transition: 'customs.return_to_sender' });
  });

  it('can be abandoned by its seller, and only by its seller; a parcel customs did not reject cannot', async () => {
    const parcel = await rejected();
    expect((await server.gql(CHOOSE, { t: parcel.trackingNumber, c: 'ABANDON' }, KEYS.otherSeller)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const chosen = await server.gql(CHOOSE, { t: parcel.trackingNumber, c: 'ABANDON' }, KEYS.seller);
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data.chooseReturnOutcome).toMatchObject({ status: 'RETURN_ABANDONED', return: { cause: 'CUSTOMS_REJECTION', outcome: 'ABANDONED' } });
    expect((await statusMessages(parcel.id)).at(-1)).toEqual({ status: 'RETURN_ABANDONED', transition: 'return.abandon' });

    const released = await declare();
    await advanceParcel(server, released.trackingNumber, TO_CUSTOMS_RELEASE);
    expect((await server.gql(CHOOSE, { t: released.trackingNumber, c: 'ABANDON' }, KEYS.seller)).errors?.[0].extensions?.code).toBe('RETURN_NOT_ALLOWED');
    expect(await read(released.trackingNumber)).toMatchObject({ status: 'CUSTOMS_RELEASED', return: null });
  });
});
