/** The response cache: anonymous `track` answers kept in the process and dropped by the parcel's own changes. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/platform/config.js';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

const TRACK = `query Track($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { trackingNumber status statusText events { code description } } ... on TrackingNotFound { message } } }`;
const TWO = `query Two($a: String!, $b: String!) { a: track(trackingNumber: $a) { ... on Tracking { status } } b: track(trackingNumber: $b) { ... on Tracking { status } } }`;

let server: TestServer;

async function post(target: TestServer, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, cache: res.headers.get('x-silkgate-cache'), queries: res.headers.get('x-db-queries'), etag: res.headers.get('etag'), text, body: text ? (JSON.parse(text) as any) : null };
}

const track = (n: string, headers?: Record<string, string>) => post(server, TRACK, { n }, headers);

async function declare(target: TestServer = server): Promise<string> {
  const declared = await target.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
  return declared.data.declareShipment.trackingNumber;
}

/** Asks until the answer is not served from the cache (a notification from another connection arrives asynchronously). */
async function untilMissed(n: string, attempts = 200): Promise<Awaited<ReturnType<typeof track>>> {
  for (let i = 0; i < attempts; i += 1) {
    const answer = await track(n);
    if (answer.cache !== 'hit') return answer;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${n} still served from the cache`);
}

/**
 * Asks until the answer comes from the cache: the notification of the change a request just made (or
 * of the declaration) may arrive while the first look-up reads, and that answer is then not kept.
 */
async function untilHit(target: TestServer, query: string, variables: Record<string, unknown>, attempts = 200): Promise<Awaited<ReturnType<typeof post>>> {
  for (let i = 0; i < attempts; i += 1) {
    const answer = await post(target, query, variables);
    if (answer.cache === 'hit') return answer;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('never served from the cache');
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('response cache for anonymous tracking', () => {
  it('answers a repeat from the cache with the same bytes and no database query', async () => {
    const n = await declare();
    const first = await track(n);
    expect(first.cache).toBeNull();
    expect(first.body.data.track).toMatchObject({ __typename: 'Tracking', trackingNumber: n, status: 'DECLARED' });
    const second = await untilHit(server, TRACK, { n });
    expect(second).toMatchObject({ status: 200, cache: 'hit', queries: '0', text: first.text, etag: first.etag });
  });

  it('drops the answer when the parcel changes: a status alone, then a status with its event', async () => {
    const n = await declare();
    await untilHit(server, TRACK, { n });
    // Customs release changes the status without a tracking event.
    await advanceParcel(server, n, TO_CUSTOMS_RELEASE);
    const released = await track(n);
    expect(released.cache).toBeNull();
    expect(released.body.data.track.status).toBe('CUSTOMS_RELEASED');
    expect((await untilHit(server, TRACK, { n })).text).toBe(released.text);
    await advanceParcel(server, n, [LIFECYCLE.receivedAtHub]);
    const received = await track(n);
    expect(received.cache).toBeNull();
    expect(received.body.data.track.status).toBe('RECEIVED_AT_HUB');
    expect(received.body.data.track.events.map((e: { code: string }) => e.code)).toContain('EMB');
  });

  it('drops an answer showing two parcels when either changes', async () => {
    const a = await declare();
    const b = await declare();
    await untilHit(server, TWO, { a, b });
    await advanceParcel(server, b, TO_CUSTOMS_RELEASE);
    const after = await post(server, TWO, { a, b });
    expect(after.cache).toBeNull();
    expect(after.body.data).toEqual({ a: { status: 'DECLARED' }, b: { status: 'CUSTOMS_RELEASED' } });
  });

  it('drops the answer on a notification from another process (the LISTEN connection)', async () => {
    const n = await declare();
    await untilHit(server, TRACK, { n });
    const [{ id }] = await server.database.db.query<{ id: string }>('SELECT id FROM shipments WHERE tracking_number = $1', [n]);
    await server.database.db.query(`SELECT pg_notify('silkgate_timeline', $1)`, [`00000000-0000-0000-0000-000000000000,${id}`]);
    expect((await untilMissed(n)).body.data.track.trackingNumber).toBe(n);
  });

  it('never keeps an answer for a key holder, a client carrying its write position, a failure or another field', async () => {
    const n = await declare();
    for (const headers of [{ authorization: `Bearer ${KEYS.seller}` }, { 'x-silkgate-lsn': '0/1' }] as Record<string, string>[]) {
      await track(n, headers);
      expect((await track(n, headers)).cache).toBeNull();
    }
    const missing = 'RR000000005MY';
    expect((await track(missing)).body.data.track.__typename).toBe('TrackingNotFound');
    expect((await track(missing)).cache).toBeNull();
    expect((await track('RR12345678XX')).cache).toBeNull();
    const withOther = `query ($n: String!) { track(trackingNumber: $n) { __typename } hubs { code } }`;
    await post(server, withOther, { n });
    expect((await post(server, withOther, { n })).cache).toBeNull();
  });

  it('counts a cached answer against the anonymous limit', async () => {
    const limited = await startTestServer({ rateLimits: { ...loadConfig({}).rateLimits, badKeys: 0, perKey: 0, anonymous: 5, bulk: 0 } });
    try {
      const n = await declare(limited);
      const answers = [];
      for (let i = 0; i < 6; i += 1) answers.push(await post(limited, TRACK, { n }));
      // Some of the five allowed were hits (the first is a miss, and perhaps the second, see untilHit); all counted.
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(answers.slice(0, 5).filter((a) => a.cache === 'hit').length).toBeGreaterThan(0);
      expect(answers[5].body.errors[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });

  it('is off with SILKGATE_RESPONSE_CACHE_ENTRIES=0, and reports hits and misses on /metrics', async () => {
    const off = await startTestServer({ responseCacheEntries: 0 });
    try {
      const n = await declare(off);
      await post(off, TRACK, { n });
      expect((await post(off, TRACK, { n })).cache).toBeNull();
    } finally {
      await off.stop();
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/silkgate_response_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/silkgate_response_cache_lookups_total\{result="miss"\} [1-9]/);
  });
});

// PGlite delivers notifications inside the process: there is no connection to lose.
if (process.env.TEST_DATABASE_URL) describe('response cache without its LISTEN connection (PostgreSQL)', () => {
  it('serves nothing from the cache while the connection is lost, and caches again once it is back', async () => {
    const n = await declare();
    await untilHit(server, TRACK, { n });
    const killed = await server.database.db.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'silkgate-listener' AND datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    expect((await untilMissed(n)).cache).toBeNull();
    let cachedAgain = false;
    for (let i = 0; i < 300 && !cachedAgain; i += 1) {
      await track(n);
      cachedAgain = (await track(n)).cache === 'hit';
      if (!cachedAgain) await new Promise((r) => setTimeout(r, 20));
    }
    expect(cachedAgain).toBe(true);
  });
});
