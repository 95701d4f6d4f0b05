/**
 * npm run bench:declare — declares 100,000 parcels in bulk calls of 1,000 over HTTP against
 * PostgreSQL and prints parcels/s, the server's peak RSS (summed, and of its largest worker) and the CPU the server, the database
 * backends and the load generator spent per 1,000 parcels.
 * Env: BENCH_PARCELS (100000), BENCH_BATCH (1000), BENCH_WORKERS (server processes, SILKGATE_WORKERS;
 * default one per core), BENCH_CONCURRENCY (calls in flight; default 4 per worker), BENCH_WARMUP_BATCHES
 * (bulk calls sent before measuring, not counted; default 4 per worker), DATABASE_URL/BENCH_DATABASE_URL.
 */
import { availableParallelism } from 'node:os';
import { declarationFor } from './declarations.js';
import { backendCpuSpent, databaseBackendCpu, startServer, postGraphQL, withBenchDatabase } from './support.js';

const TOTAL = Number(process.env.BENCH_PARCELS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
// Enough calls in flight that each worker has the next batch while PostgreSQL writes the last.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4 * WORKERS);
// Each worker compiles its hot code on its first few calls; a server runs for hours, so that is left out.
const WARMUP_BATCHES = Number(process.env.BENCH_WARMUP_BATCHES ?? 4 * WORKERS);
const SELLER_KEY = 'sg_demo_seller_mawar_000000000000000';

const MUTATION = `mutation ($inputs: [DeclareShipmentInput!]!, $key: String) {
  declareShipments(inputs: $inputs, idempotencyKey: $key) { createdCount rejectedCount results { __typename ... on Shipment { trackingNumber } } }
}`;

await withBenchDatabase(async (databaseUrl) => {
  const server = await startServer({ DATABASE_URL: databaseUrl, SILKGATE_DB_POOL_SIZE: '10', SILKGATE_SCHEDULER: 'off', SILKGATE_WORKERS: String(WORKERS) });
  try {
    const run = `bench-${Date.now()}`;
    const bodies: string[] = [];
    for (let start = 0; start < TOTAL; start += BATCH) {
      const inputs = Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, j) => declarationFor(run, start + j));
      bodies.push(JSON.stringify({ query: MUTATION, variables: { inputs, key: `${run}-${start}` } }));
    }
    // Warm-up outside the measurement (JIT, pool connections, reference data), as many calls in flight
    // as measured so that every worker gets some.
    let next = 0;
    const warmups = Array.from({ length: WARMUP_BATCHES }, (_, b) =>
      JSON.stringify({ query: MUTATION, variables: { inputs: Array.from({ length: BATCH }, (_, j) => declarationFor(`${run}-warm`, b * BATCH + j)) } }),
    );
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < warmups.length) await postGraphQL(server.url, SELLER_KEY, warmups[next++]);
      }),
    );

    next = 0;
    let created = 0;
    const serverCpuBefore = server.cpuSeconds();
    const loadCpuBefore = process.cpuUsage();
    const databaseCpuBefore = await databaseBackendCpu(databaseUrl);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const json = await postGraphQL(server.url, SELLER_KEY, body);
          created += json.data.declareShipments.createdCount;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const serverCpu = server.cpuSeconds() - serverCpuBefore;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const databaseCpu = backendCpuSpent(databaseCpuBefore, await databaseBackendCpu(databaseUrl));
    if (created !== TOTAL) throw new Error(`expected ${TOTAL} created, got ${created}`);
    console.log(
      JSON.stringify({
        benchmark: 'declare',
        parcels: created,
        batch: BATCH,
        workers: WORKERS,
        concurrency: CONCURRENCY,
        seconds: Math.round(seconds * 100) / 100,
        parcelsPerSecond: Math.round(created / seconds),
        serverPeakRssMiB: server.peakRssMiB(),
        workerPeakRssMiB: server.workerPeakRssMiB(),
        // CPU per 1,000 parcels: what bounds throughput on a machine shared by server, database and load.
        serverCpuMsPer1000: Math.round((serverCpu * 1e6) / created),
        databaseCpuMsPer1000: Math.round((databaseCpu * 1e6) / created),
        loadGeneratorCpuMsPer1000: Math.round((loadCpu.user + loadCpu.system) / 1000 / (created / 1000)),
      }),
    );
  } finally {
    await server.stop();
  }
});
