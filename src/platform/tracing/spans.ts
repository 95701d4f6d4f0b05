/**
 * What the application's code calls to make and mark spans: only @opentelemetry/api, whose calls
 * are no-ops until src/platform/tracing/tracing.ts registers an SDK. Helpers that would still cost
 * something per call (a database span per statement) check `tracingStarted()` first.
 */
import { context, createContextKey, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

export const tracer = trace.getTracer('silkgate');

let started = false;
const UNTRACED = createContextKey('silkgate.untraced');

/** Called once the SDK is registered (tracing.ts). */
export function markTracingStarted(): void {
  started = true;
}

export function tracingStarted(): boolean {
  return started;
}

/** Ties the log line to the span it was written in: pino's mixin (src/platform/logger.ts). */
export function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** The request id the logs carry, as an attribute of the HTTP server span; returns that span. */
export function markRequestSpan(requestId: string): Span | undefined {
  const span = trace.getActiveSpan();
  span?.setAttribute('silkgate.request_id', requestId);
  return span;
}

/** Names the HTTP server span after the route (bounded variety), as the HTTP instrumentation would with a router's help. */
export function nameRequestSpan(span: Span | undefined, method: string, route: string): void {
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
}

/** The statement's kind: its first keyword (SELECT, INSERT … WITH, COPY), upper case. */
export function statementKind(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(sql);
  return match ? match[1].toUpperCase() : 'SQL';
}

/** Which store answered: the primary PostgreSQL server, a streaming replica, or embedded PGlite. */
export type DatabaseStore = 'postgres' | 'replica' | 'pglite';

/** A database call as a span, a child of whatever span is active (the GraphQL operation, a job …). */
export function inDatabaseSpan<T>(store: DatabaseStore, sql: string, run: () => Promise<T>): Promise<T> {
  if (!started || context.active().getValue(UNTRACED)) return run();
  const kind = statementKind(sql);
  return inSpan(kind, SpanKind.CLIENT, {
    // Both stores speak PostgreSQL: db.system (older conventions) and db.system.name (current) say so.
    'db.system': 'postgresql',
    'db.system.name': 'postgresql',
    'db.operation.name': kind,
    // Parameterised: $1 … stand where the values go, so the text holds no customer data.
    'db.query.text': sql,
    'silkgate.db.store': store,
  }, run);
}

/** Runs `run` without database spans: the scheduler's polling would otherwise make a trace every few seconds. */
export function untraced<T>(run: () => Promise<T>): Promise<T> {
  return started ? context.with(context.active().setValue(UNTRACED, true), run) : run();
}

/** Work no request started (a scheduled job, preparing the database): a trace of its own, its statements inside. */
export function inRootSpan<T>(name: string, attributes: Record<string, string>, run: () => Promise<T>): Promise<T> {
  if (!started) return run();
  return inSpan(name, SpanKind.INTERNAL, attributes, run, ROOT_CONTEXT);
}

/** A transaction as a span: its statements are its children. */
export function inTransactionSpan<T>(store: DatabaseStore, run: () => Promise<T>): Promise<T> {
  if (!started) return run();
  return inSpan('transaction', SpanKind.INTERNAL, { 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'silkgate.db.store': store }, run);
}

async function inSpan<T>(name: string, kind: SpanKind, attributes: Record<string, string>, run: () => Promise<T>, parent: Context = context.active()): Promise<T> {
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    // The SQLSTATE (23505 …) or the error's class, not its message: PostgreSQL quotes the offending values.
    const { code, name: errorName } = error as { code?: unknown; name?: string };
    span.setAttribute('error.type', typeof code === 'string' ? code : errorName ?? 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
