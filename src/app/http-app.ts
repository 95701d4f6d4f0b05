import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, printSchema, type GraphQLFormattedError } from 'graphql';
import { isLsn } from '../db/lsn.js';
import { dbScope, type DbScope } from '../db/scope.js';
import { migrationsCurrent } from '../db/migrate.js';
import { createLoaders, type GraphQLContext } from '../graphql/context.js';
import { buildSchema } from '../graphql/schema.js';
import type { Principal } from '../modules/auth/principal.js';
import { AppError } from '../platform/errors.js';
import { jitGateway } from './jit-executor.js';
import { largeRequestGate, type LargeRequestGateConfig } from './large-request-gate.js';
import { queryLimitCode, queryLimits } from './query-limits.js';
import { operationRateLimits, type RateLimits } from './rate-limits.js';
import { graphqlMetrics } from './graphql-metrics.js';
import { responseCacheMiddleware, responseCachePlugin, type ResponseCache } from './response-cache.js';
import { graphqlTracing } from './graphql-tracing.js';
import { markRequestSpan, nameRequestSpan, tracingStarted } from '../platform/tracing/spans.js';
import { httpDuration, metricsText } from './metrics.js';
import type { QueryLimitsConfig } from '../platform/config.js';
import { jsonBodyFreeOfNul, refuseNulCharacters } from './nul-guard.js';
import type { Logger } from '../platform/logger.js';
import { projectPath } from '../platform/paths.js';
import type { Services } from './services.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Codes Apollo and graphql-js use for a client's mistakes: passed through as they are. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limitCode = queryLimitCode(formatted, error);
  if (limitCode) return { message: formatted.message, locations: formatted.locations, extensions: { code: limitCode } };
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...original.details, code: original.code },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  // Anything else is our fault: say so without leaking internals; the log has the detail.
  return { message: 'Internal error. The request id in the x-request-id header identifies it in the logs.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function logUnexpectedErrors(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof AppError || original instanceof GraphQLError) continue;
            contextValue.logger.error({ err: original, path: error.path }, 'unexpected error');
          }
        },
      };
    },
  };
}

function responseHeaders(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const store = dbScope.getStore();
          if (store) response.http.headers.set('x-db-queries', String(store.count));
          if (store?.replicaReads) response.http.headers.set('x-db-replica-reads', String(store.replicaReads));
          // What the default cache-control plugin (disabled below) sent: nothing here sets cache hints.
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** The WAL position of the client's last write, sent back so that its reads from replicas see it. */
function readAfterLsn(req: Request): string | null {
  const lsn = req.headers['x-silkgate-lsn'];
  return typeof lsn === 'string' && isLsn(lsn) ? lsn : null;
}

/** A response to a request that wrote carries the write's WAL position, for the client's next reads. */
function announceWriteLsn(res: Response, scope: DbScope): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (scope.wroteLsn) this.setHeader('x-silkgate-lsn', scope.wroteLsn);
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}

/** A route label of bounded variety: the matched route's pattern, the mount point, or the first path segment of a served path. */
function routeLabel(req: Request, path: string, status: number): string {
  if (req.route?.path) return `${req.baseUrl}${String(req.route.path)}`;
  if (path.startsWith('/graphql')) return '/graphql';
  if (status === 404) return 'unmatched';
  return `/${path.split('/')[1] ?? ''}`;
}

function bearerKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

export interface HttpAppOptions {
  services: Services;
  logger: Logger;
  bodyLimit: string;
  /** Bound on the large requests (bulk calls) run at once; absent: none. */
  largeRequests?: LargeRequestGateConfig;
  queryLimits: QueryLimitsConfig;
  rateLimits: RateLimits;
  /** Anonymous tracking answers kept until their parcel changes; absent: every request is executed. */
  responseCache?: ResponseCache;
  httpServer: Server;
  /** Extra routers (documents, tracking page …) mounted before the error handler. */
  routers?: express.Router[];
}

export async function createHttpApp(options: HttpAppOptions): Promise<{ app: express.Express; apollo: ApolloServer<GraphQLContext> }> {
  const { services, logger } = options;
  const schema = buildSchema();
  const limits = queryLimits(schema, options.queryLimits);
  const apollo = new ApolloServer<GraphQLContext>({
    gateway: jitGateway(schema),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handlers would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Its willResolveField makes Apollo wrap every resolver: thousands of calls per bulk declaration.
      ApolloServerPluginCacheControlDisabled(),
      logUnexpectedErrors(),
      responseHeaders(),
      refuseNulCharacters(),
      ...limits.plugins,
      operationRateLimits(options.rateLimits, schema),
      ...(options.responseCache ? [responseCachePlugin()] : []),
      graphqlMetrics(),
      ...(tracingStarted() ? [graphqlTracing<GraphQLContext>()] : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.logger = logger.child({ requestId });
    res.setHeader('x-request-id', requestId);
    const requestSpan = markRequestSpan(requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const route = routeLabel(req, path, res.statusCode);
      nameRequestSpan(requestSpan, req.method, route);
      httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, ms / 1000);
      res.locals.logger.info({ method: req.method, url: path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    const scope: DbScope = { count: 0, readAfterLsn: readAfterLsn(req) };
    announceWriteLsn(res, scope);
    dbScope.run(scope, next);
  });

  // The public contract as SDL, descriptions included (what codegen and client tools read).
  const sdl = printSchema(schema);
  app.get('/schema.graphql', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(sdl);
  });
  // Prometheus scrapes this; keep it off the public internet at the proxy (it names operations and codes).
  app.get('/metrics', async (_req, res) => {
    try {
      const { contentType, text } = await metricsText();
      res.type(contentType).send(text);
    } catch (error) {
      res.locals.logger.error({ err: error }, 'metrics unavailable');
      res.status(503).json({ errors: [{ message: 'Metrics are unavailable.', extensions: { code: 'METRICS_UNAVAILABLE' } }] });
    }
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const current = await migrationsCurrent(services.db);
      res.status(current ? 200 : 503).json({ status: current ? 'ready' : 'migrations pending' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const graphiqlPage = readFileSync(projectPath('templates', 'graphiql.html'), 'utf8');
  app.use('/assets/graphiql', express.static(packageDir('graphiql'), { index: false, maxAge: '1d' }));
  app.use('/assets/react', express.static(path.join(packageDir('react'), 'umd'), { index: false, maxAge: '1d' }));
  app.use('/assets/react-dom', express.static(path.join(packageDir('react-dom'), 'umd'), { index: false, maxAge: '1d' }));
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      res.type('html').send(graphiqlPage);
      return;
    }
    next();
  });

  app.use(
    '/graphql',
    // Before the body is read: a bulk call waiting for its turn holds no memory but its request.
    ...(options.largeRequests ? [largeRequestGate(options.largeRequests)] : []),
    express.json({
      limit: options.bodyLimit,
      // Sees the raw body before it is parsed: a body without a NUL escape spares the NUL guard its walk over every variable.
      verify: (_req, res, body, charset) => {
        (res as Response).locals.bodyFreeOfNul = jsonBodyFreeOfNul(body, charset);
      },
    }),
    ...(options.responseCache ? [responseCacheMiddleware(options.responseCache, options.rateLimits, services.db.readsMayLag)] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        const key = bearerKey(req);
        const clientAddress = req.socket.remoteAddress ?? 'unknown';
        let principal: Principal | null = null;
        if (key !== undefined) {
          await options.rateLimits.refuseBlockedAddress(clientAddress);
          principal = (key && (await services.auth.authenticate(key))) || null;
          if (!principal) {
            await options.rateLimits.recordBadKey(clientAddress);
            throw new GraphQLError('That API key is not valid or has been revoked.', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            });
          }
          await options.rateLimits.requestWithKey(principal.apiKeyId);
        }
        return {
          principal, clientAddress, requestId: res.locals.requestId, logger: res.locals.logger, services, loaders: createLoaders(services),
          bodyFreeOfNul: res.locals.bodyFreeOfNul === true, responseCache: res.locals.responseCache,
        };
      },
    }),
  );

  for (const router of options.routers ?? []) app.use(router);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'Not found. The API is at /graphql.', extensions: { code: 'NOT_FOUND' } }] });
  });

  // Body-parser and other middleware errors: typed JSON, never a stack trace.
  app.use((error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `Request body is larger than ${options.bodyLimit}. Send fewer declarations per call.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    if (error.status && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: error.message ?? 'Bad request', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    res.locals.logger?.error({ err: error }, 'unhandled error');
    res.status(500).json({ errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { app, apollo };
}
