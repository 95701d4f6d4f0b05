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
