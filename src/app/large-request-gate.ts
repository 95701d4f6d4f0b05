/**
 * A bound on the large GraphQL requests (bulk calls: 1,000 declarations are ≈ 680 KB of JSON) one
 * process runs at once. A worker's memory grows with the bulk calls it holds: each one's parsed body,
 * coerced inputs, rows and COPY text live until it answers, and much of that survives young-generation
 * collections, so the old space grows with every call in flight. The cluster hands out connections,
 * not calls: a client's keep-alive connections can land unevenly, and a client can simply send more.
 * Here the rest wait in arrival order *before their body is read* (it stays in the socket), so a
 * waiting call costs the worker nothing but the request object, and answers come as before, only later.
 *
 * A waiting request still counts against the server's request timeout (SILKGATE_REQUEST_TIMEOUT_MS:
 * its body has not arrived), which answers 408 and closes it; a client that goes away leaves the queue.
 * A running request keeps its place until its response is ended, whether or not its client is still there.
 */
import type { NextFunction, Request, Response } from 'express';
import { largeRequests } from './metrics.js';

export interface LargeRequestGateConfig {
  /** Large requests run at once per process; 0: no bound. */
  atOnce: number;
  /** A POST body of at least this many bytes (or of unannounced length) is large. */
  minBytes: number;
}

/** First come, first served places: at most `limit` held at once. */
export class Places {
  private held = 0;
  private readonly queue: Array<{ start: () => void }> = [];

  constructor(readonly limit: number) {}

  get running(): number {
    return this.held;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Calls start once a place is free (at once, or after those waiting before it). Returns leave:
   * call it once, whatever happened (before start ran: it only leaves the queue).
   */
  take(start: () => void): () => void {
    let state: 'waiting' | 'holding' | 'gone' = 'waiting';
    const entry = {
      start: () => {
        state = 'holding';
        this.held += 1;
        start();
      },
    };
    if (this.held < this.limit) entry.start();
    else this.queue.push(entry);
    return () => {
      if (state === 'holding') {
        this.held -= 1;
        this.queue.shift()?.start();
      } else if (state === 'waiting') {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
      }
      state = 'gone';
    };
  }
}

function isLarge(req: Request, minBytes: number): boolean {
  if (req.method !== 'POST') return false;
  const length = req.headers['content-length'];
  // A chunked body says nothing of its size up front: it may be large.
  if (length === undefined) return req.headers['transfer-encoding'] !== undefined;
  return Number(length) >= minBytes;
}

/** Express middleware, mounted before the body parser of /graphql. */
export function largeRequestGate(config: LargeRequestGateConfig) {
  const places = new Places(config.atOnce);
  const observe = () => {
    largeRequests.set({ state: 'running' }, places.running);
    largeRequests.set({ state: 'waiting' }, places.waiting);
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    if (config.atOnce === 0 || !isLarge(req, config.minBytes)) {
      next();
      return;
    }
    let running = false;
    let leave = () => {};
    const done = () => {
      leave();
      observe();
    };
    // A running call keeps its place until its handler ends the response, even when the client has
    // gone (the call goes on in the server, holding its memory): a client that gives up and retries
    // would otherwise get a second call running beside the first.
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      done();
      return (end as (...a: unknown[]) => Response).apply(this, args);
    } as Response['end'];
    // 'close' alone (no end): the client went away or timed out while waiting; leave the queue.
    res.once('close', () => {
      if (!running || res.writableEnded) done();
    });
    leave = places.take(() => {
      running = true;
      observe();
      next();
    });
    observe();
  };
}
