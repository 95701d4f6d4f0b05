/** `src/main.ts` as its own process, run as a deployed server would run it, for lifecycle specs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { DECLARE_MANY, declarationInput } from './fixtures.js';
import { KEYS } from './test-server.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/**
 * Starts the process on a random port over an in-memory PGlite unless env says otherwise (NODE_ENV
 * production: Jest's 'test' hides signal handling), and resolves once /readyz answers or the
 * process has exited. `command` runs it another way (`npm start`).
 */
export async function startServerProcess(env: Record<string, string> = {}, command: string[] = [process.execPath, '--import', 'tsx', 'src/main.ts']): Promise<ServerProcess> {
  const port = 45_000 + Math.floor(Math.random() * 1000);
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SILKGATE_DATA_DIR: 'memory', SILKGATE_DEMO: 'true', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  // Up to two minutes: a fresh PGlite migrates and seeds first, slowly on a busy machine.
  for (let i = 0; i < 1200 && running; i += 1) {
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Sends the process SIGTERM while it declares 1,500 parcels for the demo seller; resolves with that request's response. */
export async function sigtermWhileDeclaring(server: ServerProcess): Promise<Response> {
  const inputs = Array.from({ length: 1500 }, () => declarationInput());
  const inFlight = fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.seller}` },
    body: JSON.stringify({ query: DECLARE_MANY, variables: { inputs } }),
  });
  await new Promise((r) => setTimeout(r, 50));
  server.child.kill('SIGTERM');
  return inFlight;
}
