import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

const ADMIN_FROM_ENV = 'sg_env_admin_key_for_tests_0000000001';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ adminKey: ADMIN_FROM_ENV });
});
afterAll(async () => {
  await server?.stop();
});

const ME = `{ me { role apiKey { id label prefix revokedAt } organization { name kind hub { code } carrier { code } } } }`;

describe('principals', () => {
  it.each([
    [KEYS.seller, 'SELLER', { name: 'Mawar Apparel Sdn Bhd', kind: 'SELLER', hub: { code: 'MYKUL-DFTZ' }, carrier: null }],
    [KEYS.liegeSeller, 'SELLER', { name: 'Hangzhou Silk Road Home Goods Co', kind: 'SELLER', hub: { code: 'BELGG-EWTP' }, carrier: null }],
    [KEYS.customs, 'CUSTOMS_OFFICER', { name: 'Royal Malaysian Customs, KLIA DFTZ', kind: 'CUSTOMS', hub: { code: 'MYKUL-DFTZ' }, carrier: null }],
    [KEYS.hub, 'HUB_OPERATOR', { name: 'KUL DFTZ Hub Operations', kind: 'HUB', hub: { code: 'MYKUL-DFTZ' }, carrier: null }],
    [KEYS.carrierRu, 'CARRIER', { name: 'Russian Post', kind: 'CARRIER', hub: null, carrier: { code: 'RU-POST' } }],
    [KEYS.admin, 'ADMIN', null],
  ])('me answers for each role (%#)', async (key, role, organization) => {
    const res = await server.gql(ME, {}, key);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.role).toBe(role);
    expect(res.data.me.organization).toEqual(organization);
    expect(res.data.me.apiKey.prefix).toBe(key.slice(0, 12));
    expect(res.data.me.apiKey.revokedAt).toBeNull();
  });

  it('reaches only track without a key', async () => {
    const me = await server.gql(ME);
    expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const shipments = await server.gql('{ shipments { edges { cursor } } }');
    expect(shipments.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const track = await server.gql('{ track(trackingNumber: "EE473124829MY") { __typename } }');
    expect(track.errors).toBeUndefined();
    expect(track.data.track.__typename).toBe('TrackingNotFound');
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ health }' }),
    });
    expect(res.status).toBe(401);
  });

  it('makes SILKGATE_ADMIN_KEY a working ADMIN key', async () => {
    const res = await server.gql(ME, {}, ADMIN_FROM_ENV);
    expect(res.data.me).toMatchObject({ role: 'ADMIN', apiKey: { label: 'SILKGATE_ADMIN_KEY' } });
  });

  it('lets an admin create an organisation and a key that works at once, shown once, and revoke it', async () => {
    const org = await server.gql(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id kind name countryCode } }`,
      { input: { kind: 'SELLER', name: 'Lotus Fashion Ltd', countryCode: 'CN' } },
      KEYS.admin,
    );
    expect(org.data.createOrganization).toMatchObject({ kind: 'SELLER', name: 'Lotus Fashion Ltd', countryCode: 'CN' });
    const created = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id role label prefix organization { name } } } }`,
      { input: { organizationId: org.data.createOrganization.id, role: 'SELLER', label: 'shop integration' } },
      KEYS.admin,
    );
    const { secret, apiKey } = created.data.createApiKey;
    expect(secret).toMatch(/^sg_live_[\w-]{32}$/);
    expect(apiKey).toMatchObject({ role: 'SELLER', label: 'shop integration', prefix: secret.slice(0, 12), organization: { name: 'Lotus Fashion Ltd' } });

    const stored = await server.database.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(stored[0].key_hash).not.toContain(secret);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    const declared = await server.gql(DECLARE_ONE, { input: declarationInput() }, secret);
    expect(declared.data.declareShipment.__typename).toBe('Shipment');

    const revoked = await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id }, KEYS.admin);
    expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
    const after = await server.gql(ME, {}, secret);
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const trail = await server.database.db.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [apiKey.id]);
    expect(trail.map((r) => r.action)).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('keeps admin mutations for admins', async () => {
    for (const key of [KEYS.seller, KEYS.hub, KEYS.customs, KEYS.carrierRu]) {
      const res = await server.gql(
        `mutation { createOrganization(input: { kind: SELLER, name: "Sneaky", countryCode: "MY" }) { id } }`,
        {},
        key,
      );
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const orgs = await server.gql('{ organizations { name } }', {}, KEYS.admin);
    expect(orgs.data.organizations.map((o: { name: string }) => o.name)).not.toContain('Sneaky');
  });

  it.each([
    [{ kind: 'SELLER', name: 'Mawar Apparel Sdn Bhd', countryCode: 'MY' }, 'ORGANIZATION_EXISTS'],
    [{ kind: 'SELLER', name: '  ', countryCode: 'MY' }, 'BAD_USER_INPUT'],
    [{ kind: 'SELLER', name: 'Nowhere Ltd', countryCode: 'XX' }, 'BAD_USER_INPUT'],
    [{ kind: 'HUB', name: 'Hub without hub', countryCode: 'MY' }, 'BAD_USER_INPUT'],
    [{ kind: 'CARRIER', name: 'Carrier without code', countryCode: 'MY', carrierCode: 'NOPE' }, 'BAD_USER_INPUT'],
  ])('refuses an invalid organisation %# with a typed error', async (input, code) => {
    const res = await server.gql(`mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`, { input }, KEYS.admin);
    expect(res.errors?.[0].extensions?.code).toBe(code);
  });

  it('refuses a key whose role does not fit the organisation', async () => {
    const orgs = await server.gql('{ organizations { id kind } }', {}, KEYS.admin);
    const seller = orgs.data.organizations.find((o: { kind: string }) => o.kind === 'SELLER');
    const res = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { organizationId: seller.id, role: 'CUSTOMS_OFFICER', label: 'wrong' } },
      KEYS.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('ROLE_NOT_ALLOWED_FOR_ORGANIZATION');
    const missing = await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { organizationId: '00000000-0000-0000-0000-000000000000', role: 'SELLER', label: 'ghost' } },
      KEYS.admin,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('revoking an unknown key is NOT_FOUND, not a server error', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      const res = await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id }, KEYS.admin);
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });
});
