/**
 * npm run seed: loads reference data from seed/ (idempotent, updates in place) and, unless
 * SILKGATE_DEMO=false, the demo organisations and keys, which it prints.
 */
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createServices } from '../src/app/services.js';
import { seedReferenceData } from '../src/modules/reference/reference.seeder.js';
import { loadConfig } from '../src/platform/config.js';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  await seedReferenceData(db);
  console.log('reference data loaded');
  if (process.env.SILKGATE_DEMO !== 'false') {
    const services = await createServices(db, config);
    const keys = await services.auth.seedDemo();
    console.log('demo API keys (Authorization: Bearer <key>):');
    for (const k of keys) console.log(`  ${k.role.padEnd(16)} ${k.key}   ${k.label}`);
  }
} finally {
  await db.close();
}
