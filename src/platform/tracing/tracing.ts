/**
 * OpenTelemetry tracing, started by src/main.ts before it imports the application, and only when an
 * OTLP endpoint is configured: otherwise none of the SDK is even loaded and the application's calls
 * into @opentelemetry/api (src/platform/tracing/spans.ts) stay no-ops.
 *
 * Where the spans come from:
 * - HTTP server spans: @opentelemetry/instrumentation-http. It patches http.Server.prototype.emit,
 *   which the ESM `createServer` of bootstrap.ts shares with CommonJS; the patch is applied when
 *   `http` is next require()d, so this module requires it once itself, before the app is imported.
 * - GraphQL operation spans: an Apollo plugin (src/app/graphql-tracing.ts). graphql-jit executes
 *   compiled queries, which @opentelemetry/instrumentation-graphql (patching graphql-js) never sees.
 * - Database spans: the Database wrapper (src/db/database.ts), one per statement, for PostgreSQL and
 *   PGlite alike. @opentelemetry/instrumentation-pg is not used: PGlite has no pg driver, pg is
 *   imported from ESM (which require-in-the-middle does not see), and on PostgreSQL it would count
 *   each statement twice.
 */
import { createRequire } from 'node:module';
import type { Logger } from '../logger.js';
import { markTracingStarted } from './spans.js';
import type { Sampler } from '@opentelemetry/sdk-trace';
import type { TracingConfig, TracingOn } from './tracing-config.js';

export interface Tracing {
  /** Ends the exporter after sending the spans still queued (SIGTERM, server stop). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { shutdown: async () => undefined };

/** Probes and scrapes every few seconds: spans that would bury the requests worth reading. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export async function startTracing(config: TracingConfig, logger: Logger): Promise<Tracing> {
  if (!config.enabled) return OFF;
  const [api, { AsyncLocalStorageContextManager }, core, resources, sdk, { HttpInstrumentation }, { registerInstrumentations }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation'),
  ]);
  const exporter = await createExporter(config);
  // service.name is silkgate unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise.
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': 'silkgate' }))
    .merge(resources.detectResources({ detectors: [resources.processDetector, resources.hostDetector, resources.envDetector] }));
  const provider = new sdk.TracerProvider({
    resource,
    sampler: createSampler(sdk, config.sampler),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter, ...config.batch })],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }));
  api.trace.setGlobalTracerProvider(provider);
  api.diag.setLogger(diagToPino(logger), api.DiagLogLevel.WARN);
  registerInstrumentations({
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]) })],
  });
  createRequire(import.meta.url)('node:http');
  markTracingStarted();
  logger.info({ endpoint: config.endpoint, protocol: config.protocol, sampler: config.sampler.name }, 'tracing: exporting spans over OTLP');
  return {
    async shutdown() {
      await provider.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'tracing: spans could not be flushed'));
    },
  };
}

async function createExporter(config: TracingOn) {
  // Either reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION itself.
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

type Sdk = typeof import('@opentelemetry/sdk-trace');

function createSampler(sdk: Sdk, { name, ratio }: TracingOn['sampler']): Sampler {
  const rule = name.replace(/^parentbased_/, '');
  const root = rule === 'always_on' ? new sdk.AlwaysOnSampler() : rule === 'always_off' ? new sdk.AlwaysOffSampler() : new sdk.TraceIdRatioBasedSampler(ratio);
  // parentbased_*: a request that arrives with a sampled (or unsampled) traceparent keeps that decision.
  return name.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
}

/** The SDK's own complaints (an unreachable collector …) go to the application's log. */
function diagToPino(logger: Logger) {
  const log = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') => (message: string, ...args: unknown[]) => logger[level]({ otel: args.length ? args : undefined }, `opentelemetry: ${message}`);
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('trace') };
}
