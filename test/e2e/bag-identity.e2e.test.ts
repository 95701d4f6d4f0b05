import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allText } from '../support/pdf.js';
import { add, CLOSE_DISPATCH, CLOSE_RECEPTACLE, openDispatch, openReceptacle, readyParcels, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, key: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
const RECEPTACLE = `query ($id: ID!) { receptacle(id: $id) { receptacleNumber cn35Url } }`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) {
  reportCarrierEvents(events: $events) { results { __typename ... on CarrierEventRejected { errorCode message } } }
}`;
const ACK = `mutation ($id: ID!, $received: HandoffReceivedInput!) {
  acknowledgeHandoff(id: $id, received: $received) { receipt { received missing extra hasDiscrepancies } }
}`;

describe("a bag keeps its identity when its dispatch's close rewrites its S9", () => {
  it('the CN 35 link and the printed S9 of the last bag keep working; a reprint shows the final S9', async () => {
    const numbers = await readyParcels(server, 2);
    const dispatch = await openDispatch(server, RU_PACKET_LANE);
    const bags = [await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id }), await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id })];
    const printed: { s9: string; cn35Url: string }[] = [];
    for (const [i, bag] of bags.entries()) {
      await add(server, bag.id, numbers[i]);
      expect((await server.gql(CLOSE_RECEPTACLE, { r: bag.id }, KEYS.hub)).data.closeReceptacle.state).toBe('CLOSED');
      const read = (await server.gql(RECEPTACLE, { id: bag.id }, KEYS.hub)).data.receptacle;
      printed.push({ s9: read.receptacleNumber, cn35Url: read.cn35Url });
    }
    // Not the last bag until the dispatch closes: highest-receptacle indicator 0 on both labels.
    expect(printed.map((p) => p.s9[23])).toEqual(['0', '0']);
    expect((await server.gql(CLOSE_DISPATCH, { d: dispatch.id }, KEYS.hub)).data.closeDispatch.state).toBe('CLOSED');

    const last = (await server.gql(RECEPTACLE, { id: bags[1].id }, KEYS.hub)).data.receptacle;
    const finalS9 = `${printed[1].s9.slice(0, 23)}1${printed[1].s9.slice(24)}`;
    expect(last.receptacleNumber).toBe(finalS9);

    // The link given when the bag closed still answers, and the reprint shows the final S9.
    const reprint = await get(printed[1].cn35Url, KEYS.hub);
    expect(reprint.status).toBe(200);
    const text = await allText(new Uint8Array(await reprint.arrayBuffer()));
    expect(text).toContain(finalS9);
    expect(text).not.toContain(printed[1].s9);
    expect((await get(last.cn35Url, KEYS.hub)).status).toBe(200);

    // The carrier scans the printed label: the receptacle event is accepted.
    const event = await server.gql(REPORT, { events: [{ eventId: `bag-${finalS9}`, receptacleId: printed[1].s9, code: '74', occurredAt: new Date().toISOString() }] }, KEYS.carrierRu);
    expect(event.data.reportCarrierEvents.results).toEqual([{ __typename: 'CarrierEventAccepted' }]);
    // An unknown serial of the same dispatch is still unknown.
    const unknown = `${printed[1].s9.slice(0, 20)}999${printed[1].s9.slice(23)}`;
    const refused = await server.gql(REPORT, { events: [{ eventId: `bag-${unknown}`, receptacleId: unknown, code: '74', occurredAt: new Date().toISOString() }] }, KEYS.carrierRu);
    expect(refused.data.reportCarrierEvents.results[0].errorCode).toBe('UNKNOWN_RECEPTACLE');

    // Acknowledging with the printed numbers: every bag received, no discrepancy, the receipt names the final S9s.
    const ack = await server.gql(ACK, { id: dispatch.id, received: { receptacleNumbers: printed.map((p) => p.s9) } }, KEYS.carrierRu);
    expect(ack.data.acknowledgeHandoff.receipt).toEqual({ received: [printed[0].s9, finalS9], missing: [], extra: [], hasDiscrepancies: false });
  });
});
