import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { seedReferenceData } from '../modules/reference/reference.seeder.js';
import { carrierRestRouter } from '../modules/carriers/rest/carrier-rest.router.js';
import { documentsRouter } from '../modules/documents/documents.router.js';
import { ediRouter } from '../modules/edi/edi.router.js';
import { hubJobs } from '../modules/hub/hub.jobs.js';
import { trackingRouter } from '../modules/tracking/tracking.router.js';
import { seedHubLocations } from '../modules/hub/hub.seeder.js';
import { createWebRouters } from '../modules/web/web.router.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler/scheduler.js';
import { createHttpApp } from './http-app.js';
import { jobDuration, jobRuns, observeDatabase } from './metrics.js';
import type { JobDefinition } from '../platform/jobs.js';
import { inRootSpan } from '../platform/tracing/spans.js';
import { RateLimits } from './rate-limits.js';
import { connectResponseCache, ResponseCache } from './response-cache.js';
import type { Listening } from '../db/listener.js';
import { createServices, type Services, type ServicesConfig } from './services.js';

export interface RunningSilkgate {
  url: string;
  services: Services;
  httpServer: Server;
  demoKeys: { role: string; label: string; key: string }[];
  /** Runs the modules' scheduled jobs; absent when SILKGATE_SCHEDULER=off. */
  scheduler?: Scheduler;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** Migrates, loads reference data into an empty database, and applies the configured keys. */
export async function prepareDatabase(db: Database, config: Pick<Config, 'seedDemo' | 'adminKey' | 'maxBulkDeclarations'> & Partial<Config> & Pick<ServicesConfig, 'clock'>, logger: Logger) {
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const [{ count }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM countries');
  if (count === 0) {
    await seedReferenceData(db);
    logger.info('reference data loaded from seed/');
  }
  const services = await createServices(db, config);
  // Hub zones/aisles/bins from seed/hub-locations.json (additive, idempotent).
  await seedHubLocations(db, services.reference);
  const demoKeys = config.seedDemo ? await services.auth.seedDemo() : [];
  if (config.production && !config.seedDemo) {
    const active = await services.auth.activeDemoKeys();
    if (active > 0) {
      throw new Error(
        `${active} published demo API key(s) from seed/demo.json still work on this database (sg_demo_admin_… is an ADMIN key anyone can read). ` +
          'Revoke them (revokeApiKey), or set SILKGATE_DEMO=true to run a demo on purpose.',
      );
    }
  }
  if (config.adminKey) await services.auth.ensureAdminKey(config.adminKey);
  return { services, demoKeys };
}

function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    readUrls: config.readDatabaseUrls,
    readWaitMs: config.readReplicaWaitMs,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
}

/** prepareDatabase on the configured database, which it then closes: a cluster primary's start, before it forks. */
export async function prepareConfiguredDatabase(config: Config, logger: Logger): Promise<RunningSilkgate['demoKeys']> {
  const db = await openConfiguredDatabase(config);
  try {
    const { services, demoKeys } = await prepareDatabase(db, config, logger);
    await services.webhookDelivery.close();
    return demoKeys;
  } finally {
    await db.close();
  }
}

/** The job, counted and timed for /metrics, and traced (each run a trace of its own) when tracing is on. */
function measuredJob(job: JobDefinition): JobDefinition {
  return {
    ...job,
    run: () =>
      inRootSpan(`job ${job.name}`, { 'silkgate.job': job.name }, async () => {
        const end = jobDuration.startTimer({ job: job.name });
        try {
          const summary = await job.run();
          jobRuns.inc({ job: job.name, outcome: 'succeeded' });
          return summary;
        } catch (error) {
          jobRuns.inc({ job: job.name, outcome: 'failed' });
          throw error;
        } finally {
          end();
        }
      }),
  };
}

export interface StartOptions {
  /** Serve this open database (tests) instead of opening the configured one. */
  db?: Database;
  /** Skip migrations and seeding: a cluster primary did them before forking this worker. */
  prepared?: boolean;
  /** Where "now" comes from (tests move it to cross rule dates). */
  clock?: ServicesConfig['clock'];
}

export async function startSilkgate(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningSilkgate> {
  const db = options.db ?? (await openConfiguredDatabase(config));
  let rateLimits: RateLimits | undefined;
  let listening: Listening | undefined;
  try {
    const servicesConfig = { ...config, clock: options.clock ?? config.clock };
    const { services, demoKeys } = options.prepared
      ? { services: await createServices(db, servicesConfig), demoKeys: [] }
      : await inRootSpan('prepare database', {}, () => prepareDatabase(db, servicesConfig, logger));
    // A client that stalls sending headers or a body it announced is answered 408 and dropped; the
    // check runs every second (Node's default is 30 s).
    const httpServer = createServer({
      headersTimeout: config.timeouts.headersMs,
      requestTimeout: config.timeouts.requestMs,
      keepAliveTimeout: config.timeouts.keepAliveMs,
      connectionsCheckingInterval: 1_000,
    });
    rateLimits = await RateLimits.create(config.rateLimits);
    let responseCache: ResponseCache | undefined;
    if (config.responseCacheEntries > 0) {
      responseCache = new ResponseCache({ entries: config.responseCacheEntries, maxAgeMs: config.responseCacheMaxAgeSeconds * 1000 });
      listening = await connectResponseCache(db, responseCache, logger);
    }
    const unobserve = observeDatabase(db);
    const routers = [documentsRouter(services), carrierRestRouter(services), ediRouter(services), trackingRouter({ ...services, cacheSeconds: config.trackCacheSeconds }), ...createWebRouters(services)];
    const { app, apollo } = await createHttpApp({ services, logger, bodyLimit: config.bodyLimit, largeRequests: config.largeRequests, queryLimits: config.queryLimits, rateLimits, responseCache, httpServer, routers });
    httpServer.on('request', app);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    let scheduler: Scheduler | undefined;
    if (config.scheduler) {
      // Loaded only where it runs (in a cluster, worker 1): Agenda and its backend are ≈ 5 MB of heap.
      const { Scheduler } = await import('../platform/scheduler/scheduler.js');
      scheduler = new Scheduler(db, { processEvery: config.schedulerProcessEvery, lockLifetimeMs: config.schedulerLockLifetimeMs }, logger);
      scheduler.register(...[...services.customs.jobs.definitions(), ...hubJobs(services.hub), ...services.webhookDelivery.jobs(), ...services.edi.jobs(), ...services.history.jobs()].map(measuredJob));
      await scheduler.start();
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      services,
      httpServer,
      demoKeys,
      scheduler,
      stop() {
        stopping ??= (async () => {
          await scheduler?.stop();
          await apollo.stop(); // drains: stops accepting, waits for in-flight requests
          await services.webhookDelivery.close();
          await rateLimits?.close();
          await listening?.close();
          unobserve();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await rateLimits?.close();
    await listening?.close();
    await db.close().catch(() => undefined);
    throw error;
  }
}
