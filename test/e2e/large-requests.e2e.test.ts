/**
 * SILKGATE_LARGE_REQUESTS: a process runs at most that many large GraphQL requests (bulk calls) at
 * once; the rest wait, their bodies unread, and run in the order they came, each answered as usual.
 * The first call here holds the one place by sending all of its body but the last byte.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_MANY, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

interface Held {
  socket: Socket;
  /** Sends the rest of the body. */
  finish(): void;
  /** The response body, parsed, once it has arrived. */
  answer: Promise<any>;
}

/** A POST on a raw connection whose body stops one byte short until finish(). */
function heldPost(url: string, body: string): Held {
  const { hostname, port } = new URL(url);
  const bytes = Buffer.from(body);
  const head =
    `POST /graphql HTTP/1.1\r\nHost: silkgate\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${KEYS.seller}\r\nContent-Length: ${bytes.length}\r\n\r\n`;
  const socket = connect(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(head), bytes.subarray(0, -1)])));
  const answer = new Promise<any>((resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    // Resolved as soon as the whole response has arrived (not when the connection closes).
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const split = received.indexOf('\r\n\r\n');
      if (split < 0) return;
      const head = received.subarray(0, split).toString('latin1');
      let rest = received.subarray(split + 4);
      const length = /^content-length:\s*(\d+)/im.exec(head)?.[1];
      if (length !== undefined) {
        if (rest.length >= Number(length)) resolve(JSON.parse(rest.subarray(0, Number(length)).toString('utf8')));
        return;
      }
      const parts: Buffer[] = [];
      for (;;) {
        const line = rest.indexOf('\r\n');
        if (line < 0) return;
        const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
        if (size === 0) break;
        if (rest.length < line + 2 + size + 2) return;
        parts.push(rest.subarray(line + 2, line + 2 + size));
        rest = rest.subarray(line + 2 + size + 2);
      }
      resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
    });
  });
  return { socket, finish: () => socket.write(bytes.subarray(-1)), answer };
}

describe('large requests a process runs at once (SILKGATE_LARGE_REQUESTS)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // 20 declarations are ≈ 14 KB of JSON: large at 4 KiB.
    server = await startTestServer({ largeRequests: { atOnce: 1, minBytes: 4096 } });
  });
  afterAll(() => server.stop());

  /** Running and waiting large requests, as /metrics says. */
  async function gate(): Promise<{ running: number; waiting: number }> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (state: string) => Number(new RegExp(`^silkgate_large_requests\\{state="${state}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { running: value('running'), waiting: value('waiting') };
  }

  async function until(expected: { running: number; waiting: number }): Promise<void> {
    while (JSON.stringify(await gate()) !== JSON.stringify(expected)) await new Promise((r) => setTimeout(r, 20));
  }

  const batch = () => Array.from({ length: 20 }, () => declarationInput());
  const bodyOf = (inputs: unknown[]) => JSON.stringify({ query: DECLARE_MANY, variables: { inputs } });
  const post = (inputs: unknown[]) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.seller}` }, body: bodyOf(inputs) }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as any }),
    );
  const references = (answer: any) => answer.data.declareShipments.results.map((r: { sellerReference: string }) => r.sellerReference);

  it('runs them one at a time in the order they came, each answered with its own results in input order', async () => {
    const inputs = [batch(), batch(), batch()];
    const answered: number[] = [];
    const first = heldPost(server.url, bodyOf(inputs[0]));
    await until({ running: 1, waiting: 0 });
    const second = post(inputs[1]).then((r) => (answered.push(1), r));
    await until({ running: 1, waiting: 1 });
    const third = post(inputs[2]).then((r) => (answered.push(2), r));
    await until({ running: 1, waiting: 2 });
    // A small request is not held behind them.
    expect((await server.gql('{ countries { code } }')).data.countries.length).toBeGreaterThan(0);

    first.finish();
    const [firstAnswer, secondAnswer, thirdAnswer] = await Promise.all([first.answer.then((r) => (answered.push(0), r)), second, third]);
    first.socket.destroy();
    expect(answered).toEqual([0, 1, 2]);
    for (const [i, answer] of [firstAnswer, secondAnswer.body, thirdAnswer.body].entries()) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data.declareShipments).toMatchObject({ createdCount: 20, rejectedCount: 0 });
      expect(references(answer)).toEqual(inputs[i].map((input) => input.sellerReference));
    }
    await until({ running: 0, waiting: 0 });
  });

  it('gives the place of a running request whose client went away to the next once it has ended', async () => {
    const cut = heldPost(server.url, bodyOf(batch()));
    await until({ running: 1, waiting: 0 });
    const inputs = batch();
    const next = post(inputs);
    await until({ running: 1, waiting: 1 });
    cut.socket.destroy();
    const answer = await next;
    expect(answer.status).toBe(200);
    expect(references(answer.body)).toEqual(inputs.map((input) => input.sellerReference));
    await until({ running: 0, waiting: 0 });
  });

  it('drops a waiting request whose client went away, and runs the next', async () => {
    const first = heldPost(server.url, bodyOf(batch()));
    await until({ running: 1, waiting: 0 });
    const gone = heldPost(server.url, bodyOf(batch()));
    await until({ running: 1, waiting: 1 });
    gone.socket.destroy();
    await until({ running: 1, waiting: 0 });
    const inputs = batch();
    const next = post(inputs);
    await until({ running: 1, waiting: 1 });
    first.finish();
    expect((await first.answer).data.declareShipments.createdCount).toBe(20);
    first.socket.destroy();
    const answer = await next;
    expect(answer.status).toBe(200);
    expect(references(answer.body)).toEqual(inputs.map((input) => input.sellerReference));
    await until({ running: 0, waiting: 0 });
  });
});
