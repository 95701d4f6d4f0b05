import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { releaseParcels } from '../support/customs-release.js';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { add, CLOSE_RECEPTACLE, openDispatch, openReceptacle, readyParcels, RU_PARCEL_LANE, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { DELETE_ENDPOINT, DELIVERIES, drainDeliveries, fastWebhooks, REGISTER } from '../support/webhooks.js';
import { advanceParcel, backdateParcel, LIFECYCLE, RELEASE_TO_DELIVERY, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';

let server: TestServer;

const OVERVIEW = `query ($hours: Int) {
  opsOverview(hours: $hours) {
    hours hubCode generatedAt
    statusCounts { status count }
    hourly { hour declared received released dispatched }
    customsQueue { lane count oldestSince }
    dwellBands { band label minHours maxHours count }
    openReceptacles { receptacleId lane { destinationOffice mailCategory mailSubclass carrier { code } } destinationCountry parcelCount weightGrams maxWeightGrams openedAt }
    carrierHealth { carrierCode carrierName delivered failedAttempts messageFailures deadLetters }
  }
}`;

async function declare(overrides: Record<string, unknown> = {}, on: TestServer = server): Promise<string> {
  const res = await on.gql(DECLARE_ONE, { input: declarationInput(overrides) }, KEYS.seller);
  return res.data.declareShipment.trackingNumber as string;
}

/** Declarations the customs module routes to each lane (as in test/e2e/customs.e2e.test.ts), each to its own addressee. */
const line = declarationInput().lines[0];
const ownAddressee = () => ({ addressee: { ...declarationInput().addressee, name: `Buyer ${uniqueRef('B')}` } });
const LANE_INPUT = {
  GREEN: () => ownAddressee(),
  // Undervalued: review by an officer.
  AMBER: () => ({ ...ownAddressee(), lines: [{ ...line, value: { amountMinor: 100, currency: 'MYR' } }] }),
  // Arms (HS chapter 93): inspection.
  RED: () => ({ ...ownAddressee(), lines: [{ ...line, description: 'Air pistol, 4.5 mm', hsCode: '930400', quantity: 1, value: { amountMinor: 90000, currency: 'MYR' } }] }),
};

const WAITING_STATES = ['ASSESSED', 'UNDER_REVIEW', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED'];
const OFFICER_QUEUE = `query ($states: [CustomsState!]) {
  customsQueue(filter: { states: $states }, first: 500) { edges { node { lane state shipment { declaredAt } } } pageInfo { hasNextPage } }
}`;

/** The customs module's own officer queue over the waiting states, grouped the way the dashboard groups it. */
async function officerQueueByLane(): Promise<{ lane: string; count: number; oldestSince: string }[]> {
  const res = await server.gql(OFFICER_QUEUE, { states: WAITING_STATES }, KEYS.customs);
  expect(res.errors).toBeUndefined();
  expect(res.data.customsQueue.pageInfo.hasNextPage).toBe(false);
  const lanes = new Map<string, { lane: string; count: number; oldestSince: string }>();
  for (const { node } of res.data.customsQueue.edges as { node: { lane: string; shipment: { declaredAt: string } } }[]) {
    const row = lanes.get(node.lane) ?? { lane: node.lane, count: 0, oldestSince: node.shipment.declaredAt };
    row.count += 1;
    if (Date.parse(node.shipment.declaredAt) < Date.parse(row.oldestSince)) row.oldestSince = node.shipment.declaredAt;
    lanes.set(node.lane, row);
  }
  return ['RED', 'AMBER', 'GREEN'].flatMap((lane) => (lanes.has(lane) ? [lanes.get(lane)!] : []));
}

const sum = (rows: Record<string, number | string>[], key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('opsOverview access', () => {
  it('refuses without a key', async () => {
    const res = await server.gql(OVERVIEW, {});
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong key with 401', async () => {
    const res = await server.gql(OVERVIEW, {}, 'sg_not_a_real_key_000000000000000000');
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([['seller', KEYS.seller], ['carrier', KEYS.carrierRu]])('forbids a %s key', async (_role, key) => {
    const res = await server.gql(OVERVIEW, {}, key);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each([['hub operator', KEYS.hub, 'MYKUL-DFTZ'], ['customs officer', KEYS.customs, 'MYKUL-DFTZ'], ['admin', KEYS.admin, null]])('lets the %s in, scoped to its hub', async (_role, key, hubCode) => {
    const res = await server.gql(OVERVIEW, {}, key);
    expect(res.errors).toBeUndefined();
    expect(res.data.opsOverview.hubCode).toBe(hubCode);
    expect(res.data.opsOverview.hours).toBe(48);
  });

  it.each([0, 169, -1])('rejects hours = %i', async (hours) => {
    const res = await server.gql(OVERVIEW, { hours }, KEYS.hub);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('opsOverview figures', () => {
  it('starts empty: no parcels, zero flows, empty panels', async () => {
    const o = (await server.gql(OVERVIEW, { hours: 24 }, KEYS.hub)).data.opsOverview;
    expect(o.statusCounts).toEqual([]);
    expect(o.hourly).toHaveLength(24);
    expect(sum(o.hourly, 'declared') + sum(o.hourly, 'received') + sum(o.hourly, 'released') + sum(o.hourly, 'dispatched')).toBe(0);
    expect(o.customsQueue).toEqual([]);
    expect(o.dwellBands.map((b: { band: string }) => b.band)).toEqual(['H0_1', 'H1_4', 'H4_12', 'H12_24', 'H24_48', 'H48_PLUS']);
    expect(sum(o.dwellBands, 'count')).toBe(0);
    expect(o.openReceptacles).toEqual([]);
    expect(o.carrierHealth).toEqual([]);
    // Hours are consecutive and end with the current hour.
    const hours = o.hourly.map((h: { hour: string }) => Date.parse(h.hour));
    for (let i = 1; i < hours.length; i += 1) expect(hours[i] - hours[i - 1]).toBe(3_600_000);
    expect(hours[hours.length - 1]).toBe(Math.floor(Date.parse(o.generatedAt) / 3_600_000) * 3_600_000);
  });

  it('counts parcels by status, per hour from event codes, in the customs queue, by dwell band and per carrier', async () => {
    const waiting = await declare();
    const delivered = await declare();
    const failed = await declare();
    await advanceParcel(server, delivered, [...TO_CUSTOMS_RELEASE, ...RELEASE_TO_DELIVERY]);
    await advanceParcel(server, failed, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived, LIFECYCLE.outForDelivery, LIFECYCLE.deliveryFailed]);
    expect(waiting).toMatch(/MY$/);

    const o = (await server.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview;
    expect(o.statusCounts).toEqual([
      { status: 'DECLARED', count: 1 },
      { status: 'DELIVERY_ATTEMPTED', count: 1 },
      { status: 'DELIVERED', count: 1 },
    ]);
    expect(o.hourly).toHaveLength(48);
    expect(sum(o.hourly, 'declared')).toBe(3);
    expect(sum(o.hourly, 'received')).toBe(2);
    // EXC (export release) twice, plus EDC (import release) once for the delivered parcel.
    expect(sum(o.hourly, 'released')).toBe(3);
    expect(sum(o.hourly, 'dispatched')).toBe(2);
    // The waiting parcel was assessed GREEN at declaration and waits for the green channel; the others were released.
    expect(o.customsQueue).toEqual([{ lane: 'GREEN', count: 1, oldestSince: expect.any(String) }]);
    // Dwell counts parcels in the hub: the waiting one was never received, the other two were dispatched.
    expect(sum(o.dwellBands, 'count')).toBe(0);
    expect(o.openReceptacles).toEqual([]);
    // Russian Post has no webhook endpoint here: nothing is pushed to it, so no message figures.
    expect(o.carrierHealth).toEqual([
      { carrierCode: 'RU-POST', carrierName: 'Russian Post', delivered: 1, failedAttempts: 1, messageFailures: null, deadLetters: null },
    ]);
  });

  it('asks the database a fixed number of times, however many parcels there are', async () => {
    const before = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hub}` },
      body: JSON.stringify({ query: OVERVIEW }),
    });
    for (let i = 0; i < 3; i += 1) await declare();
    const after = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hub}` },
      body: JSON.stringify({ query: OVERVIEW }),
    });
    expect(after.headers.get('x-db-queries')).toBe(before.headers.get('x-db-queries'));
  });
});

describe('opsOverview customs and carrier panels (customs lanes, webhook deliveries)', () => {
  it('shows the declarations waiting for customs by the customs module\'s lanes, as its own queue does, and follows decisions', async () => {
    const before = (await server.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview.customsQueue as { lane: string; count: number }[];
    const count = (rows: { lane: string; count: number }[], lane: string) => rows.find((r) => r.lane === lane)?.count ?? 0;
    await declare(LANE_INPUT.RED());
    const amber = await declare(LANE_INPUT.AMBER());
    await declare(LANE_INPUT.GREEN());
    // Released by an officer: no longer waiting.
    await advanceParcel(server, await declare(LANE_INPUT.GREEN()), TO_CUSTOMS_RELEASE);
    // Backdated a day: the lane's oldest parcel.
    const old = await declare(LANE_INPUT.AMBER());
    await backdateParcel(server, old, 24);

    for (const key of [KEYS.hub, KEYS.customs, KEYS.admin]) {
      const queue = (await server.gql(OVERVIEW, {}, key)).data.opsOverview.customsQueue;
      expect(queue.map((r: { lane: string }) => r.lane)).toEqual(['RED', 'AMBER', 'GREEN']);
      expect(count(queue, 'RED')).toBe(count(before, 'RED') + 1);
      expect(count(queue, 'AMBER')).toBe(count(before, 'AMBER') + 2);
      expect(count(queue, 'GREEN')).toBe(count(before, 'GREEN') + 1);
      // Lane for lane, what the customs officer's own queue holds in the same states.
      expect(queue).toEqual(await officerQueueByLane());
    }
    const amberRow = (await officerQueueByLane()).find((r) => r.lane === 'AMBER')!;
    expect(Date.now() - Date.parse(amberRow.oldestSince)).toBeGreaterThanOrEqual(24 * 3_600_000);

    // An officer releases the reviewed parcel: it leaves the AMBER lane.
    const { shipment } = (await server.gql(`query ($t: String) { shipment(trackingNumber: $t) { customs { state lane } } }`, { t: amber }, KEYS.customs)).data;
    expect(shipment.customs).toEqual({ state: 'UNDER_REVIEW', lane: 'AMBER' });
    await releaseParcels(server, [amber]);
    const after = (await server.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview.customsQueue;
    expect(count(after, 'AMBER')).toBe(count(before, 'AMBER') + 1);
    expect(after).toEqual(await officerQueueByLane());
  });

  it('counts failed and dead-lettered webhook messages to a carrier from the stored deliveries and attempts', async () => {
    // Two attempts per message, so that a receiver that stays down dead-letters quickly.
    const other = await startTestServer({ webhooks: fastWebhooks({ maxAttempts: 2 }) });
    const down = await startWebhookReceiver();
    const flaky = await startWebhookReceiver();
    const endpoints: string[] = [];
    try {
      for (const [receiver, eventTypes] of [[down, ['dispatch.closed']], [flaky, ['shipment.status_changed']]] as const) {
        const res = await other.gql(REGISTER, { input: { url: receiver.url, eventTypes } }, KEYS.carrierRu);
        expect(res.errors).toBeUndefined();
        receiver.setSecret(res.data.registerWebhookEndpoint.secret);
        receiver.setDown(true);
        endpoints.push(res.data.registerWebhookEndpoint.endpoint.id);
      }
      // An endpoint and nothing sent yet: zeros, no longer "no webhook".
      let o = (await other.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview;
      expect(o.carrierHealth).toEqual([{ carrierCode: 'RU-POST', carrierName: 'Russian Post', delivered: 0, failedAttempts: 0, messageFailures: 0, deadLetters: 0 }]);

      // The dispatch's pre-advice goes to the first endpoint; the handover's and arrival's status changes to the second.
      const parcel = await declare({}, other);
      await advanceParcel(other, parcel, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived]);
      // One pass while both receivers are down: every message sent fails once.
      const delivery = other.silkgate.services.webhookDelivery;
      await delivery.fanOut();
      expect((await delivery.deliverBatch()).failed).toBeGreaterThanOrEqual(2);
      // The second receiver comes back: its messages get through on a retry; the first stays down and its message dies.
      flaky.setDown(false);
      await drainDeliveries(other);
      expect(flaky.messages.map((m) => m.data.status)).toEqual(['HANDED_TO_CARRIER', 'AT_DESTINATION']);

      const res = await other.gql(DELIVERIES, { first: 100 }, KEYS.carrierRu);
      const nodes = res.data.deliveries.edges.map((e: { node: unknown }) => e.node) as { state: string; topic: string; attempts: { succeeded: boolean }[] }[];
      const failedMessages = nodes.filter((n) => n.attempts.some((a) => !a.succeeded)).length;
      const dead = nodes.filter((n) => n.state === 'DEAD');
      expect(dead.map((n) => n.topic)).toEqual(['dispatch.closed']);
      expect(failedMessages).toBeGreaterThanOrEqual(2);

      for (const key of [KEYS.hub, KEYS.admin]) {
        o = (await other.gql(OVERVIEW, {}, key)).data.opsOverview;
        expect(o.carrierHealth).toEqual([
          { carrierCode: 'RU-POST', carrierName: 'Russian Post', delivered: 0, failedAttempts: 0, messageFailures: failedMessages, deadLetters: 1 },
        ]);
      }
    } finally {
      for (const id of endpoints) await other.gql(DELETE_ENDPOINT, { id }, KEYS.carrierRu);
      await down.close();
      await flaky.close();
      await other.stop();
    }
  });
});

describe('opsOverview hub panels (real hub data)', () => {
  it('lists the open receptacles with lane, fill and limit, and bands the parcels in the hub by hours since received', async () => {
    // Two bagged in an open bag, one in a closed bag, one only received (30 h ago), one dispatched.
    const [a, b, c, d] = await readyParcels(server, 4);
    const bag = await openReceptacle(server, RU_PACKET_LANE);
    expect((await add(server, bag.id, a)).__typename).toBe('Receptacle');
    expect((await add(server, bag.id, b)).__typename).toBe('Receptacle');
    const dispatch = await openDispatch(server, RU_PACKET_LANE);
    const closedBag = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    expect((await add(server, closedBag.id, c)).__typename).toBe('Receptacle');
    expect((await server.gql(CLOSE_RECEPTACLE, { r: closedBag.id }, KEYS.hub)).data.closeReceptacle.state).toBe('CLOSED');
    const emptyBag = await openReceptacle(server, RU_PARCEL_LANE);
    await backdateParcel(server, d, 30);
    const gone = await declare();
    await advanceParcel(server, gone, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.bagged, LIFECYCLE.dispatched]);

    for (const key of [KEYS.hub, KEYS.customs, KEYS.admin]) {
      const o = (await server.gql(OVERVIEW, {}, key)).data.opsOverview;
      const byId = new Map(o.openReceptacles.map((r: { receptacleId: string }) => [r.receptacleId, r]));
      expect(o.openReceptacles).toHaveLength(2);
      expect(byId.get(bag.id)).toEqual({
        receptacleId: bag.id, lane: { destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', carrier: { code: 'RU-POST' } },
        destinationCountry: 'RU', parcelCount: 2, weightGrams: 760, maxWeightGrams: 30_000, openedAt: expect.any(String),
      });
      expect(byId.get(emptyBag.id)).toMatchObject({ lane: { mailSubclass: 'CC' }, parcelCount: 0, weightGrams: 0, maxWeightGrams: 30_000 });

      // a, b, c are in the hub since just now; d since 30 h; the dispatched parcel has left.
      expect(o.dwellBands.map((band: { count: number }) => band.count)).toEqual([3, 0, 0, 0, 1, 0]);
    }

    // Adding a parcel shows in the bag's fill.
    const [e] = await readyParcels(server, 1, { grossWeightGrams: 1_240 });
    await add(server, bag.id, e);
    const after = (await server.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview;
    expect(after.openReceptacles.find((r: { receptacleId: string }) => r.receptacleId === bag.id)).toMatchObject({ parcelCount: 3, weightGrams: 2_000 });
    expect(after.dwellBands[0].count).toBe(4);
  });

  it('takes the bag limit from the hub configuration', async () => {
    const other = await startTestServer({ receptacleMaxWeightGrams: 25_000 });
    try {
      const res = await other.gql(`mutation ($input: OpenReceptacleInput!) { openReceptacle(input: $input) { __typename } }`, { input: RU_PACKET_LANE }, KEYS.hub);
      expect(res.data.openReceptacle.__typename).toBe('Receptacle');
      const o = (await other.gql(OVERVIEW, {}, KEYS.hub)).data.opsOverview;
      expect(o.openReceptacles).toEqual([expect.objectContaining({ parcelCount: 0, weightGrams: 0, maxWeightGrams: 25_000 })]);
    } finally {
      await other.stop();
    }
  });
});

describe('/ops page', () => {
  it('serves the sign-in page and its script under a strict CSP, with no key anywhere', async () => {
    const res = await fetch(`${server.url}/ops`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('<label for="api-key">API key</label>');
    expect(html).toContain('<form class="signin" id="signin" method="post" action="/ops"');
    expect(html).toContain('<script src="/ops/ops.js"></script>');
    expect(html).not.toContain('sg_demo');
    const script = await fetch(`${server.url}/ops/ops.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await script.text();
    expect(js).toContain('sessionStorage');
    expect(js).not.toMatch(/console\.\w|localStorage|[?&]key=/);
  });

  it('never reads a key posted without JavaScript: it redirects back to the page', async () => {
    const res = await fetch(`${server.url}/ops`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `api-key=${KEYS.hub}`,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ops#needs-javascript');
    expect(await res.text()).not.toContain(KEYS.hub);
  });
});
