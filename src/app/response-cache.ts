import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Database } from '../db/database.js';
import type { Listening } from '../db/listener.js';
import { lsnReached } from '../db/lsn.js';
import { dbScope } from '../db/scope.js';
import { onTimelinesChanging, TIMELINE_CHANNEL } from '../modules/tracking/tracking.repository.js';
import type { Logger } from '../platform/logger.js';
import { operationLabel } from './graphql-metrics.js';
import { graphqlDuration, responseCacheLookups } from './metrics.js';
import type { RateLimits } from './rate-limits.js';

/**
 * Answers to anonymous public look-ups (the `track` query), kept in this process and dropped by the
 * event: every write that changes what a buyer sees of a parcel NOTIFYs its id at commit
 * (tracking.repository notifyTimelinesChanged), and this cache, LISTENing on the primary, drops
 * every answer that showed that parcel. A repeat of the same request (query, variables, operation
 * name, Accept) is then answered with the same bytes without parsing, validating or executing it,
 * and without the database: what lets tracking keep up with buyers refreshing on Double 11.
 *
 * What still runs on a hit: the per-address anonymous limit (an answer over it goes to Apollo, which
 * refuses it as before), the request log, HTTP and operation metrics. Everything else the pipeline
 * checks (NUL guard, depth, cost) depends only on the request, which was answered before.
 * Never cached: requests with an API key or a write position (x-silkgate-lsn), answers with errors or
 * a failure (no parcel, so nothing would announce its change), anything but `track` at the root.
 * While the LISTEN connection is down the cache is empty and nothing is stored.
 */
export interface ResponseCacheOptions {
  /** Answers kept (least recently used dropped); 0 switches the cache off. */
  entries: number;
  /** A backstop for changes nobody announces (history partitions detached after years): entries older than this are not served. */
  maxAgeMs: number;
}

/** What a request being answered tells the cache: filled by the resolvers (tags) and the plugin (cacheable). */
export interface ResponseCacheMarker {
  /** Ids of the parcels the answer shows. */
  tags: string[];
  cacheable: boolean;
  rootFields: number;
  operation: string;
}

interface Ticket {
  sequence: number;
  mustHaveReplayed: string | null;
  issuedAt: number;
}

interface Entry {
  body: string;
  /** Express's own weak ETag of the body, computed once rather than hashed on every hit. */
  etag: string;
  headers: [string, string | number | string[]][];
  tags: string[];
  rootFields: number;
  operation: string;
  storedAt: number;
}

/** Root fields whose answers may be cached (each must tag its answer with the parcels it shows). */
const CACHEABLE_ROOT_FIELDS = new Set(['track', '__typename']);
// Headers that belong to one response, not to its answer.
const OWN_HEADERS = new Set(['x-request-id', 'x-db-queries', 'x-db-replica-reads', 'x-silkgate-lsn', 'content-length', 'etag', 'date', 'connection', 'keep-alive']);
// Past this many recently dropped ids, the memory of them is replaced by a floor (conservative: refuses more fills).
const RECENT_LIMIT = 50_000;
// A fill that takes longer than this is not stored; so once no ticket is this young, a drop need not remember its ids.
const FILL_LIMIT_MS = 10_000;

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  /** Each drop's number, and the last drop of each recently dropped id: a fill that started before it must not store. */
  private sequence = 0;
  private floor = 0;
  private readonly recent = new Map<string, number>();
  private listening = false;
  private lastTicketAt = Number.NEGATIVE_INFINITY;
  /** With lagging reads: the primary's WAL position after the last drop heard, and whether a drop came since. */
  private watermark: string | null = null;
  private watermarkFresh = true;

  constructor(
    private readonly options: ResponseCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.options.maxAgeMs) {
      this.remove(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Before answering a miss: a ticket for storing its answer, or null when none may be stored. With
   * reads that may lag, the ticket holds the primary's position after every change heard so far: an
   * answer read from a replica is stored only if that replica had replayed that far.
   */
  begin(readsMayLag: boolean): Ticket | null {
    if (!this.listening || (readsMayLag && !this.watermarkFresh)) return null;
    this.lastTicketAt = this.now();
    return { sequence: this.sequence, mustHaveReplayed: readsMayLag ? this.watermark : null, issuedAt: this.lastTicketAt };
  }

  /** `replicaReadAt`: how far the replica that answered had replayed (null: unknown); undefined when no replica answered. */
  store(ticket: Ticket, key: string, entry: Omit<Entry, 'storedAt'>, replicaReadAt?: string | null): boolean {
    if (!this.listening || ticket.sequence < this.floor || this.now() - ticket.issuedAt > FILL_LIMIT_MS) return false;
    if (replicaReadAt !== undefined && ticket.mustHaveReplayed !== null && !lsnReached(replicaReadAt, ticket.mustHaveReplayed)) return false;
    if (entry.tags.some((tag) => (this.recent.get(tag) ?? -1) > ticket.sequence)) return false;
    this.remove(key);
    this.entries.set(key, { ...entry, storedAt: this.now() });
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    if (this.entries.size > this.options.entries) this.remove(this.entries.keys().next().value!);
    return true;
  }

  /**
   * These parcels changed: drop every answer that showed one. `committed`: heard from the primary
   * (a replica may not have replayed it yet), not this process's own announcement before its commit.
   */
  drop(tags: readonly string[], committed = true): void {
    this.sequence += 1;
    if (committed) this.watermarkFresh = false;
    // No fill in flight could store (bulk writes while nobody tracks): only answers already kept go.
    if (this.now() - this.lastTicketAt > FILL_LIMIT_MS) {
      if (this.recent.size) this.recent.clear();
      if (this.byTag.size) for (const tag of tags) for (const key of this.byTag.get(tag) ?? []) this.remove(key);
      return;
    }
    if (this.recent.size + tags.length > RECENT_LIMIT) {
      this.recent.clear();
      this.floor = this.sequence;
    }
    for (const tag of tags) {
      this.recent.set(tag, this.sequence);
      for (const key of this.byTag.get(tag) ?? []) this.remove(key);
    }
  }

  /** The primary's position read after the drops up to `sequence`; reads that may lag must reach it before filling. */
  caughtUp(sequence: number, lsn: string): void {
    this.watermark = lsn;
    this.watermarkFresh = sequence === this.sequence;
  }

  get dropped(): number {
    return this.sequence;
  }

  /** LISTEN is in effect (again): start from empty, as drops may have been missed. */
  resume(): void {
    this.clear();
    this.listening = true;
  }

  /** LISTEN is lost: nothing is served or stored until it is back. */
  suspend(): void {
    this.listening = false;
    this.clear();
  }

  private clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.recent.clear();
    this.floor = this.sequence += 1;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

/** LISTENs for changed timelines on the primary and keeps the cache in step; with lagging reads, also the primary's WAL position. */
export async function connectResponseCache(db: Database, cache: ResponseCache, logger: Logger): Promise<Listening> {
  let asking = false;
  let listening: Listening | undefined;
  const askPosition = async () => {
    if (asking || !listening) return;
    asking = true;
    try {
      while (true) {
        const sequence = cache.dropped;
        cache.caughtUp(sequence, await listening.currentLsn());
        if (sequence === cache.dropped) break;
      }
    } catch (error) {
      logger.warn({ err: error }, 'response cache: primary position unavailable');
    } finally {
      asking = false;
    }
  };
  // Changes made here drop at once; the notification after commit drops them again (and in every other process).
  const unhear = onTimelinesChanging((ids) => cache.drop(ids, false));
  const connected = await db.listen(TIMELINE_CHANNEL, {
    ready: () => cache.resume(),
    message: (payload) => {
      cache.drop(payload.split(','));
      if (db.readsMayLag) void askPosition();
    },
    lost: (error) => {
      cache.suspend();
      logger.warn({ err: error }, 'response cache: LISTEN connection lost; caching paused until it is back');
    },
  });
  listening = connected;
  return {
    currentLsn: () => connected.currentLsn(),
    async close() {
      unhear();
      await connected.close();
    },
  };
}

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** The request's cache key, or null for a request the cache does not take. */
function keyOf(req: Request): string | null {
  if (req.method !== 'POST' || req.headers.authorization !== undefined || req.headers['x-silkgate-lsn'] !== undefined) return null;
  const body = req.body as GraphQLBody | undefined;
  if (!body || typeof body.query !== 'string' || body.query.length > 4_000 || body.extensions !== undefined) return null;
  const { variables, operationName } = body;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  return `${req.headers.accept ?? ''}\u0000${operationName ?? ''}\u0000${body.query}\u0000${JSON.stringify(variables ?? {})}`;
}

/** What Express's default ETag (the `etag` package, weak) makes of a string body. */
function weakEtag(body: string): string {
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${createHash('sha1').update(body, 'utf8').digest('base64').substring(0, 27)}"`;
}

function serve(res: Response, entry: Entry): void {
  const end = graphqlDuration.startTimer();
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('etag', entry.etag);
  res.setHeader('x-db-queries', '0');
  res.setHeader('x-silkgate-cache', 'hit');
  res.status(200).send(entry.body);
  end({ operation: entry.operation, type: 'query' });
}

/** Express middleware on /graphql, after the JSON body parser and before Apollo. */
export function responseCacheMiddleware(cache: ResponseCache, limits: RateLimits, readsMayLag: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyOf(req);
    if (key === null) return next();
    const entry = cache.lookup(key);
    if (entry) {
      responseCacheLookups.inc({ result: 'hit' });
      limits.anonymousRequest(req.socket.remoteAddress ?? 'unknown', entry.rootFields).then(
        () => serve(res, entry),
        // Over the limit: Apollo refuses it with the usual answer.
        () => next(),
      );
      return;
    }
    responseCacheLookups.inc({ result: 'miss' });
    const ticket = cache.begin(readsMayLag);
    if (!ticket) return next();
    const scope = dbScope.getStore();
    const marker: ResponseCacheMarker = { tags: [], cacheable: false, rootFields: 0, operation: '' };
    res.locals.responseCache = marker;
    const send = res.send;
    res.send = function (this: Response, body?: unknown) {
      if (marker.cacheable && this.statusCode === 200 && typeof body === 'string') {
        const headers = Object.entries(this.getHeaders()).filter(([name, value]) => value !== undefined && !OWN_HEADERS.has(name)) as Entry['headers'];
        // A replica's answer is kept only if it had replayed every change this cache has dropped.
        const replicaReadAt = scope?.replicaReads ? (scope.replicaReadLsn ?? null) : undefined;
        cache.store(ticket, key, { body, etag: weakEtag(body), headers, tags: marker.tags, rootFields: marker.rootFields, operation: marker.operation }, replicaReadAt);
      }
      return send.call(this, body);
    } as Response['send'];
    next();
  };
}

/** Only `track` (and __typename) at the root of a query, plain fields without directives. */
function cacheableOperation(operation: OperationDefinitionNode | undefined): number | null {
  if (!operation || operation.operation !== 'query') return null;
  let lookups = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || !CACHEABLE_ROOT_FIELDS.has(selection.name.value)) return null;
    if (selection.name.value !== '__typename') lookups += 1;
  }
  return lookups;
}

/** Marks an anonymous answer cacheable when it has no error and every look-up found its parcel (and tagged it). */
export function responseCachePlugin(): ApolloServerPlugin<{ principal: unknown; responseCache?: ResponseCacheMarker }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operation, operationName }) {
          const marker = contextValue.responseCache;
          if (!marker || contextValue.principal) return;
          const lookups = cacheableOperation(operation);
          if (lookups === null || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          if (marker.tags.length !== lookups) return;
          marker.cacheable = true;
          marker.rootFields = lookups;
          marker.operation = operationLabel(operationName);
        },
      };
    },
  };
}
