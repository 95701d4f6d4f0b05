import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { fastWebhooks, REGISTER } from '../support/webhooks.js';

// Default configuration: private addresses are refused.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks({ allowPrivateUrls: false }) });
});
afterAll(async () => {
  await server?.stop();
});

describe('SSRF guard on webhook URLs', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:8080/hook',
    'http://10.0.0.5/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fd00::1]/hook',
    'http://[2002:7f00:1::]/hook', // 6to4 around 127.0.0.1
    'http://[64:ff9b::a9fe:a9fe]/latest', // NAT64 around 169.254.169.254
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', // Teredo
  ])('refuses %s', async (url) => {
    const res = await server.gql(REGISTER, { input: { url, eventTypes: ['shipment.declared'] } }, KEYS.seller);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', reason: 'PRIVATE_ADDRESS' });
  });

  it('refuses non-http schemes', async () => {
    const res = await server.gql(REGISTER, { input: { url: 'file:///etc/passwd', eventTypes: ['*'] } }, KEYS.seller);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', reason: 'UNSUPPORTED_SCHEME' });
  });

  it('refuses at delivery time an endpoint that points at a private address', async () => {
    // As if DNS had been re-pointed after registration: the row says loopback now.
    const [org] = await server.database.db.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'SELLER' ORDER BY name LIMIT 1`);
    const [ep] = await server.database.db.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (organization_id, url, event_types, secret) VALUES ($1, 'http://localhost:8080/hook', '{*}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') RETURNING id`,
      [org.id],
    );
    await server.database.db.query(`INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, payload) VALUES ('test.ping', 'test', 'x', $1, '{}')`, [org.id]);
    await server.silkgate.services.webhookDelivery.runUntilIdle({ budgetMs: 2_000 });
    const [attempt] = await server.database.db.query<{ error: string; status_code: number | null }>(
      `SELECT a.error, a.status_code FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1`,
      [ep.id],
    );
    expect(attempt.status_code).toBeNull();
    expect(attempt.error).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });
});

/** A loopback server; `hits` counts the requests it answered. */
async function listen(handler: (res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const http = createServer((req, res) => {
    hits += 1;
    req.resume();
    handler(res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { server: http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`, hits: () => hits };
}

describe.each(['fetch', 'undici'] as const)('a receiver that redirects (%s transport)', (transport) => {
  it('is not followed to a private address: the attempt fails with the 3xx and the target gets nothing', async () => {
    const internal = await listen((res) => res.writeHead(204).end());
    const redirecting = await listen((res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end());
    const toInternal = await listen((res) => res.writeHead(307, { location: internal.url }).end());
    // Loopback receivers need private addresses allowed; the redirect's target is never requested either way.
    const local = await startTestServer({ webhooks: fastWebhooks({ transport, maxAttempts: 1 }) });
    try {
      for (const receiver of [redirecting, toInternal]) {
        const res = await local.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['test.ping'] } }, KEYS.seller);
        expect(res.errors).toBeUndefined();
      }
      const [org] = await local.database.db.query<{ id: string }>(`SELECT organization_id AS id FROM webhook_endpoints LIMIT 1`);
      await local.database.db.query(`INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, payload) VALUES ('test.ping', 'test', 'x', $1, '{}')`, [org.id]);
      await local.silkgate.services.webhookDelivery.runUntilIdle({ budgetMs: 2_000 });
      const attempts = await local.database.db.query<{ status_code: number; succeeded: boolean }>(`SELECT status_code, succeeded FROM webhook_delivery_attempts ORDER BY status_code`);
      expect(attempts).toEqual([{ status_code: 302, succeeded: false }, { status_code: 307, succeeded: false }]);
      expect(redirecting.hits()).toBe(1);
      expect(toInternal.hits()).toBe(1);
      expect(internal.hits()).toBe(0);
    } finally {
      await local.stop();
      for (const s of [internal, redirecting, toInternal]) s.server.close();
    }
  });
});
