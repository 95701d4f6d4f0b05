import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    // pid: with SILKGATE_WORKERS > 1 several processes write to one stream.
    base: { service: 'silkgate', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // API keys must never reach the logs.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'apiKey', 'key'], censor: '[redacted]' },
  });
}
