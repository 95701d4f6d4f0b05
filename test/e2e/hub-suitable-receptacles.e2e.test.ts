import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { add, declare, openReceptacle, readyParcels, receive, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const WHERE = `query ($t: String!) { hubParcel(trackingNumber: $t) { state suitableReceptacles { id itemCount } } }`;
const where = async (trackingNumber: string) => {
  const res = await server.gql(WHERE, { t: trackingNumber }, KEYS.hub);
  expect(res.errors).toBeUndefined();
  return res.data.hubParcel as { state: string; suitableReceptacles: { id: string; itemCount: number }[] };
};

describe('HubParcel.suitableReceptacles: where a received parcel goes', () => {
  it('lists the open bags of its lane it may join, fullest first, and none once it is bagged', async () => {
    const [first, second] = await readyParcels(server, 2);
    const empty = await openReceptacle(server, RU_PACKET_LANE);
    const filling = await openReceptacle(server, RU_PACKET_LANE);
    const other = await openReceptacle(server, { ...RU_PACKET_LANE, mailSubclass: 'CC' });
    expect(await add(server, filling.id, first)).toMatchObject({ __typename: 'Receptacle', itemCount: 1 });

    const ids = (await where(second)).suitableReceptacles.map((r) => r.id);
    expect(ids.indexOf(filling.id)).toBe(0);
    expect(ids).toContain(empty.id);
    expect(ids).not.toContain(other.id);
    expect(await where(first)).toEqual({ state: 'BAGGED', suitableReceptacles: [] });
  });

  it('names no bag for a parcel customs has not released', async () => {
    const [held] = await declare(server, 1);
    await receive(server, held);
    await openReceptacle(server, RU_PACKET_LANE);
    expect(await where(held)).toEqual({ state: 'RECEIVED', suitableReceptacles: [] });
  });
});
