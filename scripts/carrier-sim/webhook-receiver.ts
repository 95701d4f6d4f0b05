/**
 * A webhook receiver as a carrier or seller would run it: verifies each request with the
 * `standardwebhooks` package (independent of Silkgate's signing code), processes each message id
 * once and counts repeats. It can fail a share of requests or be down for a while, to exercise
 * retries. Used by `npm run carrier-sim`, the tests and the push benchmark.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMessage {
  id: string;
  type: string;
  data: Record<string, unknown>;
  receivedAt: Date;
}

export interface ReceiverOptions {
  /** The endpoint's whsec_ secret; can be set later with setSecret (it is known after registration). */
  secret?: string;
  /** Share of requests answered 500 before any processing (0..1). */
  failureRate?: number;
  port?: number;
  host?: string;
  random?: () => number;
  /** Wait this long after processing before answering (a slow receiver; lets a test kill the sender mid-request). */
  delayMs?: number;
  /** Called once per newly processed message. */
  onMessage?: (message: ReceivedMessage) => void | Promise<void>;
}

export interface WebhookReceiver {
  url: string;
  /** Messages processed, once each, in processing order. */
  messages: ReceivedMessage[];
  stats: { requests: number; processed: number; duplicates: number; injectedFailures: number; refusedWhileDown: number; badSignatures: number };
  /** How many times each message id arrived with a valid signature (including repeats). */
  seen: Map<string, number>;
  setSecret(secret: string): void;
  setFailureRate(rate: number): void;
  /** While down, every request gets 503 and nothing is processed. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  let webhook = options.secret ? new Webhook(options.secret) : undefined;
  let failureRate = options.failureRate ?? 0;
  let down = false;
  const random = options.random ?? Math.random;
  const messages: ReceivedMessage[] = [];
  const seen = new Map<string, number>();
  const stats = { requests: 0, processed: 0, duplicates: 0, injectedFailures: 0, refusedWhileDown: 0, badSignatures: 0 };

  const server: Server = createServer(async (req, res) => {
    stats.requests += 1;
    const body = await readBody(req);
    if (down) {
      stats.refusedWhileDown += 1;
      res.writeHead(503).end('down for maintenance');
      return;
    }
    if (random() < failureRate) {
      stats.injectedFailures += 1;
      res.writeHead(500).end('injected failure');
      return;
    }
    let payload: { type: string; data: Record<string, unknown> };
    try {
      if (!webhook) throw new Error('no secret yet');
      payload = webhook.verify(body, req.headers as Record<string, string>) as typeof payload;
    } catch {
      stats.badSignatures += 1;
      res.writeHead(401).end('bad signature');
      return;
    }
    const id = req.headers['webhook-id'] as string;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (count > 1) {
      // Idempotent by message id: acknowledge, do not process again.
      stats.duplicates += 1;
      res.writeHead(200).end('duplicate');
      return;
    }
    const message = { id, type: payload.type, data: payload.data, receivedAt: new Date() };
    messages.push(message);
    stats.processed += 1;
    await options.onMessage?.(message);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    res.writeHead(204).end();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    messages,
    stats,
    seen,
    setSecret: (secret) => {
      webhook = new Webhook(secret);
    },
    setFailureRate: (rate) => {
      failureRate = rate;
    },
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
