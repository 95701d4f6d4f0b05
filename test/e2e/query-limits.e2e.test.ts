/**
 * Abuse limits over HTTP: each refused before execution with HTTP 400 (403 for introspection) and
 * its own code; the same query within the limit runs. Limits are lowered here so the documents stay small.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/platform/config.js';
import { declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** dispatches { receptacles { dispatch { receptacles … } } }: depth grows by two per level. */
const cycle = (levels: number) => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `receptacles { id dispatch { id ${inner} } }`;
  return `{ dispatches(first: 1) { id ${inner} } }`;
};

describe('query limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    const limits = { ...loadConfig({}).queryLimits, maxAliases: 5, maxDepth: 8, maxDirectives: 3, maxTokens: 400, maxCost: 10_000 };
    server = await startTestServer({ seedDemo: true, queryLimits: limits });
  });
  afterAll(() => server.stop());

  it('refuses too many aliases (QUERY_TOO_MANY_ALIASES) and runs the same query within the limit', async () => {
    const refused = await server.gql(aliases(6, 'countries { code }'));
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_MANY_ALIASES');
    const allowed = await server.gql(aliases(5, 'countries { code }'));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.a4.length).toBeGreaterThan(50);
  });

  it('refuses a receptacle ↔ dispatch cycle deeper than the limit (QUERY_TOO_DEEP)', async () => {
    const refused = await server.gql(cycle(4), {}, KEYS.hub);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
    const allowed = await server.gql(cycle(3), {}, KEYS.hub);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.dispatches).toEqual([]);
  });

  it('refuses too many directives (QUERY_TOO_MANY_DIRECTIVES)', async () => {
    const refused = await server.gql('{ me { role @include(if: true) @skip(if: false) @include(if: true) @skip(if: false) } }', {}, KEYS.seller);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_DIRECTIVES');
  });

  it('refuses a document of too many tokens before parsing it whole (QUERY_TOO_MANY_TOKENS)', async () => {
    const refused = await server.gql(`{ countries { ${'code '.repeat(500)} } }`);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_TOKENS');
  });

  it('counts list sizes in the cost, variables included (QUERY_TOO_COSTLY)', async () => {
    const query = 'query ($n: Int) { shipments(first: $n) { edges { node { trackingNumber status declaredAt sellerReference } } } }';
    const refused = await server.gql(query, { n: 5000 }, KEYS.seller);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(refused.errors?.[0].message).toMatch(/costs \d+, more than the 10000 allowed/);
    const allowed = await server.gql(query, { n: 50 }, KEYS.seller);
    expect(allowed.errors).toBeUndefined();
  });
});

describe('cost of a bulk mutation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, queryLimits: { ...loadConfig({}).queryLimits, maxCost: 100 } });
  });
  afterAll(() => server.stop());
  const declare = (selection: string) => `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { ${selection} } }`;

  it('costs what it selects, whatever the inputs, and still checks the inputs when it runs', async () => {
    // results (10 by default) × lines (10 by default): over 100 however few the inputs.
    const costly = await server.gql(declare('results { ... on Shipment { trackingNumber lines { description } } }'), { inputs: [declarationInput()] }, KEYS.seller);
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    const cheap = await server.gql(declare('createdCount'), { inputs: [declarationInput(), declarationInput()] }, KEYS.seller);
    expect(cheap.errors).toBeUndefined();
    expect(cheap.data.declareShipments.createdCount).toBe(2);
    const misfit = await server.gql(declare('createdCount'), { inputs: [{ sellerReference: 'only this' }] }, KEYS.seller);
    expect(misfit.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('introspection policy "authenticated" (the production default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, queryLimits: loadConfig({ NODE_ENV: 'production' }).queryLimits });
  });
  afterAll(() => server.stop());

  it('refuses anonymous introspection with 403 INTROSPECTION_DISABLED, answers a caller with a key', async () => {
    const anonymous = await server.gql('{ __schema { queryType { name } } }');
    expect(anonymous.status).toBe(403);
    expect(anonymous.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
    const typeProbe = await server.gql('{ __type(name: "Shipment") { name } }');
    expect(typeProbe.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
    const withKey = await server.gql('{ __schema { queryType { name } } }', {}, KEYS.seller);
    expect(withKey.data.__schema.queryType.name).toBe('Query');
  });

  it('still answers __typename and ordinary anonymous queries, and hides field suggestions', async () => {
    const res = await server.gql('{ __typename countries { code } }');
    expect(res.data.__typename).toBe('Query');
    const typo = await server.gql('{ countrys { code } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});
