/**
 * Slow clients are not held: a request whose headers never end, or whose body stops short of the
 * length it declared, is answered 408 and its connection closed once the configured time is up.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Writes `head` on a raw connection and collects what the server sends until it closes the connection. */
function sendAndWaitForClose(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

describe('HTTP timeouts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ timeouts: { headersMs: 500, requestMs: 1_000, keepAliveMs: 500 } });
  });
  afterAll(() => server.stop());

  it('answers 408 to a request that declares more body than it sends', async () => {
    const answer = await sendAndWaitForClose(
      server.url,
      'POST /graphql HTTP/1.1\r\nHost: silkgate\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ countries',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 to a request whose headers never end', async () => {
    const answer = await sendAndWaitForClose(server.url, 'POST /graphql HTTP/1.1\r\nHost: silkgate\r\nContent-Type: appli');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle kept-alive connection', async () => {
    const answer = await sendAndWaitForClose(server.url, 'GET /healthz HTTP/1.1\r\nHost: silkgate\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
