/**
 * Rate limits over HTTP, with counters in memory and, when TEST_REDIS_URL is set (.ci/run sets it),
 * in Redis: 429 with Retry-After and RATE_LIMITED past each limit, other callers unaffected; with
 * Redis two servers share one set of counters.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, type RateLimitsConfig } from '../../src/platform/config.js';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server.js';

const stores = ['memory', ...(process.env.TEST_REDIS_URL ? ['redis'] : [])] as const;
const TRACK = '{ track(trackingNumber: "LM100000003MY") { __typename } }';
const TRACK_THREE = '{ a: track(trackingNumber: "LM100000003MY") { __typename } b: track(trackingNumber: "LM100000017MY") { __typename } c: track(trackingNumber: "LM100000025MY") { __typename } }';
const ME = '{ me { role } }';

function expectRateLimited(res: GraphQLResponse) {
  expect(res.status).toBe(429);
  expect(res.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.data).toBeUndefined();
}

describe.each(stores)('rate limits (%s counters)', (store) => {
  let server: TestServer;
  let limits: RateLimitsConfig;
  beforeAll(async () => {
    limits = {
      ...loadConfig({}).rateLimits,
      redisUrl: store === 'redis' ? process.env.TEST_REDIS_URL : undefined,
      redisPrefix: `silkgate-test:${randomBytes(6).toString('hex')}`,
      windowSeconds: 600,
      badKeys: 3,
      perKey: 5,
      anonymous: 4,
      bulk: 2,
    };
    server = await startTestServer({ seedDemo: true, rateLimits: limits });
  });
  afterAll(() => server.stop());

  it('limits requests per API key; another key is unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await server.gql(ME, {}, KEYS.customs)).data.me.role).toBe('CUSTOMS_OFFICER');
    expectRateLimited(await server.gql(ME, {}, KEYS.customs));
    expect((await server.gql(ME, {}, KEYS.hub)).data.me.role).toBe('HUB_OPERATOR');
  });

  it('limits anonymous look-ups per address, each aliased track counting as one', async () => {
    expect((await server.gql(TRACK_THREE)).data.c.__typename).toBeDefined();
    expect((await server.gql(TRACK)).data.track.__typename).toBeDefined();
    expectRateLimited(await server.gql(TRACK));
    // The address's keyed requests are counted per key, not here.
    expect((await server.gql(ME, {}, KEYS.carrierRu)).data.me.role).toBe('CARRIER');
  });

  it('limits bulk mutations per key; the same key still reads', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await server.gql(DECLARE_MANY, { inputs: [declarationInput()] }, KEYS.otherSeller);
      expect(res.data.declareShipments.createdCount).toBe(1);
    }
    const refused = await server.gql(DECLARE_MANY, { inputs: [declarationInput()] }, KEYS.otherSeller);
    expectRateLimited(refused);
    expect((await server.gql(ME, {}, KEYS.otherSeller)).data.me.role).toBe('SELLER');
  });

  it('answers bad keys 401 until the address has sent too many, then 429 even for a good key', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await server.gql(ME, {}, `sg_bad_${i}_000000000000000000000`);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(await server.gql(ME, {}, 'sg_bad_3_000000000000000000000'));
    expectRateLimited(await server.gql(ME, {}, KEYS.admin));
  });

  if (store === 'redis') {
    it('shares the counters between servers (workers, machines) on one Redis', async () => {
      const other = await startTestServer({ seedDemo: true, rateLimits: limits });
      try {
        // The first server used up the customs key's requests and blocked 127.0.0.1 for bad keys.
        expectRateLimited(await other.gql(ME, {}, KEYS.customs));
        expectRateLimited(await other.gql(ME, {}, 'sg_bad_4_000000000000000000000'));
      } finally {
        await other.stop();
      }
    });
  }
});
