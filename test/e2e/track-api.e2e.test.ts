/** GET /api/track/:number: public tracking as cacheable JSON, revalidated by ETag, invalidated by events. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { citusWorkerUrls } from '../support/citus.js';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let trackingNumber: string;

const get = (number: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/track/${encodeURIComponent(number)}`, { headers });

beforeAll(async () => {
  server = await startTestServer();
  const declared = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
  trackingNumber = declared.data.declareShipment.trackingNumber;
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/track/:number', () => {
  it('answers the public timeline as JSON a shared cache may keep, with an ETag, and no personal data', async () => {
    const res = await get(trackingNumber.toLowerCase());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('etag')).toMatch(/^"DECLARED\.\d+\.\d+"$/);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ trackingNumber, status: 'DECLARED', statusText: expect.any(String), originCountry: 'MY', destinationCountry: 'RU' });
    expect(body.events).toContainEqual(expect.objectContaining({ code: 'SGA', description: expect.stringMatching(/shipping information received/i) }));
    expect(JSON.stringify(body)).not.toMatch(/addressee|sender|value|amount/i);
  });

  it('answers a revalidation with the current ETag 304 and no body, strong, weak or in a list', async () => {
    const etag = (await get(trackingNumber)).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(trackingNumber, { 'if-none-match': ifNoneMatch });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    expect((await get(trackingNumber, { 'if-none-match': '"DECLARED.0.0"' })).status).toBe(200);
  });

  it('a new event changes the ETag: the old one is answered in full with the new timeline', async () => {
    const before = (await get(trackingNumber)).headers.get('etag')!;
    await advanceParcel(server, trackingNumber, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub]);
    const res = await get(trackingNumber, { 'if-none-match': before });
    expect(res.status).toBe(200);
    const after = res.headers.get('etag')!;
    expect(after).not.toBe(before);
    const body = (await res.json()) as any;
    expect(body.status).toBe('RECEIVED_AT_HUB');
    expect(body.events.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['EMA', 'EMB', 'EXC']));
    expect((await get(trackingNumber, { 'if-none-match': after })).status).toBe(304);
  });

  it('refuses a malformed number (400) and says when there is no such parcel (404), neither cached', async () => {
    const bad = await get('RR12345678XX');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect(((await bad.json()) as any).errors[0].extensions).toMatchObject({ code: 'INVALID_TRACKING_NUMBER', problem: expect.any(String) });
    const nul = await get('RR\u0000123456785MY');
    expect(nul.status).toBe(400);
    const missing = await get('RR000000005MY');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('TRACKING_NOT_FOUND');
  });

  it('lets a shared cache serve it for the configured seconds', async () => {
    const cached = await startTestServer({ trackCacheSeconds: 5 });
    try {
      const declared = await cached.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
      const res = await fetch(`${cached.url}/api/track/${declared.data.declareShipment.trackingNumber}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=5');
    } finally {
      await cached.stop();
    }
  });

  it('the GraphQL track query reads the parcel and its events in one query (on Citus: the key table first, then one shard)', async () => {
    const track = await server.gql(`query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code } } } }`, { n: trackingNumber });
    expect(track.data.track.events.length).toBeGreaterThan(0);
    // A cluster cannot route a look-up by number (shipments are distributed on the id): two one-shard reads, not one on every shard.
    expect(track.headers.get('x-db-queries')).toBe(citusWorkerUrls().length ? '2' : '1');
  });
});
