/** The carrier REST interface's own concerns: the OpenAPI document, authentication, NUL, malformed bodies — typed errors, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { restCall } from '../support/carrier-clients.js';
import { closedRuDispatch } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const code = (res: { json: any }) => res.json?.errors?.[0]?.extensions?.code;
const storedEvents = async () => (await server.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM carrier_events'))[0].n;

describe('carrier REST interface', () => {
  it('serves an OpenAPI 3.1 document whose references all resolve', async () => {
    const res = await restCall(server, 'GET', '/api/carrier/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/carrier/handoffs', '/api/carrier/handoffs/claim', '/api/carrier/handoffs/{id}/acknowledge', '/api/carrier/events', '/api/edi/dispatches/{id}/{messageType}', '/api/edi/consignments/{id}/cardit']));
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g)!.map((r) => r.slice(8, -1));
    for (const ref of new Set(refs)) {
      const target = ref.replace(/^#\//, '').split('/').reduce((node: any, key) => node?.[key], doc);
      expect([ref, target !== undefined]).toEqual([ref, true]);
    }
  });

  it('asks for a key, and refuses a wrong one, as /graphql does', async () => {
    const none = await restCall(server, 'GET', '/api/carrier/handoffs');
    expect([none.status, code(none)]).toEqual([401, 'UNAUTHENTICATED']);
    const wrong = await restCall(server, 'GET', '/api/carrier/handoffs', 'sg_live_not_a_key');
    expect([wrong.status, code(wrong)]).toEqual([401, 'UNAUTHENTICATED']);
    const seller = await restCall(server, 'POST', '/api/carrier/events', KEYS.seller, { events: [{ eventId: 'x', trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: new Date().toISOString() }] });
    expect([seller.status, code(seller)]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses U+0000 anywhere in the text, naming where, and stores nothing', async () => {
    const before = await storedEvents();
    const res = await restCall(server, 'POST', '/api/carrier/events', KEYS.carrierRu, { events: [{ eventId: 'a\u0000b', trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: new Date().toISOString() }] });
    expect([res.status, code(res), res.json.errors[0].extensions.path]).toEqual([400, 'BAD_USER_INPUT', 'body.events[0].eventId']);
    const inQuery = await restCall(server, 'GET', '/api/carrier/handoffs?after=%00', KEYS.carrierRu);
    expect([inQuery.status, code(inQuery)]).toEqual([400, 'BAD_USER_INPUT']);
    const inPath = await restCall(server, 'POST', '/api/carrier/handoffs/%00/acknowledge', KEYS.carrierRu, { receptacleNumbers: [] });
    expect([inPath.status, code(inPath)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(await storedEvents()).toBe(before);
  });

  it('answers malformed requests with typed 4xx errors, never a 500', async () => {
    const d = await closedRuDispatch(server, 1, 1);
    const now = new Date().toISOString();
    const cases: [string, string, unknown, string, string?][] = [
      ['POST', '/api/carrier/events', { events: [{ eventId: 'x', trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: now, colour: 'red' }] }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/events', { events: [{ eventId: 'x', trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: 'yesterday' }] }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/events', { events: [] }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/events', { events: null }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/events', [], 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/events', 'text', 'BAD_REQUEST'],
      ['POST', '/api/carrier/events', undefined, 'BAD_REQUEST', '{"events": ['],
      ['POST', '/api/carrier/events', { events: Array.from({ length: 1001 }, (_, i) => ({ eventId: `e${i}`, trackingNumber: 'EE473124829MY', code: 'EMD', occurredAt: now })) }, 'LIMIT_EXCEEDED'],
      ['POST', '/api/carrier/handoffs/claim', { max: 'ten' }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/handoffs/claim', { max: 10_001 }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/handoffs/claim', { leaseSeconds: 1.5 }, 'BAD_USER_INPUT'],
      ['GET', '/api/carrier/handoffs?first=0', undefined, 'BAD_USER_INPUT'],
      ['GET', '/api/carrier/handoffs?first=abc', undefined, 'BAD_USER_INPUT'],
      ['GET', '/api/carrier/handoffs?after=bm90LWEtY3Vyc29y', undefined, 'BAD_USER_INPUT'],
      ['POST', `/api/carrier/handoffs/${d.id}/acknowledge`, {}, 'BAD_USER_INPUT'],
      ['POST', `/api/carrier/handoffs/${d.id}/acknowledge`, { receptacleNumbers: [d.bagNumbers[0]], leaseId: 'not-a-uuid' }, 'BAD_USER_INPUT'],
      ['POST', `/api/carrier/handoffs/${d.id}/acknowledge`, { receptacleNumbers: [d.bagNumbers[0]], receivedAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT'],
      ['POST', '/api/carrier/handoffs/not-a-uuid/acknowledge', { receptacleNumbers: [] }, 'NOT_FOUND'],
      ['GET', '/api/carrier/nothing-here', undefined, 'NOT_FOUND'],
    ];
    for (const [method, path, body, expected, raw] of cases) {
      const res = await restCall(server, method, path, KEYS.carrierRu, body, raw);
      expect([method, path, code(res)]).toEqual([method, path, expected]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // Nothing was acknowledged by the refused calls.
    const queue = await restCall(server, 'GET', '/api/carrier/handoffs?first=500', KEYS.carrierRu);
    expect(queue.json.handoffs.find((h: any) => h.id === d.id)).toMatchObject({ state: 'READY', links: { predes: `/api/edi/dispatches/${d.id}/predes` } });
  });
});
