/**
 * /metrics in Prometheus text format after real traffic: HTTP and GraphQL latency by route and
 * operation, errors by code, declarations, outbox and webhook state, jobs, process memory.
 * (Aggregation over cluster workers: cluster.e2e.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { fastWebhooks, REGISTER } from '../support/webhooks.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true, scheduler: true, schedulerProcessEvery: '1 hour', webhooks: fastWebhooks() });
});
afterAll(() => server.stop());

/** The value of one sample line, e.g. sample(text, 'silkgate_graphql_errors_total{code="UNAUTHENTICATED"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts what the server did', async () => {
    await server.gql('query MetricsProbe { me { role } }', {}, KEYS.seller);
    await server.gql('{ me { role } }', {}, 'sg_not_a_key_000000000000000000');
    // An endpoint takes the declarations' messages: without one they would be stored fanned out.
    const registered = await server.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['shipment.declared'] } }, KEYS.seller);
    expect(registered.errors).toBeUndefined();
    const declared = await server.gql(DECLARE_MANY, { inputs: [declarationInput(), declarationInput()] }, KEYS.seller);
    expect(declared.data.declareShipments.createdCount).toBe(2);
    await server.silkgate.scheduler!.runNow('customs.green-channel');

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'silkgate_graphql_operation_duration_seconds_count{operation="MetricsProbe",type="query"}')).toBe(1);
    expect(sample(text, 'silkgate_graphql_operation_duration_seconds_count{operation="DeclareMany",type="mutation"}')).toBe(1);
    expect(sample(text, 'silkgate_graphql_errors_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'silkgate_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'silkgate_declarations_total')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'silkgate_job_runs_total{job="customs.green-channel",outcome="succeeded"}')).toBeGreaterThanOrEqual(1);
    // Declarations queue outbox messages for the endpoint that nothing has fanned out yet (no delivery ran).
    expect(sample(text, 'silkgate_outbox_backlog{queue="messages"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'silkgate_outbox_oldest_age_seconds{queue="messages"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'silkgate_webhook_dead_letters')).toBe(0);
    expect(text).toMatch(/^silkgate_webhook_endpoints\{circuit="CLOSED"\} \d+$/m);
    expect(text).toContain("# TYPE silkgate_webhook_deliveries_total counter");
    expect(sample(text, 'silkgate_process_resident_memory_bytes')).toBeGreaterThan(0);
    if (process.env.TEST_DATABASE_URL) expect(sample(text, 'silkgate_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('/schema.graphql', () => {
  it('serves the SDL with its descriptions', async () => {
    const res = await fetch(`${server.url}/schema.graphql`);
    expect(res.status).toBe(200);
    const sdl = await res.text();
    expect(sdl).toMatch(/^type Query \{/m);
    expect(sdl).toContain('declareShipments(');
    expect(sdl).toMatch(/"""|"[A-Z]/);
    // Descriptions reach clients: scalars, arguments and enum values too; no placeholder field.
    expect(sdl).toMatch(/"""An ISO 8601 instant in UTC[^"]*"""\nscalar DateTime/);
    expect(sdl).toMatch(/track\(\n\s+"""\s+S10 number/);
    expect(sdl).toMatch(/"""CN 22, for parcels worth up to 300 SDR."""\n\s+CN22/);
    expect(sdl).not.toContain('_noop');
  });
});
