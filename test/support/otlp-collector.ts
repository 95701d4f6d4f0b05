/** A stand-in OpenTelemetry collector: takes OTLP/HTTP JSON trace exports (POST /v1/traces) and keeps their spans. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: AnyValue[] } };
interface KeyValue { key: string; value: AnyValue }

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  status?: { code?: number; message?: string };
  resource: Record<string, unknown>;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

export interface Collector {
  url: string;
  /** Export requests received, whatever their path. */
  requests: number;
  spans: CollectedSpan[];
  close(): Promise<void>;
}

function plain(value: AnyValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  return value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

interface ExportRequest {
  resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { spans: (Omit<CollectedSpan, 'attributes' | 'resource'> & { attributes?: KeyValue[] })[] }[] }[];
}

/** Listens on `port` (0: any free one) on every interface, as a collector reached as localhost would. */
export async function startCollector(port = 0): Promise<Collector> {
  const collector: Collector = { url: '', requests: 0, spans: [], close: async () => undefined };
  const server = createServer((req, res) => {
    collector.requests += 1;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const exported = JSON.parse(body) as ExportRequest;
      for (const { resource, scopeSpans } of exported.resourceSpans) {
        for (const { spans } of scopeSpans) {
          for (const span of spans) collector.spans.push({ ...span, attributes: attributes(span.attributes), resource: attributes(resource?.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = () => new Promise((resolve) => server.close(() => resolve()));
  return collector;
}

/** True when `span` sits below `ancestor` in the collected tree of its trace. */
export function isDescendant(spans: readonly CollectedSpan[], span: CollectedSpan, ancestor: CollectedSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  let parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
  while (parent) {
    if (parent.spanId === ancestor.spanId) return span.traceId === ancestor.traceId;
    parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined;
  }
  return false;
}
