/**
 * npm run bench:declare-service — the declare path without HTTP and GraphQL: ShipmentsService.declare
 * (validation, customs assessment and risk, all the rows) called in-process with bulk calls of 1,000,
 * one at a time, against PostgreSQL. Prints the Node CPU and the PostgreSQL backend CPU per 1,000
 * parcels; set beside bench:declare's server CPU it shows what HTTP and GraphQL add.
 * Env: BENCH_PARCELS (20000), DATABASE_URL/BENCH_DATABASE_URL.
 */
import { isFailure } from '../src/platform/failure.js';
import { pino } from 'pino';
import { prepareDatabase } from '../src/app/bootstrap.js';
import { openPostgres } from '../src/db/database.js';
import { declarationFor } from './declarations.js';
import { backendCpuSpent, databaseBackendCpu, withBenchDatabase } from './support.js';

const TOTAL = Number(process.env.BENCH_PARCELS ?? 20_000);
const BATCH = 1_000;
const SELLER_KEY = 'sg_demo_seller_mawar_000000000000000';

await withBenchDatabase(async (databaseUrl) => {
  const db = openPostgres({ connectionString: databaseUrl, max: 4 });
  try {
    const { services } = await prepareDatabase(db, { seedDemo: true, adminKey: undefined, maxBulkDeclarations: 5000 }, pino({ level: 'silent' }));
    const seller = (await services.auth.authenticate(SELLER_KEY))!;
    const run = `service-${Date.now()}`;
    const batches = Array.from({ length: Math.ceil(TOTAL / BATCH) }, (_, b) =>
      Array.from({ length: Math.min(BATCH, TOTAL - b * BATCH) }, (_, j) => declarationFor(run, b * BATCH + j)),
    );
    // Warm-up outside the measurement: JIT, pool connections.
    await services.shipments.declare(seller, [declarationFor(`${run}-warm`, 0)], `${run}-warm`);

    const databaseCpuBefore = await databaseBackendCpu(databaseUrl);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    let created = 0;
    for (const [b, inputs] of batches.entries()) {
      const { outcomes } = await services.shipments.declare(seller, inputs, `${run}-${b}`);
      created += outcomes.filter((o) => !isFailure(o)).length;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const databaseCpu = backendCpuSpent(databaseCpuBefore, await databaseBackendCpu(databaseUrl));
    if (created !== TOTAL) throw new Error(`expected ${TOTAL} created, got ${created}`);
    const per1000 = (ms: number) => Math.round((ms * 1000) / created);
    console.log(
      JSON.stringify({
        benchmark: 'declare-service',
        parcels: created,
        batch: BATCH,
        wallMsPer1000: per1000(seconds * 1000),
        nodeCpuMsPer1000: per1000((cpu.user + cpu.system) / 1000),
        databaseCpuMsPer1000: per1000(databaseCpu * 1000),
      }),
    );
  } finally {
    await db.close();
  }
});
