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

/** The line src/main.ts prints once it listens, with the port it bound. */
const LISTENING = /^Silkgate on http:\/\/localhost:(\d+)\/graphql/m;

/**
 * Starts the process over an in-memory PGlite unless env says otherwise (NODE_ENV production:
 * Jest's 'test' hides signal handling), on a port the system picks (PORT=0), and resolves once the
 * process has said which port it bound and /readyz answers there, or once it has exited: a spec only
 * ever talks to its own child. `command` runs it another way (`npm start`).
 */
export async function startServerProcess(env: Record<string, string> = {}, command: string[] = [process.execPath, '--import', 'tsx', 'src/main.ts']): Promise<ServerProcess> {
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', SILKGATE_DATA_DIR: 'memory', SILKGATE_DEMO: 'true', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Up to two minutes: a fresh PGlite migrates and seeds first, slowly on a busy machine.
  const port = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 120_000);
    const done = (value: string | undefined) => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(value);
    };
    const check = () => {
      const found = LISTENING.exec(stdout)?.[1];
      if (found) done(found);
    };
    child.stdout.on('data', check);
    void exited.then(() => done(undefined));
  });
  // Not listening (it exited, or never said so): specs then look at how it ended.
  const url = port ? `http://127.0.0.1:${port}` : 'http://127.0.0.1:0';
  if (port) {
    // A cluster's first worker listens before the others: /readyz says when this one serves.
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
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
