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

const SHIPMENT_FIELDS = 'id trackingNumber status return { cause reason returnDispatch reimportRequired reimportReleasedAt receivedAt closedAt outcome }';
const REPORT = `mutation ($input: ReportReturnInput!) { reportReturn(input: $input) { ${SHIPMENT_FIELDS} } }`;
const RECEIVE = `mutation ($t: String!) { receiveReturn(trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
const REIMPORT = `mutation ($t: String!) { releaseReturnReimport(trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
const HAND_BACK = `mutation ($t: String!) { handReturnToSeller(trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
const RECALL = `mutation ($t: String!) { recallShipment(trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
const CHOOSE = `mutation ($t: String!, $c: ReturnChoice!) { chooseReturnOutcome(trackingNumber: $t, choice: $c) { ${SHIPMENT_FIELDS} } }`;
const READ = `query ($t: String) { shipment(trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
const AUDIT = `query ($id: ID!) { auditTrail(entityId: $id) { action after } }`;
const TRACK = `query ($t: String!) { track(trackingNumber: $t) { ... on Tracking { status statusText events { code description ownCode } } } }`;

/** A returned-items dispatch (subclass CB) from Moscow back to the Kuala Lumpur hub's office. */
const RETURN_DISPATCH = 'RUMOWAMYKULAACB60001';

async function declare(): Promise<{ id: string; trackingNumber: string }> {
  const res = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return res.data.declareShipment;
}

/** A parcel the Russian carrier failed to deliver. */
async function undeliverable(): Promise<{ id: string; trackingNumber: string }> {
  const parcel = await declare();
  await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived, LIFECYCLE.deliveryFailed]);
  return parcel;
}

const returnInput = (trackingNumber: string, overrides: Record<string, unknown> = {}) => ({
  trackingNumber, reason: 'REFUSED', returnDispatch: RETURN_DISPATCH, occurredAt: new Date().toISOString(), office: 'RUMOWA', countryCode: 'RU', ...overrides,
});

async function status(trackingNumber: string): Promise<string> {
  return (await server.gql(READ, { t: trackingNumber }, KEYS.admin)).data.shipment.status;
}

function errorCode(res: { errors?: { extensions?: { code?: string } }[] }): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

describe('a carrier return, back to the seller', () => {
  it('travels back in a CB dispatch, is re-received at the hub, re-imported and handed to the seller, with its audit trail and tracking', async () => {
    const parcel = await undeliverable();

    const sent = await server.gql(REPORT, { input: returnInput(parcel.trackingNumber) }, KEYS.carrierRu);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.reportReturn).toMatchObject({ status: 'RETURN_IN_TRANSIT', return: { cause: 'CARRIER_RETURN', reason: 'REFUSED', returnDispatch: RETURN_DISPATCH, reimportRequired: true, outcome: null } });

    // Handing it back before the hub holds it again is refused, nothing written.
    expect(errorCode(await server.gql(HAND_BACK, { t: parcel.trackingNumber }, KEYS.hub))).toBe('RETURN_NOT_ALLOWED');

    // The origin (MY) wants returned goods declared for re-import: received, then with customs.
    const received = await server.gql(RECEIVE, { t: parcel.trackingNumber }, KEYS.hub);
    expect(received.errors).toBeUndefined();
    expect(received.data.receiveReturn.status).toBe('RETURN_IN_REIMPORT_CUSTOMS');
    expect(received.data.receiveReturn.return.receivedAt).not.toBeNull();
    expect(errorCode(await server.gql(HAND_BACK, { t: parcel.trackingNumber }, KEYS.hub))).toBe('REIMPORT_PENDING');

    const released = await server.gql(REIMPORT, { t: parcel.trackingNumber }, KEYS.customs);
    expect(released.errors).toBeUndefined();
    expect(released.data.releaseReturnReimport.return.reimportReleasedAt).not.toBeNull();

    const handed = await server.gql(HAND_BACK, { t: parcel.trackingNumber }, KEYS.hub);
    expect(handed.errors).toBeUndefined();
    expect(handed.data.handReturnToSeller).toMatchObject({ status: 'RETURNED_TO_SENDER', return: { outcome: 'RETURNED' } });

    const audit = (await server.gql(AUDIT, { id: parcel.id }, KEYS.admin)).data.auditTrail as { action: string; after: { transition?: string } }[];
    expect(audit.filter((a) => a.action === 'shipment.status_changed').map((a) => a.after.transition).slice(-4))
      .toEqual(['return.carrier_return', 'return.receive_at_hub', 'return.reimport_customs', 'return.hand_to_seller']);
    expect(audit.map((a) => a.action)).toContain('return.reimport_released');

    const track = (await server.gql(TRACK, { t: parcel.trackingNumber })).data.track;
    expect(track.status).toBe('RETURNED_TO_SENDER');
    const codes = track.events.map((e: { code: string }) => e.code);
    for (const code of ['SGR', 'SGO', 'EDB', 'EDC', 'SGS']) expect(codes).toContain(code);
    expect(track.events.filter((e: { code: string }) => ['SGR', 'SGO', 'SGS'].includes(e.code)).every((e: { ownCode: boolean }) => e.ownCode)).toBe(true);
    expect(track.events.find((e: { code: string }) => e.code === 'SGR').description).toBe('Being returned to the sender');

    // The buyer's page in each of the four languages, with no reason (nor anything personal) in it.
    for (const [lang, text] of [['en', 'Returned to the seller'], ['ru', 'Возвращено продавцу'], ['ms', 'Dikembalikan kepada penjual'], ['zh', '已退回卖家']]) {
      const html = await (await fetch(`${server.url}/track/${parcel.trackingNumber}?lang=${lang}`)).text();
      expect(html).toContain(text);
      expect(html).not.toContain('REFUSED');
    }
  });

  it('lets an ADMIN key do the hub and customs steps of a return, as the schema says', async () => {
    const parcel = await undeliverable();
    expect((await server.gql(REPORT, { input: returnInput(parcel.trackingNumber) }, KEYS.carrierRu)).errors).toBeUndefined();
    const received = await server.gql(RECEIVE, { t: parcel.trackingNumber }, KEYS.admin);
    expect(received.data.receiveReturn.status).toBe('RETURN_IN_REIMPORT_CUSTOMS');
    const released = await server.gql(REIMPORT, { t: parcel.trackingNumber }, KEYS.admin);
    expect(released.data.releaseReturnReimport.return.reimportReleasedAt).not.toBeNull();
    const handed = await server.gql(HAND_BACK, { t: parcel.trackingNumber }, KEYS.admin);
    expect(handed.data.handReturnToSeller).toMatchObject({ status: 'RETURNED_TO_SENDER', return: { outcome: 'RETURNED' } });
  });

  it('refuses a return that is not a CB dispatch to the origin, from another carrier, or of a parcel not in carrier hands, writing nothing', async () => {
    const parcel = await undeliverable();
    const wrongSubclass = await server.gql(REPORT, { input: returnInput(parcel.trackingNumber, { returnDispatch: 'RUMOWAMYKULAACC60001' }) }, KEYS.carrierRu);
    expect(errorCode(wrongSubclass)).toBe('INVALID_RETURN_DISPATCH');
    expect(errorCode(await server.gql(REPORT, { input: returnInput(parcel.trackingNumber, { returnDispatch: 'NOT-AN-S8' }) }, KEYS.carrierRu))).toBe('INVALID_RETURN_DISPATCH');
    expect(errorCode(await server.gql(REPORT, { input: returnInput(parcel.trackingNumber) }, KEYS.carrierDe))).toBe('NOT_YOUR_ITEM');
    expect(errorCode(await server.gql(REPORT, { input: returnInput(parcel.trackingNumber, { reason: 'LOST' }) }, KEYS.carrierRu))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(REPORT, { input: returnInput(parcel.trackingNumber) }, KEYS.seller))).toBe('FORBIDDEN');
    expect(await status(parcel.trackingNumber)).toBe('DELIVERY_ATTEMPTED');
    expect((await server.gql(READ, { t: parcel.trackingNumber }, KEYS.admin)).data.shipment.return).toBeNull();

    const atOrigin = await declare();
    expect(errorCode(await server.gql(REPORT, { input: returnInput(atOrigin.trackingNumber) }, KEYS.carrierRu))).toBe('RETURN_NOT_ALLOWED');
    expect(await status(atOrigin.trackingNumber)).toBe('DECLARED');
  });

  it('lets the seller give up a parcel on its way back, but not once it is back at the hub', async () => {
    const abandoned = await undeliverable();
    await server.gql(REPORT, { input: returnInput(abandoned.trackingNumber, { reason: 'ADDRESSEE_UNKNOWN' }) }, KEYS.carrierRu);
    expect(errorCode(await server.gql(CHOOSE, { t: abandoned.trackingNumber, c: 'ABANDON' }, KEYS.otherSeller))).toBe('NOT_FOUND');
    const chosen = await server.gql(CHOOSE, { t: abandoned.trackingNumber, c: 'ABANDON' }, KEYS.seller);
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data.chooseReturnOutcome).toMatchObject({ status: 'RETURN_ABANDONED', return: { outcome: 'ABANDONED' } });

    const kept = await undeliverable();
    await server.gql(REPORT, { input: returnInput(kept.trackingNumber, { reason: 'FAILED_ATTEMPTS' }) }, KEYS.carrierRu);
    await server.gql(RECEIVE, { t: kept.trackingNumber }, KEYS.hub);
    expect(errorCode(await server.gql(CHOOSE, { t: kept.trackingNumber, c: 'ABANDON' }, KEYS.seller))).toBe('ABANDON_NOT_ALLOWED');
    expect(await status(kept.trackingNumber)).toBe('RETURN_IN_REIMPORT_CUSTOMS');
  });
});

describe('a seller recall before dispatch', () => {
  it('returns a parcel not yet bagged to the seller, and refuses once it is', async () => {
    const parcel = await declare();
    expect(errorCode(await server.gql(RECALL, { t: parcel.trackingNumber }, KEYS.otherSeller))).toBe('NOT_FOUND');
    const recalled = await server.gql(RECALL, { t: parcel.trackingNumber }, KEYS.seller);
    expect(recalled.errors).toBeUndefined();
    expect(recalled.data.recallShipment).toMatchObject({ status: 'RETURNED_TO_SENDER', return: { cause: 'SELLER_RECALL', outcome: 'RETURNED' } });
    const track = (await server.gql(TRACK, { t: parcel.trackingNumber })).data.track;
    expect(track.events.map((e: { code: string }) => e.code)).toContain('SGC');

    const bagged = await declare();
    await advanceParcel(server, bagged.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.bagged]);
    expect(errorCode(await server.gql(RECALL, { t: bagged.trackingNumber }, KEYS.seller))).toBe('RECALL_TOO_LATE');
    expect(await status(bagged.trackingNumber)).toBe('BAGGED');
  });
});
