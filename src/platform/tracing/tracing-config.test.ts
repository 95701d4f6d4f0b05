import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config.js';
import { tracingConfigFrom, type TracingOn } from './tracing-config.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

function on(env: NodeJS.ProcessEnv): TracingOn {
  const config = tracingConfigFrom(env);
  if (!config.enabled) throw new Error('expected tracing on');
  return config;
}

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint, whatever else is set', () => {
    expect(tracingConfigFrom({})).toEqual({ enabled: false });
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({ enabled: false });
  });

  it('is on with the general or the traces endpoint, with the specification defaults', () => {
    expect(on(ENDPOINT)).toEqual({
      enabled: true,
      endpoint: 'http://collector:4318',
      protocol: 'http/protobuf',
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      batch: { scheduledDelayMillis: 5000, maxQueueSize: 2048, maxExportBatchSize: 512, exportTimeoutMillis: 30000 },
    });
    expect(on({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).endpoint).toBe('http://collector:4318/v1/traces');
  });

  it('stays off when the SDK is disabled or the traces exporter is none', () => {
    expect(tracingConfigFrom({ ...ENDPOINT, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
    expect(tracingConfigFrom({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
    expect(tracingConfigFrom({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ enabled: false });
  });

  it('takes JSON or protobuf over HTTP, the traces-specific protocol first', () => {
    expect(on({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol).toBe('http/json');
    expect(on({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).protocol).toBe('http/protobuf');
  });

  it('reads the sampler and its ratio', () => {
    expect(on({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).sampler).toEqual({ name: 'parentbased_traceidratio', ratio: 0.25 });
    expect(on({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'traceidratio' }).sampler).toEqual({ name: 'traceidratio', ratio: 1 });
    expect(on({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: '7' }).sampler).toEqual({ name: 'always_off', ratio: 1 });
  });

  it('reads the batch span processor settings', () => {
    expect(on({ ...ENDPOINT, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64' }).batch).toMatchObject({ scheduledDelayMillis: 200, maxExportBatchSize: 64 });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json'],
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'OTEL_TRACES_SAMPLER must be one of'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "1.5"'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "half"'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER must be otlp or none'],
    [{ OTEL_BSP_SCHEDULE_DELAY: '0' }, 'OTEL_BSP_SCHEDULE_DELAY must be a positive integer, got "0"'],
  ])('refuses %p at start-up', (env, message) => {
    expect(() => tracingConfigFrom({ ...ENDPOINT, ...env })).toThrow(message);
  });
});

describe('loadConfig', () => {
  it('carries the tracing configuration', () => {
    expect(loadConfig({}).tracing).toEqual({ enabled: false });
    expect(loadConfig(ENDPOINT).tracing.enabled).toBe(true);
  });
});
