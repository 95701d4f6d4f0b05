/**
 * Tracing as deployed: src/main.ts in its own process (tracing starts there, before the application
 * is imported), exporting OTLP/HTTP JSON to a stand-in collector. SIGTERM makes the server flush the
 * spans it still holds, so the spec reads them after the process has exited, without waiting on timers.
 */
import { describe, expect, it } from '@jest/globals';
import { isDescendant, SPAN_KIND, startCollector, type CollectedSpan } from '../support/otlp-collector.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { KEYS } from '../support/test-server.js';

const SELLER_PARCELS = 'query SellerParcels { shipments(first: 5) { edges { node { trackingNumber status } } } }';

function post(server: ServerProcess, requestId: string, query: string): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.seller}`, 'x-request-id': requestId },
    body: JSON.stringify({ query }),
  });
}

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** The JSON log lines the server wrote. */
function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server.stdout().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('tracing', () => {
  it('exports a request as one trace: HTTP server span with the request id, the GraphQL operation, its database calls; logs carry the trace id', async () => {
    const collector = await startCollector();
    let spans: CollectedSpan[];
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', LOG_LEVEL: 'info' });
      const ok = await post(server, 'trace-spec-parcels', SELLER_PARCELS);
      expect(await ok.json()).toEqual({ data: { shipments: expect.anything() } });
      const refused = await post(server, 'trace-spec-broken', 'query Broken { noSuchField }');
      expect(refused.status).toBe(400);
      expect(await stop(server)).toBe(0);
      spans = collector.spans;
    } finally {
      if (server?.child.exitCode === null) server.child.kill('SIGKILL');
      await collector.close();
    }

    const http = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['silkgate.request_id'] === 'trace-spec-parcels');
    expect(http).toMatchObject({ name: 'POST /graphql', attributes: { 'http.route': '/graphql' }, resource: { 'service.name': 'silkgate' } });
    expect(http!.parentSpanId || undefined).toBeUndefined();

    const operation = spans.find((s) => s.name === 'query SellerParcels')!;
    expect(operation).toMatchObject({ traceId: http!.traceId, parentSpanId: http!.spanId, attributes: { 'graphql.operation.name': 'SellerParcels', 'graphql.operation.type': 'query' } });
    const queries = spans.filter((s) => s.attributes['db.system'] === 'postgresql' && isDescendant(spans, s, operation));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries[0]).toMatchObject({ kind: SPAN_KIND.CLIENT, attributes: { 'db.operation.name': 'SELECT', 'silkgate.db.store': 'pglite' } });
    expect(queries.map((q) => q.name)).toContain('SELECT');

    // The refused operation's span says why, under its own request's span.
    const refusedHttp = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['silkgate.request_id'] === 'trace-spec-broken')!;
    const refusedOperation = spans.find((s) => s.parentSpanId === refusedHttp.spanId && s.kind === SPAN_KIND.INTERNAL);
    expect(refusedOperation).toMatchObject({ attributes: { 'silkgate.graphql.error_codes': ['GRAPHQL_VALIDATION_FAILED'] }, status: { code: 2 } });

    // Work no request started has a span of its own to hang under (jobs, start-up); the scheduler's polling is not traced.
    expect(spans.filter((s) => !s.parentSpanId && s.attributes['db.system'])).toEqual([]);
    expect(spans.filter((s) => !s.parentSpanId).map((s) => s.name)).toContain('prepare database');

    // The access log line of the request names its trace and span.
    const line = logLines(server!).find((l) => l.msg === 'request' && l.requestId === 'trace-spec-parcels');
    expect(line).toMatchObject({ trace_id: http!.traceId, span_id: http!.spanId });
  }, 240_000);

  it('is off without an endpoint: nothing reaches even the SDK default address, and logs carry no trace ids', async () => {
    // localhost:4318 is where an SDK that ignored the missing endpoint would send.
    const collector = await startCollector(4318);
    try {
      const server = await startServerProcess({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER: 'always_on', LOG_LEVEL: 'info' });
      try {
        expect((await post(server, 'untraced', SELLER_PARCELS)).status).toBe(200);
      } finally {
        expect(await stop(server)).toBe(0);
      }
      expect(collector.requests).toBe(0);
      const line = logLines(server).find((l) => l.msg === 'request' && l.requestId === 'untraced');
      expect(line).toBeDefined();
      expect(line).not.toHaveProperty('trace_id');
    } finally {
      await collector.close();
    }
  }, 240_000);
});
