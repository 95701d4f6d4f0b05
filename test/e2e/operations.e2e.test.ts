import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { advanceParcel, LIFECYCLE, RELEASE_TO_DELIVERY, TO_CUSTOMS_RELEASE } from '../support/timeline-stand-in.js';

let server: TestServer;

const OVERVIEW = `query ($hours: Int) {
  opsOverview(hours: $hours) {
    hours hubCode generatedAt
    statusCounts { status count }
    hourly { hour declared received released dispatched }
    customsQueue { lane count oldestSince }
    dwellBands { band label minHours maxHours count }
    openReceptacles { receptacleId parcelCount weightGrams maxWeightGrams }
    carrierHealth { carrierCode carrierName delivered failedAttempts messageFailures deadLetters }
  }
}`;

async function declare(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await server.gql(DECLARE_ONE, { input: declarationInput(overrides) }, KEYS.seller);
  return res.data.declareShipment.trackingNumber as string;
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
    await advanceParcel(server, failed, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.arrived, LIFECYCLE.outForDelivery, LIFECYCLE.deliveryFailed]);
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
    expect(o.customsQueue).toEqual([{ lane: 'UNASSIGNED', count: 1, oldestSince: expect.any(String) }]);
    // The delivered parcel no longer dwells; the other two moved within the last hour.
    expect(o.dwellBands[0]).toMatchObject({ band: 'H0_1', count: 2 });
    expect(sum(o.dwellBands, 'count')).toBe(2);
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
