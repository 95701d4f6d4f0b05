/**
 * Auto-consolidation benchmark: 100,000 released, received, unbagged parcels → receptacles and
 * dispatches, on PostgreSQL. Creates and drops its own database.
 *
 *   npm run bench:consolidate                 # DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   PARCELS=20000 npm run bench:consolidate
 *
 * The parcels are fixture data written straight with SQL (declaring 100,000 parcels through the API
 * is another benchmark); only consolidate() is timed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { prepareDatabase } from '../src/app/bootstrap.js';
import { openPostgres } from '../src/db/database.js';

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const parcels = Number(process.env.PARCELS || 100_000);
const name = `silkgate_bench_${randomBytes(4).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const url = new URL(baseUrl);
url.pathname = `/${name}`;
await admin(`CREATE DATABASE ${name}`);
const db = openPostgres({ connectionString: url.toString(), max: 4 });
try {
  const { services } = await prepareDatabase(db, { seedDemo: true, adminKey: undefined, maxBulkDeclarations: 5000 }, pino({ level: 'silent' }));
  const hub = services.reference.hubByCode('MYKUL-DFTZ')!;
  const [{ id: sellerId }] = await db.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'SELLER' ORDER BY name LIMIT 1`);

  let t = performance.now();
  // Valid S10 numbers (LM + serial + check digit + MY); destinations over three carriers; services
  // over all four mail classes; 5% with lithium batteries; 50–2,999 g. Ids in declaration order, as
  // the service's UUIDv7 ids are.
  await db.query(
    `INSERT INTO shipments (id, seller_org_id, hub_id, seller_reference, tracking_number, service, status, customs_status, sender, addressee,
        origin_country, destination_country, category, gross_weight_g, net_weight_g, currency, total_value_minor, value_sdr_minor,
        rates_date, customs_form, lithium_batteries, line_count)
     SELECT ('01900000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1, $2, 'BENCH-' || i, 'LM' || d || (CASE c WHEN 10 THEN 0 WHEN 11 THEN 5 ELSE c END)::text || 'MY',
            (ARRAY['TRACKED_PACKET','REGISTERED_SMALL_PACKET','PARCEL','EMS'])[1 + i % 4], 'RECEIVED_AT_HUB', 'RELEASED', '{}', '{}',
            'MY', (ARRAY['RU','DE','FR','KZ','IT','MY'])[1 + (i / 4) % 6], 'SALE_OF_GOODS', w, w - 20, 'MYR', 5000, 800, current_date, 'CN22',
            CASE WHEN i % 20 = 0 THEN 'LITHIUM_ION_IN_EQUIPMENT' ELSE 'NONE' END, 1
       FROM (SELECT i, d, 50 + (i * 7919) % 2950 AS w,
                    11 - ((substr(d,1,1)::int*8 + substr(d,2,1)::int*6 + substr(d,3,1)::int*4 + substr(d,4,1)::int*2
                         + substr(d,5,1)::int*3 + substr(d,6,1)::int*5 + substr(d,7,1)::int*9 + substr(d,8,1)::int*7) % 11) AS c
               FROM (SELECT i, lpad(i::text, 8, '0') AS d FROM generate_series(1, $3::int) AS i) n) x`,
    [sellerId, hub.id, parcels],
  );
  await db.query(
    `INSERT INTO hub_parcels (shipment_id, hub_id, state, location_code, received_weight_g, length_mm, width_mm, height_mm, received_at)
     SELECT id, hub_id, 'RECEIVED', 'A-01-01', gross_weight_g, 300, 200, 100, now() - interval '1 hour' FROM shipments`,
  );
  await db.query('ANALYZE');
  console.log(`seeded ${parcels.toLocaleString('en')} released, received parcels in ${((performance.now() - t) / 1000).toFixed(1)} s (fixture, not timed)`);

  t = performance.now();
  const timings: Record<string, number> = {};
  const result = await services.hub.consolidation.consolidate({ kind: 'system', name: 'system:bench' }, null, { hubCode: hub.code }, undefined, timings);
  const seconds = (performance.now() - t) / 1000;
  const bags = result.receptacles;
  const fill = bags.reduce((s, r) => s + r.grossWeightG, 0) / (bags.length * services.hub.config.receptacleMaxWeightGrams);
  console.log(`consolidate(): ${result.parcelsBagged.toLocaleString('en')} parcels → ${bags.length.toLocaleString('en')} receptacles in ${result.dispatches.length} dispatches`);
  console.log(`elapsed ${seconds.toFixed(2)} s, ${Math.round(result.parcelsBagged / seconds).toLocaleString('en')} parcels/s, mean bag fill ${(fill * 100).toFixed(1)}% of ${services.hub.config.receptacleMaxWeightGrams} g`);
  console.log('steps (ms):', JSON.stringify(timings));
  if (result.parcelsBagged !== parcels - result.oversized.length - result.withoutLane.length) throw new Error('not every parcel was bagged');
} finally {
  await db.close();
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${name}`);
  else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
