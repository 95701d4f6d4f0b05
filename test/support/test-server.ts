/** Starts a real Silkgate (Express + Apollo) on a free port over this test file's own database. */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startSilkgate, type RunningSilkgate } from '../../src/app/bootstrap.js';
import type { Clock } from '../../src/platform/clock.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

interface DemoKey { role: string; label: string; key: string; organization: string | null }
const demo = JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')) as { apiKeys: DemoKey[] };
const demoKey = (organization: string | null, role: string) => demo.apiKeys.find((k) => k.organization === organization && k.role === role)!.key;

/** The fixed demo keys from seed/demo.json, loaded into every test database. */
export const KEYS = {
  admin: demoKey(null, 'ADMIN'),
  seller: demoKey('mawar', 'SELLER'),
  otherSeller: demoKey('shenzhen', 'SELLER'),
  customs: demoKey('customs', 'CUSTOMS_OFFICER'),
  hub: demoKey('hub', 'HUB_OPERATOR'),
  carrierRu: demoKey('russianpost', 'CARRIER'),
  carrierMy: demoKey('posmalaysia', 'CARRIER'),
  carrierDe: demoKey('deutschepost', 'CARRIER'),
  // The Liège hub (BELGG-EWTP): a seller whose organisation declares there, its officers, its floor and bpost.
  liegeSeller: demoKey('liege-seller', 'SELLER'),
  liegeCustoms: demoKey('liege-customs', 'CUSTOMS_OFFICER'),
  liegeHub: demoKey('liege-hub', 'HUB_OPERATOR'),
  carrierBe: demoKey('bpost', 'CARRIER'),
};

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestServer {
  url: string;
  silkgate: RunningSilkgate;
  database: TestDatabase;
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A clock the test sets; starts at the real time. */
export class TestClock implements Clock {
  constructor(public at = new Date()) {}
  now(): Date {
    return this.at;
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export async function startTestServer(overrides: Partial<Config> = {}, options: { clock?: Clock } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  // No background jobs on wall-clock timers in tests: they call the jobs directly, or opt in with { scheduler: true }.
  const defaults = loadConfig({});
  // Every spec calls from 127.0.0.1, most with a handful of keys: rate limits are on only where a spec asks (rate-limits.e2e).
  const rateLimits = { ...defaults.rateLimits, badKeys: 0, perKey: 0, anonymous: 0, bulk: 0 };
  const config: Config = { ...defaults, rateLimits, port: 0, host: '127.0.0.1', seedDemo: false, logLevel: 'silent', scheduler: false, ...overrides };
  const silkgate = await startSilkgate(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), { db: database.db, clock: options.clock });
  const url = silkgate.url;
  return {
    url,
    silkgate,
    database,
    async gql(query, variables, key) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== undefined) headers.authorization = `Bearer ${key}`;
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: GraphQLResponse['errors'] };
      return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
    },
    async stop() {
      await silkgate.stop();
      await database.drop();
    },
  };
}
