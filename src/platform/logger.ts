import { pino, type Logger } from 'pino';
import { traceIds } from './tracing/spans.js';

export type { Logger };

/** traceIds: each line written inside a span carries trace_id and span_id, to find its trace (tracing on). */
export function createLogger(level: string, options: { traceIds?: boolean } = {}): Logger {
  return pino({
    level,
    // pid: with SILKGATE_WORKERS > 1 several processes write to one stream.
    base: { service: 'silkgate', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // API keys must never reach the logs.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'apiKey', 'key'], censor: '[redacted]' },
    ...(options.traceIds ? { mixin: traceIds } : {}),
  });
}
