import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { fastWebhooks } from '../support/webhooks.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks() });
});
afterAll(async () => {
  await server?.stop();
});

const REPORT = `mutation ($events: [CarrierEventInput!]!) {
  reportCarrierEvents(events: $events) {
    acceptedCount duplicateCount rejectedCount
    results {
      __typename
      ... on CarrierEventAccepted { index eventId duplicate trackingNumber status }
      ... on CarrierEventRejected { index eventId errorCode message }
    }
  }
}`;
const TRACK = `query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code occurredAt } } } }`;
const DECLARE = `mutation ($input: DeclareShipmentInput!) { declareShipment(input: $input) { ... on Shipment { id trackingNumber } } }`;

async function parcelTo(countryCode: string) {
  const input = declarationInput();
  const res = await server.gql(DECLARE, { input: { ...input, addressee: { ...(input.addressee as object), countryCode } } }, KEYS.seller);
  return res.data.declareShipment as { id: string; trackingNumber: string };
}

// Event times: minutes after the declaration (EMA, now); "hour" is a step, a minute apart.
const T0 = Date.now() + 60_000;
const at = (hour: number) => new Date(T0 + hour * 60_000).toISOString();
let seq = 0;
const eventId = () => `ru-evt-${Date.now()}-${(seq += 1)}`;

describe('reportCarrierEvents', () => {
  it('answers each bad event on its own and stores the rest', async () => {
    const mine = await parcelTo('RU');
    const german = await parcelTo('DE');
    const res = await server.gql(
      REPORT,
      {
        events: [
          { eventId: eventId(), trackingNumber: mine.trackingNumber, code: 'EMD', occurredAt: at(1), office: 'RUMOWA', countryCode: 'RU' },
          { eventId: eventId(), trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: at(1) },
          { eventId: eventId(), trackingNumber: german.trackingNumber, code: 'EMD', occurredAt: at(1) },
          { eventId: eventId(), trackingNumber: mine.trackingNumber, code: 'ZZZ', occurredAt: at(1) },
          { eventId: eventId(), receptacleId: 'MYKULBRUMOWAAUN60001001100050', code: '74', occurredAt: at(1) },
          { eventId: eventId(), trackingNumber: mine.trackingNumber, receptacleId: 'X', code: 'EMD', occurredAt: at(1) },
          { eventId: eventId(), trackingNumber: mine.trackingNumber, code: 'EDB', occurredAt: at(2) },
        ],
      },
      KEYS.carrierRu,
    );
    expect(res.errors).toBeUndefined();
    const r = res.data.reportCarrierEvents;
    expect(r.results.map((x: any) => x.__typename === 'CarrierEventAccepted' ? 'OK' : x.errorCode)).toEqual([
      'OK', 'UNKNOWN_ITEM', 'NOT_YOUR_ITEM', 'UNKNOWN_EVENT_CODE', 'UNKNOWN_RECEPTACLE', 'INVALID_EVENT', 'OK',
    ]);
    expect(r).toMatchObject({ acceptedCount: 2, duplicateCount: 0, rejectedCount: 5 });
    expect(r.results[6]).toMatchObject({ index: 6, status: 'IN_IMPORT_CUSTOMS', trackingNumber: mine.trackingNumber, duplicate: false });
    const track = await server.gql(TRACK, { n: mine.trackingNumber });
    expect(track.data.track.status).toBe('IN_IMPORT_CUSTOMS');
    expect(track.data.track.events.map((e: any) => e.code)).toEqual(['SGA', 'EMD', 'EDB']);
  });

  it('is idempotent by (carrier, event id), across calls and within one', async () => {
    const parcel = await parcelTo('RU');
    const event = { eventId: eventId(), trackingNumber: parcel.trackingNumber, code: 'EMD', occurredAt: at(3) };
    const first = await server.gql(REPORT, { events: [event, event] }, KEYS.carrierRu);
    expect(first.data.reportCarrierEvents).toMatchObject({ acceptedCount: 1, duplicateCount: 1 });
    const again = await server.gql(REPORT, { events: [event] }, KEYS.carrierRu);
    expect(again.data.reportCarrierEvents.results[0]).toMatchObject({ duplicate: true, status: 'AT_DESTINATION' });
    const rows = await server.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tracking_events WHERE shipment_id = $1 AND code = 'EMD'`,
      [parcel.id],
    );
    expect(rows[0].n).toBe(1);
    // The same id from another carrier is that carrier's own event (here: not its parcel).
    const other = await server.gql(REPORT, { events: [event] }, KEYS.carrierDe);
    expect(other.data.reportCarrierEvents.results[0].errorCode).toBe('NOT_YOUR_ITEM');
  });

  it('sorts the timeline by event time and takes the status from the latest event, whatever the arrival order', async () => {
    const parcel = await parcelTo('RU');
    for (const [code, hour] of [['EDG', 9], ['EMD', 5], ['EDB', 6]] as const) {
      const res = await server.gql(REPORT, { events: [{ eventId: eventId(), trackingNumber: parcel.trackingNumber, code, occurredAt: at(hour) }] }, KEYS.carrierRu);
      expect(res.data.reportCarrierEvents.results[0].status).toBe('OUT_FOR_DELIVERY');
    }
    const track = await server.gql(TRACK, { n: parcel.trackingNumber });
    expect(track.data.track.events.slice(1).map((e: any) => e.code)).toEqual(['EMD', 'EDB', 'EDG']);
    expect(track.data.track.status).toBe('OUT_FOR_DELIVERY');
  });

  it('closes the parcel on final delivery: later or late events do not reopen it', async () => {
    const parcel = await parcelTo('RU');
    const report = (code: string, hour: number) =>
      server.gql(REPORT, { events: [{ eventId: eventId(), trackingNumber: parcel.trackingNumber, code, occurredAt: at(hour) }] }, KEYS.carrierRu);
    await report('EDG', 10);
    expect((await report('EMI', 12)).data.reportCarrierEvents.results[0].status).toBe('DELIVERED');
    expect((await report('EMH', 14)).data.reportCarrierEvents.results[0].status).toBe('DELIVERED');
    expect((await report('EDG', 11)).data.reportCarrierEvents.results[0].status).toBe('DELIVERED');
    const track = await server.gql(TRACK, { n: parcel.trackingNumber });
    expect(track.data.track.status).toBe('DELIVERED');

    // One audit record per stored event plus status changes; one outbox message per status change.
    const audit = await server.database.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [parcel.id]);
    expect(audit.filter((a) => a.action === 'carrier.event_reported')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'shipment.status_changed')).toHaveLength(2);
    const outbox = await server.database.db.query<{ payload: { status: string; previousStatus: string } }>(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 AND topic = 'shipment.status_changed' ORDER BY seq`,
      [parcel.id],
    );
    expect(outbox.map((m) => [m.payload.previousStatus, m.payload.status])).toEqual([['DECLARED', 'OUT_FOR_DELIVERY'], ['OUT_FOR_DELIVERY', 'DELIVERED']]);
  });

  it('takes events from carrier keys only', async () => {
    const res = await server.gql(REPORT, { events: [{ eventId: 'x', trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: at(1) }] }, KEYS.seller);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const empty = await server.gql(REPORT, { events: [] }, KEYS.carrierRu);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
