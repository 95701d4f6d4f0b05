import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openPGlite, openPostgres } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/app/bootstrap.js';
import { citusWorkerUrls } from './citus.js';
import { adminQuery, serverUrl, SNAPSHOT_ENV, TEMPLATE_ENV, TEST_SETTINGS, withDatabase } from './test-database.js';


export default async function prepareTestDatabases(): Promise<void> {
  const logger = pino({ level: 'silent' });
  const url = serverUrl();
  if (url && citusWorkerUrls().length) {
    // Each file builds its own distributed database (test/support/citus.ts); this names them.
    process.env[TEMPLATE_ENV] = `silkgate_c_${randomBytes(4).toString('hex')}`;
    console.log(`\ntests run on Citus: coordinator ${new URL(url).host}, workers ${citusWorkerUrls().map((w) => new URL(w).host).join(', ')}`);
    return;
  }
  if (url) {
    const template = `silkgate_t_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${template}`);
    const db = openPostgres({ connectionString: withDatabase(url, template), max: 2 });
    try {
      await prepareDatabase(db, TEST_SETTINGS, logger);
    } finally {
      await db.close();
    }
    process.env[TEMPLATE_ENV] = template;
    console.log(`\ntests run on PostgreSQL: ${new URL(url).host}, template database ${template}`);
    return;
  }
  const { db, pglite } = await openPGlite({ dataDir: 'memory' });
  await prepareDatabase(db, TEST_SETTINGS, logger);
  const file = path.join(os.tmpdir(), `silkgate-test-${process.pid}-${randomBytes(3).toString('hex')}.tar`);
  await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  process.env[SNAPSHOT_ENV] = file;
  console.log('\ntests run on embedded PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)');
}

