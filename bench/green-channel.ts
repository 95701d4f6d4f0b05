/**
 * Green-channel benchmark on PostgreSQL: creates its own database, declares N parcels (assessment
 * and risk included, in bulk calls of 1,000 through the service), then times the green-channel job
 * releasing them. Run: npm run bench:green-channel  (DATABASE_URL, BENCH_PARCELS, BENCH_BATCH).
 */
import { isFailure } from '../src/platform/failure.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { pino } from 'pino';
import { prepareDatabase } from '../src/app/bootstrap.js';
import { openPostgres } from '../src/db/database.js';
import { declarationInput } from '../test/support/fixtures.js';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const parcels = Number(process.env.BENCH_PARCELS || 50_000);
const batch = Number(process.env.BENCH_BATCH || 5000);
const bulk = 1000;

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const name = `silkgate_bench_${randomBytes(4).toString('hex')}`;
const url = new URL(serverUrl);
url.pathname = `/${name}`;
await admin(`CREATE DATABASE ${name}`);
const db = openPostgres({ connectionString: url.toString(), max: 4 });
try {
  const { services } = await prepareDatabase(
    db,
    { seedDemo: true, adminKey: undefined, maxBulkDeclarations: 5000, greenChannelBatch: batch, greenChannelMaxPerRun: parcels * 2 },
    pino({ level: 'silent' }),
  );
  const demo = JSON.parse(readFileSync(new URL('../seed/demo.json', import.meta.url), 'utf8')) as { apiKeys: { organization: string | null; role: string; key: string }[] };
  const seller = (await services.auth.authenticate(demo.apiKeys.find((k) => k.organization === 'mawar' && k.role === 'SELLER')!.key))!;
  const base = declarationInput();

  const declareStarted = performance.now();
  for (let done = 0; done < parcels; done += bulk) {
    const inputs = Array.from({ length: Math.min(bulk, parcels - done) }, (_, i) =>
      declarationInput({ addressee: { ...base.addressee, name: `Buyer ${done + i}`, postcode: String(100000 + ((done + i) % 900000)) } }),
    );
    const { outcomes } = await services.shipments.declare(seller, inputs as never);
    if (outcomes.some(isFailure)) throw new Error(JSON.stringify(outcomes.find(isFailure)));
  }
  const declareSeconds = (performance.now() - declareStarted) / 1000;

  const [{ green }] = await db.query<{ green: number }>("SELECT count(*)::int AS green FROM customs_declarations WHERE state = 'ASSESSED' AND lane = 'GREEN'");
  const releaseStarted = performance.now();
  const result = await services.customs.jobs.releaseGreen();
  const releaseSeconds = (performance.now() - releaseStarted) / 1000;
  const [{ released }] = await db.query<{ released: number }>("SELECT count(*)::int AS released FROM shipments WHERE customs_status = 'RELEASED'");

  console.log(JSON.stringify({ parcels, green, batch }));
  console.log(`declare + assess + risk (service, bulk ${bulk}): ${Math.round(parcels / declareSeconds).toLocaleString('en')} parcels/s (${declareSeconds.toFixed(1)} s)`);
  console.log(`green channel: ${result.released.toLocaleString('en')} released in ${result.batches} batches, ${releaseSeconds.toFixed(2)} s → ${Math.round(result.released / releaseSeconds).toLocaleString('en')} declarations/s`);
  if (released !== result.released) throw new Error(`expected ${result.released} shipments released, found ${released}`);
} finally {
  await db.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
