import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openPGlite, openPostgres } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/app/bootstrap.js';
import { adminQuery, serverUrl, SNAPSHOT_ENV, TEMPLATE_ENV, withDatabase } from './test-database.js';

const settings = { seedDemo: true, adminKey: undefined, maxBulkDeclarations: 5000 };

export default async function prepareTestDatabases(): Promise<void> {
  const logger = pino({ level: 'silent' });
  const url = serverUrl();
  if (url) {
    const template = `silkgate_t_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${template}`);
    const db = openPostgres({ connectionString: withDatabase(url, template), max: 2 });
    try {
      await prepareDatabase(db, settings, logger);
    } finally {
      await db.close();
    }
    process.env[TEMPLATE_ENV] = template;
    console.log(`\ntests run on PostgreSQL: ${new URL(url).host}, template database ${template}`);
    return;
  }
  const { db, pglite } = await openPGlite({ dataDir: 'memory' });
  await prepareDatabase(db, settings, logger);
  const file = path.join(os.tmpdir(), `silkgate-test-${process.pid}-${randomBytes(3).toString('hex')}.tar`);
  await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  process.env[SNAPSHOT_ENV] = file;
  console.log('\ntests run on embedded PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)');
}

