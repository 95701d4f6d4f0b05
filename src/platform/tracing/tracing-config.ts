/**
 * Tracing configuration from the standard OpenTelemetry variables. The OTLP exporters read their own
 * (endpoint, headers, timeout, compression, certificates); what the trace SDK used here does not read
 * itself — sampler, batch processor, protocol — is parsed here, with the specification's defaults.
 */

/** The samplers the OpenTelemetry environment specification names and this SDK ships. */
export type SamplerName = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

/** OTLP over HTTP; gRPC would bring a second transport stack for what a collector also takes on 4318. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface TracingOn {
  enabled: true;
  /** Where spans go (for the start-up log line; the exporter reads the variables itself). */
  endpoint: string;
  protocol: OtlpProtocol;
  sampler: { name: SamplerName; ratio: number };
  batch: { scheduledDelayMillis: number; maxQueueSize: number; maxExportBatchSize: number; exportTimeoutMillis: number };
}

export type TracingConfig = { enabled: false } | TracingOn;

const SAMPLERS: readonly SamplerName[] = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function samplerFrom(env: NodeJS.ProcessEnv): TracingOn['sampler'] {
  const raw = env.OTEL_TRACES_SAMPLER || 'parentbased_always_on';
  if (!SAMPLERS.includes(raw as SamplerName)) throw new Error(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${raw}"`);
  const name = raw as SamplerName;
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  if (!name.endsWith('traceidratio') || arg === undefined || arg === '') return { name, ratio: 1 };
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${arg}"`);
  return { name, ratio };
}

function protocolFrom(env: NodeJS.ProcessEnv): OtlpProtocol {
  const raw = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (PROTOCOLS.includes(raw as OtlpProtocol)) return raw as OtlpProtocol;
  throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json (send to the collector's HTTP port, 4318), got "${raw}"`);
}

/** Off unless an OTLP endpoint is set; OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off again. */
export function tracingConfigFrom(env: NodeJS.ProcessEnv): TracingConfig {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false };
  const exporter = env.OTEL_TRACES_EXPORTER || 'otlp';
  if (exporter === 'none') return { enabled: false };
  if (exporter !== 'otlp') throw new Error(`OTEL_TRACES_EXPORTER must be otlp or none, got "${exporter}"`);
  return {
    enabled: true,
    endpoint,
    protocol: protocolFrom(env),
    sampler: samplerFrom(env),
    batch: {
      scheduledDelayMillis: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', 5_000),
      maxQueueSize: positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2_048),
      maxExportBatchSize: positiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512),
      exportTimeoutMillis: positiveInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000),
    },
  };
}
