import { startSilkgate } from './app/bootstrap.js';
import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const silkgate = await startSilkgate(config, logger);
  const store = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  logger.info({ url: silkgate.url, store }, 'Silkgate is up');
  if (silkgate.demoKeys.length) {
    // Printed for the newcomer at a terminal; these demo keys are public by design (seed/demo.json).
    process.stdout.write(
      `\nSilkgate on http://localhost:${config.port}/graphql (GraphiQL in a browser)\nDemo API keys (Authorization: Bearer <key>):\n` +
        silkgate.demoKeys.map((k) => `  ${k.role.padEnd(16)} ${k.key}   ${k.label}`).join('\n') +
        '\n\n',
    );
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    silkgate
      .stop()
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
} catch (error) {
  logger.fatal({ err: error }, 'Silkgate could not start');
  process.exit(1);
}
