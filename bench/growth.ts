/**
 * npm run bench:growth — declares into one growing store, from empty to BENCH_PARCELS (default
 * 10,000,000), over HTTP in bulk calls of 1,000 on PostgreSQL, and prints the rate of every step of
 * BENCH_STEP parcels (100,000) with the database's size, then `track` latency on the full store:
 * flat cost means the last step runs about as fast as the first.
 * Env: BENCH_PARCELS, BENCH_STEP, BENCH_BATCH (1000), BENCH_WORKERS (default one per core),
 * BENCH_CONCURRENCY (default 4 per worker), BENCH_TRACK_LOOKUPS (2,000), DATABASE_URL/BENCH_DATABASE_URL.
 */
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { request } from 'undici';
import { declarationFor } from './declarations.js';
import { postGraphQL, startServer, withBenchDatabase } from './support.js';

const TOTAL = Number(process.env.BENCH_PARCELS ?? 10_000_000);
const STEP = Number(process.env.BENCH_STEP ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4 * WORKERS);
const LOOKUPS = Number(process.env.BENCH_TRACK_LOOKUPS ?? 2_000);
const SELLER_KEY = 'sg_demo_seller_mawar_000000000000000';

const DECLARE = `mutation ($inputs: [DeclareShipmentInput!]!) {
  declareShipments(inputs: $inputs) { createdCount results { ... on Shipment { trackingNumber } } }
}`;
const TRACK = `query ($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { status events { code occurredAt } } } }`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** Looks up random parcels one at a time (latency, not throughput) and returns p50/p99 in ms. */
async function trackLatency(url: string, numbers: string[]): Promise<{ p50Ms: number; p99Ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const n = numbers[Math.floor(Math.random() * numbers.length)];
    const started = process.hrtime.bigint();
    const res = await request(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TRACK, variables: { n } }),
    });
    const json = (await res.body.json()) as { data?: { track?: { __typename: string } } };
    if (json.data?.track?.__typename !== 'Tracking') throw new Error(`track ${n}: ${JSON.stringify(json).slice(0, 300)}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

await withBenchDatabase(async (databaseUrl) => {
  // Anonymous lookups from one address would meet the per-address limit; it is off, as behind a CDN.
  const server = await startServer({
    DATABASE_URL: databaseUrl, SILKGATE_DB_POOL_SIZE: '10', SILKGATE_SCHEDULER: 'off', SILKGATE_WORKERS: String(WORKERS), SILKGATE_RATE_ANONYMOUS: '0',
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const run = `growth-${Date.now()}`;
    // A sample of the tracking numbers of every step, for the look-ups at the end.
    const sample: string[] = [];
    const steps: { parcels: number; parcelsPerSecond: number; databaseGiB: number }[] = [];
    let declared = 0;
    let firstTrack: { p50Ms: number; p99Ms: number } | undefined;
    while (declared < TOTAL) {
      const size = Math.min(STEP, TOTAL - declared);
      const starts = Array.from({ length: Math.ceil(size / BATCH) }, (_, b) => declared + b * BATCH);
      let next = 0;
      let created = 0;
      const started = process.hrtime.bigint();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < starts.length) {
          const start = starts[next++];
          const inputs = Array.from({ length: Math.min(BATCH, declared + size - start) }, (_, j) => declarationFor(run, start + j));
          const json = await postGraphQL(server.url, SELLER_KEY, JSON.stringify({ query: DECLARE, variables: { inputs } }));
          created += json.data.declareShipments.createdCount;
          const first = json.data.declareShipments.results[0]?.trackingNumber;
          if (first && sample.length < 100_000) sample.push(first);
        }
      }));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (created !== size) throw new Error(`step at ${declared}: created ${created} of ${size}`);
      declared += size;
      const { rows } = await db.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
      const step = { parcels: declared, parcelsPerSecond: Math.round(size / seconds), databaseGiB: round(Number(rows[0].bytes) / 2 ** 30) };
      steps.push(step);
      console.error(JSON.stringify(step));
      if (!firstTrack) firstTrack = await trackLatency(server.url, sample);
    }
    const rates = steps.map((s) => s.parcelsPerSecond);
    console.log(JSON.stringify({
      benchmark: 'growth', parcels: declared, step: STEP, workers: WORKERS, concurrency: CONCURRENCY,
      firstStepPerSecond: rates[0], lastStepPerSecond: rates.at(-1), minStepPerSecond: Math.min(...rates), maxStepPerSecond: Math.max(...rates),
      lastOverFirst: round(rates.at(-1)! / rates[0]),
      databaseGiB: steps.at(-1)!.databaseGiB,
      trackAfterFirstStep: firstTrack, trackOnFullStore: await trackLatency(server.url, sample),
      serverPeakRssMiB: server.peakRssMiB(), workerPeakRssMiB: server.workerPeakRssMiB(),
      steps,
    }, null, 2));
  } finally {
    await db.end();
    await server.stop();
  }
});
