import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, isInputObjectType, isListType, getNamedType, getNullableType, Kind, type GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitsConfig } from '../platform/config.js';

/**
 * Request limits per API key and per client address, counted in Redis when REDIS_URL is set (every
 * worker and machine shares the counters) and in this process's memory otherwise. Each limit is a
 * number of points per window; 0 switches it off. Over a limit the answer is HTTP 429 with
 * `Retry-After` (seconds) and the code RATE_LIMITED.
 */
export class RateLimits {
  private readonly badKeys?: RateLimiterAbstract;
  private readonly perKey?: RateLimiterAbstract;
  private readonly anonymous?: RateLimiterAbstract;
  private readonly bulk?: RateLimiterAbstract;

  private constructor(
    config: RateLimitsConfig,
    private readonly redis: Redis | undefined,
  ) {
    const limiter = (keyPrefix: string, points: number) => {
      if (points <= 0) return undefined;
      const options = { keyPrefix: `${config.redisPrefix}:${keyPrefix}`, points, duration: config.windowSeconds };
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
    };
    this.badKeys = limiter('bad-key', config.badKeys);
    this.perKey = limiter('key', config.perKey);
    this.anonymous = limiter('anonymous', config.anonymous);
    this.bulk = limiter('bulk', config.bulk);
  }

  static async create(config: RateLimitsConfig): Promise<RateLimits> {
    if (!config.redisUrl) return new RateLimits(config, undefined);
    // Loaded only with REDIS_URL: a process counting in its own memory does without it.
    const { Redis } = await import('ioredis');
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    await redis.connect();
    return new RateLimits(config, redis);
  }

  /** Before a key is checked: an address that sent too many bad keys is refused without a lookup. */
  async refuseBlockedAddress(address: string): Promise<void> {
    const state = await this.badKeys?.get(address);
    if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) throw rateLimited('Too many requests with bad API keys from this address.', state.msBeforeNext);
  }

  /** A key that is not valid: counts against the address; the last allowed attempt still gets 401. */
  async recordBadKey(address: string): Promise<void> {
    await consume(this.badKeys, address, 1, 'Too many requests with bad API keys from this address.');
  }

  async requestWithKey(apiKeyId: string): Promise<void> {
    await consume(this.perKey, apiKeyId, 1, 'Too many requests with this API key.');
  }

  /** An anonymous operation costs one point per root field (each alias of `track` is one look-up). */
  async anonymousRequest(address: string, rootFields: number): Promise<void> {
    await consume(this.anonymous, address, rootFields, 'Too many anonymous requests from this address.');
  }

  async bulkMutation(apiKeyId: string): Promise<void> {
    await consume(this.bulk, apiKeyId, 1, 'Too many bulk calls with this API key.');
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

async function consume(limiter: RateLimiterAbstract | undefined, key: string, points: number, message: string): Promise<void> {
  if (!limiter || points <= 0) return;
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    // A store failure (Redis down) is thrown as an Error: let the request through rather than fail it.
    if (rejection instanceof RateLimiterRes) throw rateLimited(message, rejection.msBeforeNext);
  }
}

export function rateLimited(message: string, msBeforeNext: number): GraphQLError {
  const retryAfter = String(Math.max(1, Math.ceil(msBeforeNext / 1000)));
  return new GraphQLError(`${message} Retry after ${retryAfter} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(retryAfter), http: { status: 429, headers: new HeaderMap([['retry-after', retryAfter]]) } },
  });
}

/** Mutation root fields that take a list of input objects: one call writes many things. */
export function bulkMutationNames(schema: GraphQLSchema): Set<string> {
  const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
  return new Set(fields.filter((f) => f.args.some((a) => isListType(getNullableType(a.type)) && isInputObjectType(getNamedType(a.type)))).map((f) => f.name));
}

/** What the plugin needs of the context. */
export interface RateLimitedContext {
  principal: { apiKeyId: string } | null;
  clientAddress: string;
}

/** Anonymous operations per address, bulk mutations per key: limits that depend on the operation. */
export function operationRateLimits(limits: RateLimits, schema: GraphQLSchema): ApolloServerPlugin<RateLimitedContext> {
  const bulk = bulkMutationNames(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return;
          const rootFields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value !== '__typename');
          if (!contextValue.principal) {
            await limits.anonymousRequest(contextValue.clientAddress, rootFields.length);
          } else if (operation.operation === 'mutation' && rootFields.some((s) => s.kind === Kind.FIELD && bulk.has(s.name.value))) {
            await limits.bulkMutation(contextValue.principal.apiKeyId);
          }
        },
      };
    },
  };
}
