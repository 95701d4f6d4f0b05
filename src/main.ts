// Must stay the first import: it sets NODE_ENV before graphql-js and Express load.
import './platform/node-env.js';
import cluster from 'node:cluster';
import type { RunningSilkgate, StartOptions } from './app/bootstrap.js';
import { asWorker, finishPreparation, isPreparationProcess, prepareInChild, superviseWorkers } from './platform/cluster.js';
import { loadConfig, type Config } from './platform/config.js';
import { createLogger, type Logger } from './platform/logger.js';
import { startTracing } from './platform/tracing/tracing.js';

const config = loadConfig();
const logger = createLogger(config.logLevel, { traceIds: config.tracing.enabled });

try {
  if (isPreparationProcess()) {
    // The application is imported where it runs, never in a cluster's supervisor.
    const { prepareConfiguredDatabase } = await import('./app/bootstrap.js');
    finishPreparation(await prepareConfiguredDatabase(config, logger));
  } else if (cluster.isWorker) {
    const worker = asWorker(config, logger);
    await serve(worker.config, worker.logger, { prepared: true });
  } else if (config.workers > 1) {
    // Migrations and seeding once, in a child that exits, before any worker serves.
    const demoKeys = await prepareInChild<RunningSilkgate['demoKeys']>();
    superviseWorkers(config, logger, (port) => announce(port, demoKeys));
  } else {
    await serve(config, logger, {});
  }
} catch (error) {
  logger.fatal({ err: error }, 'Silkgate could not start');
  process.exit(1);
}

/** One HTTP server process: the whole of Silkgate with SILKGATE_WORKERS=1, or one cluster worker. */
async function serve(config: Config, logger: Logger, options: StartOptions) {
  // Before the application is imported, so that its HTTP server is instrumented (off without an OTLP endpoint).
  const tracing = await startTracing(config.tracing, logger);
  const { startSilkgate } = await import('./app/bootstrap.js');
  const starting = startSilkgate(config, logger, options);
  // Listened for from the start: the server answers /readyz before its scheduler has started, and a
  // signal then must still stop it cleanly (and flush its spans), not kill it.
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    starting
      .then((silkgate) => silkgate.stop())
      .then(() => tracing.shutdown()) // the last requests' spans are sent before the process exits
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const silkgate = await starting;
  const store = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  logger.info({ url: silkgate.url, store }, 'Silkgate is up');
  announce(Number(new URL(silkgate.url).port), silkgate.demoKeys);
}

/**
 * The port actually bound, whatever the log level (PORT=0 lets the system choose: whoever started
 * the process reads it here), and the demo keys for the newcomer at a terminal (public by design: seed/demo.json).
 */
function announce(port: number, demoKeys: RunningSilkgate['demoKeys']) {
  const keys = demoKeys.length
    ? 'Demo API keys (Authorization: Bearer <key>):\n' + demoKeys.map((k) => `  ${k.role.padEnd(16)} ${k.key}   ${k.label}`).join('\n') + '\n'
    : '';
  process.stdout.write(`\nSilkgate on http://localhost:${port}/graphql (GraphiQL in a browser)\n${keys}\n`);
}
