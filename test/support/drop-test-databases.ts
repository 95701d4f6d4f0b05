import { rm } from 'node:fs/promises';
import { citusWorkerUrls, dropCitusDatabase } from './citus.js';
import { adminQuery, serverUrl, SNAPSHOT_ENV, TEMPLATE_ENV } from './test-database.js';

export default async function dropTestDatabases(): Promise<void> {
  const snapshot = process.env[SNAPSHOT_ENV];
  if (snapshot) await rm(snapshot, { force: true });
  const template = process.env[TEMPLATE_ENV];
  if (serverUrl() && template) {
    // Per-file databases are dropped by their tests; this catches any left by a crashed worker.
    const { rows } = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${template}%'`);
    for (const { datname } of rows as { datname: string }[]) {
      if (citusWorkerUrls().length) await dropCitusDatabase(serverUrl()!, datname);
      else await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }
}
