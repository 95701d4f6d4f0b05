import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { sigtermWhileDeclaring, startServerProcess } from '../support/server-process.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ bodyLimit: '200kb' });
});
afterAll(async () => {
  await server?.stop();
});

describe('HTTP gateway', () => {
  it('reports liveness and readiness', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('returns a request id, echoing a sane incoming one', async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'client-req-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-req-42');
    const unsafe = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(unsafe.headers.get('x-request-id')).not.toBe('bad id <script>');
  });

  it('serves GraphiQL and its assets from the package, not a CDN', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const src of sources) {
      expect(src.startsWith('/assets/')).toBe(true);
      const asset = await fetch(`${server.url}${src}`);
      expect(asset.status).toBe(200);
    }
  });

  it('answers unknown routes, malformed JSON and oversized bodies with typed JSON errors', async () => {
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');

    const malformed = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    const malformedBody = await malformed.text();
    expect(JSON.parse(malformedBody).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(malformedBody).not.toMatch(/node_modules|at .+:\d+:\d+/);

    const inputs = Array.from({ length: 400 }, () => declarationInput());
    const huge = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.seller}` },
      body: JSON.stringify({ query: DECLARE_MANY, variables: { inputs } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a GraphQL syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const res = await server.gql('{ shipments(');
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('marks GraphQL responses uncacheable, answers and errors alike', async () => {
    const ok = await server.gql('{ health }');
    expect(ok.data).toEqual({ health: 'ok' });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const bad = await server.gql('{ nope }');
    expect(bad.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(bad.headers.get('cache-control')).toBe('no-store');
  });
});

describe('process lifecycle', () => {
  it('exits 0 on SIGTERM when idle', async () => {
    const server = await startServerProcess();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const server = await startServerProcess();
    const res = await sigtermWhileDeclaring(server);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.data.declareShipments.createdCount).toBe(1500);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  });
});
