import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { declarationInput } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { drainDeliveries, fastWebhooks, REGISTER } from '../support/webhooks.js';

let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks() });
  receiver = await startWebhookReceiver();
  // The seller subscribes to everything.
  const res = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['*'] } }, KEYS.seller);
  expect(res.errors).toBeUndefined();
  receiver.setSecret(res.data.registerWebhookEndpoint.secret);
});
afterAll(async () => {
  await receiver?.close();
  await server?.stop();
});

const DECLARE = `mutation ($input: DeclareShipmentInput!) { declareShipment(input: $input) { ... on Shipment { id trackingNumber status } } }`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) {
  reportCarrierEvents(events: $events) { results { __typename ... on CarrierEventAccepted { status } ... on CarrierEventRejected { errorCode } } }
}`;
const AUDIT = `query ($id: ID!) { auditTrail(entityId: $id) { action before after } }`;

async function declare(): Promise<{ id: string; trackingNumber: string }> {
  const res = await server.gql(DECLARE, { input: declarationInput() }, KEYS.seller);
  expect(res.errors).toBeUndefined();
  return res.data.declareShipment;
}

/** The status-changed messages the seller's endpoint received for one parcel, in message order. */
async function statusMessages(trackingNumber: string): Promise<[string, string, string][]> {
  await drainDeliveries(server);
  return receiver.messages
    .filter((m) => m.type === 'shipment.status_changed' && (m.data as { trackingNumber: string }).trackingNumber === trackingNumber)
    .sort((a, b) => Number(a.id.slice(4)) - Number(b.id.slice(4)))
    .map((m) => {
      const d = m.data as { previousStatus: string; status: string; transition: string };
      return [d.previousStatus, d.status, d.transition];
    });
}

describe('the shipments module owns the public status', () => {
  it('tells a seller subscribed to * of every status change, hub steps and handover included', async () => {
    const parcel = await declare();
    await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.bagged, LIFECYCLE.dispatched, LIFECYCLE.handedOver]);
    expect(await statusMessages(parcel.trackingNumber)).toEqual([
      ['DECLARED', 'CUSTOMS_RELEASED', 'customs.release'],
      ['CUSTOMS_RELEASED', 'RECEIVED_AT_HUB', 'hub.receive'],
      ['RECEIVED_AT_HUB', 'BAGGED', 'hub.bag'],
      ['BAGGED', 'DISPATCHED', 'hub.dispatch'],
      ['DISPATCHED', 'HANDED_TO_CARRIER', 'carrier.handover'],
    ]);
    // Each change is in the parcel's audit trail with the edge it took.
    const audit = await server.gql(AUDIT, { id: parcel.id }, KEYS.admin);
    const changes = audit.data.auditTrail.filter((a: { action: string }) => a.action === 'shipment.status_changed');
    expect(changes.map((a: { after: { transition: string } }) => a.after.transition)).toEqual(['customs.release', 'hub.receive', 'hub.bag', 'hub.dispatch', 'carrier.handover']);
  });

  it('announces every status a carrier batch passes through, in event time, whatever order the events came in', async () => {
    const parcel = await declare();
    await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver]);
    const t = Date.now() + 1_000;
    const at = (minutes: number) => new Date(t + minutes * 60_000).toISOString();
    const events = [
      { eventId: `${parcel.trackingNumber}-3`, trackingNumber: parcel.trackingNumber, code: 'EMI', occurredAt: at(30) },
      { eventId: `${parcel.trackingNumber}-1`, trackingNumber: parcel.trackingNumber, code: 'EMD', occurredAt: at(10) },
      { eventId: `${parcel.trackingNumber}-2`, trackingNumber: parcel.trackingNumber, code: 'EDG', occurredAt: at(20) },
    ];
    const res = await server.gql(REPORT, { events }, KEYS.carrierRu);
    expect(res.data.reportCarrierEvents.results.map((r: { status: string }) => r.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
    const messages = await statusMessages(parcel.trackingNumber);
    expect(messages.slice(-3)).toEqual([
      ['HANDED_TO_CARRIER', 'AT_DESTINATION', 'carrier.at_destination'],
      ['AT_DESTINATION', 'OUT_FOR_DELIVERY', 'carrier.out_for_delivery'],
      ['OUT_FOR_DELIVERY', 'DELIVERED', 'carrier.deliver'],
    ]);
  });

  it('announces a status set at declaration (an amber parcel goes straight to customs review)', async () => {
    const input = declarationInput();
    // Undervalued for its goods: the risk rules route it to an officer.
    const res = await server.gql(DECLARE, { input: { ...input, lines: [{ ...input.lines[0], value: { amountMinor: 100, currency: 'MYR' } }] } }, KEYS.seller);
    const parcel = res.data.declareShipment;
    expect(parcel.status).toBe('CUSTOMS_REVIEW');
    expect(await statusMessages(parcel.trackingNumber)).toEqual([['DECLARED', 'CUSTOMS_REVIEW', 'customs.review']]);
  });

  it('leaves a parcel customs refused as it is when a carrier reports on it', async () => {
    const parcel = await declare();
    const decide = (decision: string, reason: string, v: number) =>
      server.gql(`mutation ($id: ID!, $d: CustomsDecision!, $r: String, $v: Int!) { decideDeclaration(id: $id, decision: $d, reason: $r, expectedVersion: $v) { __typename } }`, { id: parcel.id, d: decision, r: reason, v }, KEYS.customs);
    expect((await decide('HOLD', 'x-ray', 1)).data.decideDeclaration.__typename).toBe('CustomsDeclaration');
    expect((await decide('SEIZE', 'counterfeit', 2)).data.decideDeclaration.__typename).toBe('CustomsDeclaration');
    const res = await server.gql(REPORT, { events: [{ eventId: `${parcel.trackingNumber}-x`, trackingNumber: parcel.trackingNumber, code: 'EMD', occurredAt: new Date().toISOString() }] }, KEYS.carrierRu);
    expect(res.data.reportCarrierEvents.results[0]).toEqual({ __typename: 'CarrierEventAccepted', status: 'SEIZED' });
  });

  it('moves a parcel through several steps of one call with one write, and stops it before a step the machine refuses', async () => {
    const parcel = await declare();
    await advanceParcel(server, parcel.trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver]);
    const owner = server.silkgate.services.shipmentStatus;
    const context = { actor: { kind: 'system' as const, name: 'system:status-owner-spec' as const }, source: 'spec', now: new Date(), illegal: 'skip' as const };
    const [{ version: before }] = await server.database.db.query<{ version: number }>('SELECT version FROM shipments WHERE id = $1', [parcel.id]);
    // DELIVERED then back to AT_DESTINATION: the machine allows the first two steps only.
    const result = await server.database.db.transaction((tx) => owner.changeStatus(tx, [
      { shipmentId: parcel.id, to: 'AT_DESTINATION' },
      { shipmentId: parcel.id, to: 'DELIVERED' },
      { shipmentId: parcel.id, to: 'AT_DESTINATION' },
    ], context));
    expect(result.changed.map((c) => [c.from, c.to, c.edge])).toEqual([
      ['HANDED_TO_CARRIER', 'AT_DESTINATION', 'carrier.at_destination'],
      ['AT_DESTINATION', 'DELIVERED', 'carrier.deliver'],
    ]);
    expect(result.refused).toEqual([{ shipmentId: parcel.id, from: 'DELIVERED', to: 'AT_DESTINATION' }]);
    const [{ status, version }] = await server.database.db.query<{ status: string; version: number }>('SELECT status, version FROM shipments WHERE id = $1', [parcel.id]);
    expect([status, version]).toEqual(['DELIVERED', before + 1]);
    expect((await statusMessages(parcel.trackingNumber)).slice(-2)).toEqual([
      ['HANDED_TO_CARRIER', 'AT_DESTINATION', 'carrier.at_destination'],
      ['AT_DESTINATION', 'DELIVERED', 'carrier.deliver'],
    ]);
    // Refused at its first step, a parcel does not move at all; without skip, the call fails and writes nothing.
    const refused = await server.database.db.transaction((tx) => owner.changeStatus(tx, [{ shipmentId: parcel.id, to: 'IN_TRANSIT' }, { shipmentId: parcel.id, to: 'DELIVERED' }], context));
    expect(refused.changed).toEqual([]);
    await expect(server.database.db.transaction((tx) => owner.changeStatus(tx, [{ shipmentId: parcel.id, to: 'AT_DESTINATION' }], { ...context, illegal: 'throw' }))).rejects.toThrow(/DELIVERED/);
    const [after] = await server.database.db.query<{ status: string; version: number }>('SELECT status, version FROM shipments WHERE id = $1', [parcel.id]);
    expect(after).toEqual({ status: 'DELIVERED', version: before + 1 });
  });
});
