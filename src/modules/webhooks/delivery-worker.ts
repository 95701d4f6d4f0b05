/**
 * A stand-alone webhook delivery worker: fans out and delivers in a loop against DATABASE_URL
 * until SIGTERM/SIGINT. Production runs the same work through the scheduler
 * (WebhookDeliverer.jobs()); this entry exists for extra delivery capacity and for the crash
 * test, which kills it with SIGKILL mid-delivery.
 *
 *   DATABASE_URL=postgres://… tsx src/modules/webhooks/delivery-worker.ts
 */
import { openPostgres } from '../../db/database.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { WebhookDeliverer } from './webhook-delivery.js';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is required: the worker shares the database with the API (PGlite is single-process).');
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const db = openPostgres({ connectionString: config.databaseUrl, max: config.dbPoolSize });
const deliverer = new WebhookDeliverer(db, config.webhooks, logger);
const stop = new AbortController();
const idleMs = Number(process.env.SILKGATE_WORKER_IDLE_MS ?? 200);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop.abort());

logger.info({ lanes: config.webhooks.lanes, batch: config.webhooks.batchSize }, 'webhook delivery worker started');
process.send?.({ ready: true });
while (!stop.signal.aborted) {
  const pass = await deliverer.runUntilIdle({ budgetMs: 10_000, signal: stop.signal });
  if (pass.claimed) logger.debug(pass, 'delivery pass');
  if (pass.claimed === 0 && pass.fannedOut === 0) await new Promise((r) => setTimeout(r, idleMs));
}
await deliverer.close();
await db.close();
logger.info('webhook delivery worker stopped');
