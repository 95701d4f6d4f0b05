/**
 * npm run seed: loads reference data from seed/ (idempotent, updates in place) and, with
 * SILKGATE_DEMO=true (or on the embedded PGlite with SILKGATE_DEMO unset, as the server does), the
 * demo organisations and their public keys, which it prints. Never by default with DATABASE_URL.
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
  if (config.seedDemo) {
    const services = await createServices(db, config);
    const keys = await services.auth.seedDemo();
    console.log('demo API keys (Authorization: Bearer <key>):');
    for (const k of keys) console.log(`  ${k.role.padEnd(16)} ${k.key}   ${k.label}`);
  }
} finally {
  await db.close();
}
