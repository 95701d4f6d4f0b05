/**
 * Push throughput: N outbox messages delivered to a loopback receiver that fails 30% of requests
 * (500 before processing) and verifies every signature with the standardwebhooks package.
 * Runs against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) in
 * a throwaway database. Prints deliveries/s, attempts, duplicates and lost messages.
 *
 *   npm run bench:push                      # 30,000 messages
 *   BENCH_MESSAGES=100000 npm run bench:push
 *   BENCH_TRANSPORT=fetch npm run bench:push    # Node's fetch instead of undici's request API (the default)
 */
import { openPostgres } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { seedReferenceData } from '../src/modules/reference/reference.seeder.js';
import { WebhookDeliverer } from '../src/modules/webhooks/webhook-delivery.js';
import { generateSecret } from '../src/modules/webhooks/signature.js';
import { loadConfig } from '../src/platform/config.js';
import { fork } from 'node:child_process';
import { withBenchDatabase } from './support.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 30_000);
const PER_PARCEL = 3;
const FAILURE_RATE = Number(process.env.BENCH_FAILURE_RATE ?? 0.3);

await withBenchDatabase(async (url) => {
  const db = openPostgres({ connectionString: url, max: 20 });
  await migrate(db);
  await seedReferenceData(db);
  const [org] = await db.query<{ id: string }>(`INSERT INTO organizations (kind, name, country_code) VALUES ('SELLER', 'Bench Seller', 'MY') RETURNING id`);
  const secret = generateSecret();
  // The receiver runs in its own process, as a carrier's server would: it verifies every
  // signature with the standardwebhooks package and counts repeated message ids.
  const child = fork('scripts/carrier-sim/receiver-process.ts', {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, RECEIVER_SECRET: secret, RECEIVER_FAILURE_RATE: String(FAILURE_RATE) },
  });
  const ask = <T>(msg: object) => new Promise<T>((resolve) => { child.once('message', (m) => resolve(m as T)); if (Object.keys(msg).length) child.send(msg); });
  const receiver = await ask<{ url: string }>({});
  const [endpoint] = await db.query<{ id: string }>(
    `INSERT INTO webhook_endpoints (organization_id, url, event_types, secret) VALUES ($1, $2, '{shipment.status_changed}', $3) RETURNING id`,
    [org.id, receiver.url, secret],
  );
  await db.query(
    `INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, payload)
     SELECT 'shipment.status_changed', 'shipment', 'parcel-' || (i % $2), $1,
            jsonb_build_object('trackingNumber', 'EE' || lpad(i::text, 9, '0') || 'MY', 'status', 'IN_TRANSIT', 'n', i)
       FROM generate_series(1, $3) AS i`,
    [org.id, Math.ceil(MESSAGES / PER_PARCEL), MESSAGES],
  );

  const config = {
    ...loadConfig({}).webhooks,
    allowPrivateUrls: true,
    timeoutMs: 5_000,
    maxAttempts: 40,
    backoffBaseMs: 5,
    backoffMaxMs: 200,
    breakerThreshold: 10_000,
    batchSize: Number(process.env.BENCH_BATCH ?? 500),
    lanes: Number(process.env.BENCH_LANES ?? 4),
    transport: process.env.BENCH_TRANSPORT === 'fetch' ? ('fetch' as const) : ('undici' as const),
  };
  const deliverer = new WebhookDeliverer(db, config);
  const started = performance.now();
  for (;;) {
    await deliverer.runUntilIdle({ budgetMs: 60_000 });
    const [{ pending }] = await db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM webhook_deliveries WHERE state = 'PENDING'`);
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const seconds = (performance.now() - started) / 1000;
  const [counts] = await db.query<{ deliveries: number; succeeded: number; dead: number; attempts: number; failed: number }>(
    `SELECT (SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1)::int AS deliveries,
            (SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND state = 'SUCCEEDED')::int AS succeeded,
            (SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1 AND state = 'DEAD')::int AS dead,
            (SELECT count(*) FROM webhook_delivery_attempts)::int AS attempts,
            (SELECT count(*) FROM webhook_delivery_attempts WHERE NOT succeeded)::int AS failed`,
    [endpoint.id],
  );
  const { stats, unique } = await ask<{ stats: { requests: number; injectedFailures: number; badSignatures: number; duplicates: number }; unique: number }>({ cmd: 'stats' });
  console.log(
    JSON.stringify(
      {
        messages: MESSAGES,
        transport: config.transport,
        failureRate: FAILURE_RATE,
        batch: config.batchSize,
        lanes: config.lanes,
        seconds: Math.round(seconds * 100) / 100,
        deliveriesPerSecond: Math.round(counts.succeeded / seconds),
        attemptsPerSecond: Math.round(counts.attempts / seconds),
        ...counts,
        receiverRequests: stats.requests,
        injectedFailures: stats.injectedFailures,
        badSignatures: stats.badSignatures,
        processedUnique: unique,
        duplicates: stats.duplicates,
        lost: MESSAGES - unique,
      },
      null,
      2,
    ),
  );
  await deliverer.close();
  child.send({ cmd: 'close' });
  await db.close();
  if (unique !== MESSAGES || stats.duplicates !== 0) process.exitCode = 1;
});
