/**
 * SILKGATE_WORKERS=2, with `src/main.ts` started as a deployed server is. On a PostgreSQL server
 * two workers serve one port, worker 1 alone runs the scheduler, a killed worker is replaced, and
 * SIGTERM stops the whole process tree with 0. On PGlite, which lives inside one process, the same
 * setting is refused at start. Which process answered a request is read from its request log line:
 * every line carries the pid (and, in a worker, the worker number) of the process that wrote it.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, describe, expect, it } from '@jest/globals';
import { childPids, isRunning, workerPids } from '../../scripts/proc.js';
import { sigtermWhileDeclaring, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { KEYS } from '../support/test-server.js';
import { waitFor } from '../support/webhooks.js';

const ON_SERVER = Boolean(process.env.TEST_DATABASE_URL);

let database: TestDatabase | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  // Still running only when the test failed half-way: the primary and every worker go (workers
  // left behind by a killed primary were seen serving on after a failed run).
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    for (const pid of processTree(server.child.pid!).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await server.exited;
  }
  await database?.drop();
});

interface LogLine {
  msg: string;
  pid: number;
  worker?: number;
  workerPid?: number;
  requestId?: string;
}

function logLines(): LogLine[] {
  return server!
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Worker number → pid of the latest process that logged it was up. */
const workersUp = () => new Map(logLines().flatMap((l) => (l.msg === 'Silkgate is up' ? [[l.worker!, l.pid] as const] : [])));
const schedulerPids = () => logLines().flatMap((l) => (l.msg === 'scheduler started' ? [l.pid] : []));

/** `{ me { role } }` on a new connection: the cluster hands connections, not requests, to its workers in turn. */
function meOnNewConnection(url: string, requestId: string): Promise<{ status: number; role: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEYS.seller}`, 'x-request-id': requestId };
    const req = http.request(`${url}/graphql`, { method: 'POST', agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, role: JSON.parse(body).data?.me?.role }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query: '{ me { role } }' }));
  });
}

/** Sends one request per id and returns the pids whose request log lines carry those ids. */
async function answeringPids(ids: string[]): Promise<number[]> {
  for (const id of ids) expect(await meOnNewConnection(server!.url, id)).toEqual({ status: 200, role: 'SELLER' });
  const pids = () => logLines().flatMap((l) => (l.msg === 'request' && ids.includes(l.requestId!) ? [l.pid] : []));
  await waitFor(() => pids().length === ids.length, 10_000, 'the request log lines');
  return pids();
}

const processTree = (pid: number): number[] => [pid, ...childPids(pid).flatMap(processTree)];

describe('several server processes (SILKGATE_WORKERS)', () => {
  it(
    ON_SERVER
      ? 'on PostgreSQL: 2 workers answer on one port, worker 1 runs the scheduler, a killed worker is replaced, SIGTERM stops every process with 0'
      : 'on PGlite (one process only): SILKGATE_WORKERS=2 fails at start with a configuration error',
    async () => {
      if (!ON_SERVER) {
        server = await startServerProcess({ SILKGATE_WORKERS: '2' });
        expect(await server.exited).toBe(1);
        expect(server.stderr()).toContain('SILKGATE_WORKERS=2 (2 processes) needs DATABASE_URL');
        expect(server.stdout()).not.toContain('Silkgate is up');
        return;
      }
      database = await createTestDatabase();
      server = await startServerProcess({ DATABASE_URL: database.url!, SILKGATE_WORKERS: '2', SILKGATE_DB_POOL_SIZE: '4', SILKGATE_WORKER_HEAP_MIB: '512', LOG_LEVEL: 'info' });
      const primary = server.child.pid!;
      await waitFor(() => workersUp().size === 2, 60_000, 'both workers');
      const first = workersUp();
      expect(new Set(workerPids(primary))).toEqual(new Set(first.values()));
      // Each worker runs with the old-space limit asked for (SILKGATE_WORKER_HEAP_MIB) and the default growth.
      for (const pid of first.values()) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['--max-old-space-size=512', '--heap-growing-percent=75']));
      expect(server.stdout().split('Demo API keys').length - 1).toBe(1);
      expect(schedulerPids()).toEqual([first.get(1)]);
      expect(new Set(await answeringPids(['a1', 'a2', 'a3', 'a4']))).toEqual(new Set(first.values()));
      // Both workers answered those four: /metrics on either sums every worker's counts.
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const graphqlRequests = metrics
        .split('\n')
        .filter((l) => l.startsWith('silkgate_http_request_duration_seconds_count{') && l.includes('route="/graphql"'))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
      expect(graphqlRequests).toBeGreaterThanOrEqual(4);

      process.kill(first.get(1)!, 'SIGKILL');
      await waitFor(() => logLines().some((l) => l.msg === 'worker died; starting a new one' && l.workerPid === first.get(1)), 10_000, 'the primary to see worker 1 die');
      expect(isRunning(first.get(1)!)).toBe(false);
      await answeringPids(['b1']); // still answered (200) while worker 1 is being replaced
      await waitFor(() => workersUp().get(1) !== first.get(1), 60_000, 'a new worker 1');
      const second = workersUp();
      expect(second.get(2)).toBe(first.get(2));
      expect(new Set(workerPids(primary))).toEqual(new Set(second.values()));
      expect(schedulerPids()).toEqual([first.get(1), second.get(1)]);
      expect(await answeringPids(['c1', 'c2', 'c3', 'c4'])).toContain(second.get(1));

      const tree = processTree(primary);
      const res = await sigtermWhileDeclaring(server);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.declareShipments.createdCount).toBe(1500);
      expect(await server.exited).toBe(0);
      await waitFor(() => tree.every((pid) => !isRunning(pid)), 10_000, 'every process of the tree to end');
      expect(server.stderr()).toBe('');
    },
    180_000,
  );

  it('stops with 1, serving nothing and leaving no process behind, when the database cannot be prepared', async () => {
    // Nothing listens on port 1: the preparation child cannot connect, so no worker is started.
    server = await startServerProcess({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/silkgate', SILKGATE_WORKERS: '2', LOG_LEVEL: 'info' });
    expect(await server.exited).toBe(1);
    expect(server.stdout()).not.toContain('Silkgate is up');
    // Both the preparation child and the supervisor say why they stop, each with its own pid.
    const stopped = logLines().filter((l) => l.msg === 'Silkgate could not start');
    expect(stopped.map((l) => l.pid)).toEqual(expect.arrayContaining([server.child.pid]));
    expect(new Set(stopped.map((l) => l.pid)).size).toBe(2);
    expect(server.stdout()).toContain('preparing the database failed');
    await waitFor(() => stopped.every((l) => !isRunning(l.pid)), 10_000, 'the preparation child to end');
  }, 60_000);
});
