/**
 * npm run bench:chain — N parcels (BENCH_PARCELS, default 100,000) from declaration to delivered,
 * through the public GraphQL API of a server on PostgreSQL: bulk declare, green-channel release (the
 * scheduler's job, every second), bulk receive, consolidation, dispatch close, claim and acknowledge,
 * carrier events in bulk. Prints parcels/s end to end and per stage.
 * Env: BENCH_PARCELS, BENCH_BATCH (1000), BENCH_WORKERS (server processes; default one per core),
 * BENCH_CONCURRENCY (calls in flight; default 4 per worker), DATABASE_URL/BENCH_DATABASE_URL,
 * BENCH_STATEMENTS (print each stage's costliest statements: needs pg_stat_statements on that server).
 */
import { availableParallelism } from 'node:os';
import { declarationFor } from './declarations.js';
import { backendCpuSpent, databaseBackendCpu, postGraphQL, topStatements, startServer, withBenchDatabase } from './support.js';

const TOTAL = Number(process.env.BENCH_PARCELS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4 * WORKERS);
const KEYS = {
  seller: 'sg_demo_seller_mawar_000000000000000',
  admin: 'sg_demo_admin_0000000000000000000000',
  hub: 'sg_demo_hub_000000000000000000000000',
  carrier: 'sg_demo_carrier_russianpost_000000000',
};

const DECLARE = `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { createdCount results { ... on Shipment { trackingNumber } } } }`;
const STATUS_COUNTS = `{ opsOverview(hours: 168) { statusCounts { status count } } }`;
const RECEIVE = `mutation ($inputs: [ReceiveParcelInput!]!) { receiveParcels(inputs: $inputs) { receivedCount refusedCount } }`;
const CONSOLIDATE = `mutation { consolidate(input: { transport: { mode: AIR, flightNumber: "SU521" } }) { parcelsBagged oversized withoutLane dispatches { id } } }`;
const CLOSE = `mutation ($d: ID!) { closeDispatch(dispatchId: $d, airWaybill: "176-12345675") { __typename } }`;
const CLAIM = `mutation { claimHandoffs(max: 10000, leaseSeconds: 3600) { id leaseId receptacles { receptacleNumber } } }`;
const ACK = `mutation ($id: ID!, $r: HandoffReceivedInput!) { acknowledgeHandoff(id: $id, received: $r) { receipt { hasDiscrepancies } } }`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { acceptedCount rejectedCount } }`;

/** Runs the calls with CONCURRENCY in flight. */
async function inParallel<T>(items: readonly T[], call: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await call(items[next++]);
  }));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

const gql = (url: string, key: string, query: string, variables: Record<string, unknown> = {}) => postGraphQL(url, key, JSON.stringify({ query, variables }));

async function statusCount(url: string, status: string): Promise<number> {
  const json = await gql(url, KEYS.admin, STATUS_COUNTS);
  return (json.data.opsOverview.statusCounts as { status: string; count: number }[]).find((s) => s.status === status)?.count ?? 0;
}

await withBenchDatabase(async (databaseUrl) => {
  const server = await startServer({
    DATABASE_URL: databaseUrl, SILKGATE_DB_POOL_SIZE: '10', SILKGATE_WORKERS: String(WORKERS),
    SILKGATE_GREEN_CHANNEL_EVERY: '1 second', SILKGATE_SCHEDULER_PROCESS_EVERY: '1 second', SILKGATE_WEBHOOK_BATCH: '5000',
  });
  const stages: { stage: string; seconds: number; parcelsPerSecond: number; cpuMsPerParcel: { server: number; database: number; client: number } }[] = [];
  let mark = process.hrtime.bigint();
  const started = mark;
  // CPU per stage (server workers, the database's backends, this client) says where the time goes.
  await topStatements(databaseUrl);
  let cpuMark = { server: server.cpuSeconds(), database: await databaseBackendCpu(databaseUrl), client: process.cpuUsage() };
  const perParcel = (seconds: number) => Math.round((seconds * 1e6) / TOTAL) / 1e3;
  const stage = async (name: string) => {
    const now = process.hrtime.bigint();
    const seconds = Number(now - mark) / 1e9;
    const cpu = { server: server.cpuSeconds(), database: await databaseBackendCpu(databaseUrl), client: process.cpuUsage() };
    const client = process.cpuUsage(cpuMark.client);
    stages.push({
      stage: name, seconds: Math.round(seconds * 100) / 100, parcelsPerSecond: Math.round(TOTAL / seconds),
      cpuMsPerParcel: {
        server: perParcel(cpu.server - cpuMark.server),
        database: perParcel(backendCpuSpent(cpuMark.database, cpu.database)),
        client: perParcel((client.user + client.system) / 1e6),
      },
    });
    for (const s of await topStatements(databaseUrl)) console.error(`${name}: ${s.ms} ms ${s.calls} calls ${s.rows} rows  ${s.query}`);
    cpuMark = cpu;
    mark = process.hrtime.bigint();
  };
  try {
    const run = `chain-${Date.now()}`;
    // Every third declaration of the declare benchmark's set: Russia, the one carrier's lane, green.
    const numbers: string[] = [];
    await inParallel(chunks(Array.from({ length: TOTAL }, (_, i) => i), BATCH), async (batch) => {
      const json = await gql(server.url, KEYS.seller, DECLARE, { inputs: batch.map((i) => declarationFor(run, i * 3)) });
      for (const r of json.data.declareShipments.results) if (r.trackingNumber) numbers.push(r.trackingNumber);
    });
    if (numbers.length !== TOTAL) throw new Error(`declared ${numbers.length} of ${TOTAL}`);
    await stage('declare');

    while ((await statusCount(server.url, 'CUSTOMS_RELEASED')) < TOTAL) await new Promise((r) => setTimeout(r, 250));
    await stage('green channel');

    let received = 0;
    await inParallel(chunks(numbers, BATCH), async (batch) => {
      const inputs = batch.map((n) => ({ trackingNumber: n, weightGrams: 450, dimensionsMm: { length: 300, width: 200, height: 50 }, location: 'RCV-01-01' }));
      const json = await gql(server.url, KEYS.hub, RECEIVE, { inputs });
      received += json.data.receiveParcels.receivedCount;
    });
    if (received !== TOTAL) throw new Error(`received ${received} of ${TOTAL}`);
    await stage('receive');

    const consolidated = (await gql(server.url, KEYS.hub, CONSOLIDATE)).data.consolidate;
    if (consolidated.parcelsBagged !== TOTAL) throw new Error(`bagged ${consolidated.parcelsBagged} of ${TOTAL} (${consolidated.oversized.length} oversized, ${consolidated.withoutLane.length} without lane)`);
    await stage('consolidate');

    await inParallel(consolidated.dispatches as { id: string }[], async (d) => {
      const closed = (await gql(server.url, KEYS.hub, CLOSE, { d: d.id })).data.closeDispatch;
      if (closed.__typename !== 'Dispatch') throw new Error(`closeDispatch: ${closed.__typename}`);
    });
    await stage('close dispatches');

    const handoffs = (await gql(server.url, KEYS.carrier, CLAIM)).data.claimHandoffs as { id: string; leaseId: string; receptacles: { receptacleNumber: string }[] }[];
    await inParallel(handoffs, async (h) => {
      await gql(server.url, KEYS.carrier, ACK, { id: h.id, r: { receptacleNumbers: h.receptacles.map((r) => r.receptacleNumber), leaseId: h.leaseId } });
    });
    await stage('claim and acknowledge');

    // Out for delivery, then delivered: two events a parcel, 1,000 events a call.
    const at = Date.now();
    await inParallel(chunks(numbers, BATCH / 2), async (batch) => {
      const events = batch.flatMap((n) => [
        { eventId: `${n}-EDG`, trackingNumber: n, code: 'EDG', occurredAt: new Date(at + 1_000).toISOString(), countryCode: 'RU' },
        { eventId: `${n}-EMI`, trackingNumber: n, code: 'EMI', occurredAt: new Date(at + 2_000).toISOString(), countryCode: 'RU' },
      ]);
      const res = (await gql(server.url, KEYS.carrier, REPORT, { events })).data.reportCarrierEvents;
      if (res.rejectedCount) throw new Error(`${res.rejectedCount} carrier events rejected`);
    });
    await stage('carrier events');

    const delivered = await statusCount(server.url, 'DELIVERED');
    if (delivered !== TOTAL) throw new Error(`delivered ${delivered} of ${TOTAL}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify({
      benchmark: 'chain', parcels: TOTAL, workers: WORKERS, concurrency: CONCURRENCY,
      seconds: Math.round(seconds * 100) / 100, parcelsPerSecond: Math.round(TOTAL / seconds), serverPeakRssMiB: server.peakRssMiB(), stages,
    }, null, 2));
  } finally {
    await server.stop();
  }
});
