/**
 * SILKGATE_WORKERS > 1: one primary process supervising N HTTP worker processes (node:cluster).
 * One Node process saturates one core on bulk declarations; workers share the primary's listening
 * socket, so N processes serve one PORT. The primary serves nothing and never loads the application:
 * a short-lived child migrates and seeds once (prepareInChild), then superviseWorkers starts the
 * workers. A supervisor that had prepared the database itself would hold ~110 MiB more for nothing.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

// The slot a worker fills, 1…N. Unlike cluster's worker.id it survives a respawn, so the
// replacement for worker 1 runs the scheduler again.
const WORKER_NUMBER_ENV = 'SILKGATE_WORKER_NUMBER';
const PREPARATION_ENV = 'SILKGATE_CLUSTER_PREPARATION';
// A worker that dies sooner than this after it was forked counts as crash-looping: its restart waits.
const STABLE_AFTER_MS = 10_000;
const FIRST_RESPAWN_DELAY_MS = 1_000;
const MAX_RESPAWN_DELAY_MS = 30_000;
// On top of the scheduler's lock lifetime (worker 1 lets a running job finish first): Apollo's
// 10 s drain grace, closing the pool.
const SHUTDOWN_MARGIN_MS = 30_000;

/** A worker's /metrics asks the supervisor, which collects every worker's registry (src/app/metrics.ts). */
export const METRICS_REQUEST = 'silkgate:metrics-request';
export const METRICS_RESPONSE = 'silkgate:metrics-response';

function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
      (error: Error) => worker.send({ type: METRICS_RESPONSE, id: message.id, error: error.message }),
    );
  });
}

/**
 * A worker's configuration and logger. One scheduler per cluster is enough (Agenda locks jobs in
 * the database, but every scheduler polls it), so only worker 1 runs one.
 */
export function asWorker(config: Config, logger: Logger): { config: Config; logger: Logger } {
  const worker = Number(process.env[WORKER_NUMBER_ENV]);
  return { config: { ...config, scheduler: config.scheduler && worker === 1 }, logger: logger.child({ worker }) };
}

/** True in the child prepareInChild starts. */
export function isPreparationProcess(): boolean {
  return cluster.isWorker && process.env[PREPARATION_ENV] === '1';
}

/** In the preparation child: hands the result to the supervisor and exits. */
export function finishPreparation(result: unknown): void {
  process.send!(result, undefined, {}, () => process.exit(0));
}

/** Runs the preparation child (main.ts decides what it does) and resolves with what it sent. */
export function prepareInChild<T>(): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = cluster.fork({ [PREPARATION_ENV]: '1' });
    let result: { value: T } | undefined;
    child.on('message', (value: T) => (result = { value }));
    child.once('exit', (code, signal) => {
      if (code === 0 && result) resolve(result.value);
      else reject(new Error(`preparing the database failed (exit code ${code}, signal ${signal})`));
    });
  });
}

interface Slot {
  number: number;
  worker?: Worker;
  forkedAt: number;
  /** Some worker in this slot has listened: later deaths are crashes to recover from, not a failed start. */
  listened: boolean;
  quickDeaths: number;
  respawn?: NodeJS.Timeout;
}

/**
 * The node flags of a worker: the primary's, plus the heap settings configured. V8 sizes its own from
 * the machine's RAM: on 24 GB it lets the old space grow to ~3.5 times what survived the last full
 * collection before the next, so a worker declaring in bulk with ~100 MB live grew to ~330 MB of heap.
 * A growth of 50 % collects sooner with no ceiling a large call could hit (a --max-old-space-size limit
 * does the same by lowering V8's growth near it, but fails the call that needs more). A flag given on
 * the command line or in NODE_OPTIONS wins. docs/scale-out.md has the figures.
 */
export function workerExecArgv(primaryArgv: readonly string[], heap: { mib: number; growthPercent: number }, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const given = (flag: string) => [...primaryArgv, nodeOptions].some((arg) => arg.includes(flag));
  return [
    ...primaryArgv,
    ...(heap.mib > 0 && !given('--max-old-space-size') ? [`--max-old-space-size=${heap.mib}`] : []),
    ...(heap.growthPercent > 0 && !given('--heap-growing-percent') ? [`--heap-growing-percent=${heap.growthPercent}`] : []),
  ];
}

/**
 * Forks the workers and keeps them running until SIGTERM/SIGINT, which it forwards to them: each
 * finishes its in-flight requests and exits; then the primary exits 0 (1 if a worker failed to
 * stop cleanly or the timeout passed). onServing runs once, when every worker has listened, with the port
 * they share: a client told the server is up (a benchmark, an orchestrator reading the line main.ts prints)
 * then gets all of them, not the first alone with every connection it opens.
 */
export function superviseWorkers(config: Pick<Config, 'workers' | 'workerHeapMiB' | 'workerHeapGrowthPercent' | 'schedulerLockLifetimeMs'>, logger: Logger, onServing: (port: number) => void): void {
  const { workers } = config;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, { mib: config.workerHeapMiB, growthPercent: config.workerHeapGrowthPercent }) });
  const shutdownTimeoutMs = config.schedulerLockLifetimeMs + SHUTDOWN_MARGIN_MS;
  const slots: Slot[] = Array.from({ length: workers }, (_, i) => ({ number: i + 1, forkedAt: 0, listened: false, quickDeaths: 0 }));
  let serving = false;
  let stopping = false;
  let exitCode = 0;

  const fork = (slot: Slot) => {
    slot.respawn = undefined;
    slot.forkedAt = Date.now();
    const worker = cluster.fork({ [WORKER_NUMBER_ENV]: String(slot.number) });
    slot.worker = worker;
    worker.once('listening', (address) => {
      slot.listened = true;
      if (!serving && slots.every((s) => s.listened)) {
        serving = true;
        onServing(address.port);
      }
    });
    worker.once('exit', (code, signal) => exited(slot, worker, code, signal));
  };

  const exited = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    slot.worker = undefined;
    const who = { worker: slot.number, workerPid: worker.process.pid, code, signal };
    if (stopping) {
      if (code !== 0) {
        logger.error(who, 'worker did not stop cleanly');
        exitCode = 1;
      }
      if (slots.every((s) => !s.worker)) process.exit(exitCode);
      return;
    }
    if (!slot.listened) {
      // It never served (port taken, database unreachable …): respawning would only repeat that.
      logger.fatal(who, 'worker failed to start');
      stop(1);
      return;
    }
    slot.quickDeaths = Date.now() - slot.forkedAt < STABLE_AFTER_MS ? slot.quickDeaths + 1 : 0;
    const delayMs = slot.quickDeaths === 0 ? 0 : Math.min(FIRST_RESPAWN_DELAY_MS * 2 ** (slot.quickDeaths - 1), MAX_RESPAWN_DELAY_MS);
    logger.error({ ...who, respawnInMs: delayMs }, 'worker died; starting a new one');
    slot.respawn = setTimeout(() => fork(slot), delayMs);
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const slot of slots) clearTimeout(slot.respawn);
    const running = slots.flatMap((s) => (s.worker ? [s.worker] : []));
    if (running.length === 0) process.exit(exitCode);
    // A plain signal: each worker stops as a single server does (main.ts), finishing its requests.
    for (const worker of running) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeoutMs }, 'workers did not stop in time; killing them');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownTimeoutMs);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!stopping) logger.info({ signal, workers }, 'shutting down: workers finish their in-flight requests');
      stop(0);
    });
  }
  logger.info({ workers }, 'starting workers');
  serveClusterMetrics();
  slots.forEach(fork);
}
