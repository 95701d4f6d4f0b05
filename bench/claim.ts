/**
 * claimHandoffs of 10,000 queued dispatches in one call, on PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), in a throwaway database.
 *
 *   npm run bench:claim        # BENCH_HANDOFFS=10000
 */
import { openPostgres } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { HandoffService } from '../src/modules/carriers/handoff.service.js';
import { ReferenceData } from '../src/modules/reference/reference.service.js';
import { ShipmentStatusOwner } from '../src/modules/shipments/shipment-status.service.js';
import { seedReferenceData } from '../src/modules/reference/reference.seeder.js';
import type { Principal } from '../src/modules/auth/principal.js';
import { withBenchDatabase } from './support.js';

const N = Number(process.env.BENCH_HANDOFFS ?? 10_000);

await withBenchDatabase(async (url) => {
  const db = openPostgres({ connectionString: url, max: 4 });
  await migrate(db);
  await seedReferenceData(db);
  const reference = await ReferenceData.load(db);
  const carrier = reference.carrierByCode('RU-POST')!;
  const hub = reference.hubByCode('MYKUL-DFTZ')!;
  // N closed dispatches, each queued with a small dispatch.closed pre-advice.
  await db.query(
    `WITH d AS (
       INSERT INTO dispatches (hub_id, dispatch_number, origin_office, destination_office, mail_category, mail_subclass, year, serial, carrier_id, transport, state, closed_at)
       SELECT $1, 'MYKULARUMOWAAUN' || (i % 10) || lpad((i % 9999 + 1)::text, 4, '0'), 'MYKULA', 'RUMOWA', 'A', 'UN', 2020 + i / 9999, i % 9999 + 1, $2, '{"mode":"AIR"}', 'CLOSED', now()
         FROM generate_series(0, $3 - 1) AS i
       RETURNING id
     ), o AS (
       INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, carrier_id, payload)
       SELECT 'dispatch.closed', 'dispatch', id::text, $2, '{"deliveryBill":{"receptacles":[]},"items":[]}' FROM d
     )
     INSERT INTO carrier_handoffs (dispatch_id, carrier_id, state) SELECT id, $2, 'READY' FROM d`,
    [hub.id, carrier.id, N],
  );
  await db.query('ANALYZE');
  const service = new HandoffService(db, reference, new ShipmentStatusOwner());
  const principal: Principal = { kind: 'api_key', apiKeyId: 'bench', role: 'CARRIER', label: 'bench', organizationId: null, organizationKind: 'CARRIER', hubId: null, carrierId: carrier.id };
  const runs: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    await db.query(`UPDATE carrier_handoffs SET state = 'READY', leased_until = NULL, lease_id = NULL`);
    const t = performance.now();
    const claimed = await service.claim(principal, N, 300);
    runs.push(Math.round(performance.now() - t));
    if (claimed.length !== N) throw new Error(`claimed ${claimed.length} of ${N}`);
  }
  const t = performance.now();
  const advance = await service.advanceFor((await db.query<{ id: string }>('SELECT dispatch_id AS id FROM carrier_handoffs')).map((r) => r.id));
  const advanceMs = Math.round(performance.now() - t);
  console.log(JSON.stringify({ handoffs: N, claimMs: runs, bestClaimMs: Math.min(...runs), advanceDataMs: advanceMs, advanceRows: advance.size }, null, 2));
  await db.close();
});
