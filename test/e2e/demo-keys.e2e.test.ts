/**
 * The published demo keys on a production server: it refuses to start while one still works unless
 * the demo was asked for (SILKGATE_DEMO=true); once they are revoked it starts and they get 401.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { startSilkgate } from '../../src/app/bootstrap.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { KEYS } from '../support/test-server.js';

const ME = JSON.stringify({ query: '{ me { role } }' });
const meAs = (url: string, key: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: ME });

describe('demo keys on a production server', () => {
  let database: TestDatabase;
  // The test databases hold the demo organisations and keys (seeded into the template).
  const production = (overrides: Partial<Config>): Config => ({ ...loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://unused' }), port: 0, host: '127.0.0.1', logLevel: 'silent', scheduler: false, ...overrides });
  const start = (config: Config) => startSilkgate(config, pino({ level: 'silent' }), { db: database.db });

  // A failed start closes the database it was given: each test has its own.
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop().catch(() => undefined));

  it('does not load demo keys with DATABASE_URL unless SILKGATE_DEMO=true', () => {
    expect(production({}).seedDemo).toBe(false);
  });

  it('refuses to start while a published demo key works', async () => {
    await expect(start(production({}))).rejects.toThrow(/published demo API key\(s\) .* still work on this database .* SILKGATE_DEMO=true/);
  });

  it('starts when the demo is asked for explicitly', async () => {
    const silkgate = await start(production({ seedDemo: true }));
    try {
      expect(((await (await meAs(silkgate.url, KEYS.admin)).json()) as { data: { me: { role: string } } }).data.me.role).toBe('ADMIN');
    } finally {
      await silkgate.stop();
    }
  });

  it('starts once the demo keys are revoked, and they are refused', async () => {
    await database.db.query(`UPDATE api_keys SET revoked_at = now() WHERE key_prefix LIKE 'sg_demo_%'`);
    const silkgate = await start(production({}));
    try {
      expect((await meAs(silkgate.url, KEYS.admin)).status).toBe(401);
    } finally {
      await silkgate.stop();
    }
  });
});
