/**
 * The production entry as an operator runs it: SIGTERM to the `npm start` process (what a container
 * runtime or systemd signals) reaches the server, which stops cleanly and exits 0.
 */
import { describe, expect, it } from '@jest/globals';
import { startServerProcess } from '../support/server-process.js';

describe('npm start', () => {
  it('passes SIGTERM on to the server, which stops listening and exits 0', async () => {
    const server = await startServerProcess({ LOG_LEVEL: 'info' }, ['npm', 'start', '--silent']);
    expect(await fetch(`${server.url}/healthz`).then((r) => r.status, () => server.stderr() + server.stdout())).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 180_000);
});
