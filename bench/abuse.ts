/**
 * Abusive queries against a server child process on PostgreSQL (a throwaway database): what one
 * request costs the server in time and peak memory. Each attack runs in a fresh server, so the peak
 * RSS (VmHWM) printed is that attack's.
 *
 *   npm run bench:abuse
 *   BENCH_DEPTH=18 BENCH_ALIASES=10000 npm run bench:abuse
 *   BENCH_ATTACKS=depth npm run bench:abuse     # one attack (aliases-countries, aliases-shipments, depth)
 *
 * - aliases-countries: one anonymous query with BENCH_ALIASES aliases of `countries { code name }`;
 * - aliases-shipments: a seller's query with BENCH_ALIASES aliases of `shipments(first: 50)`, 50 parcels declared;
 * - depth: a hub operator's receptacle ↔ dispatch cycle BENCH_DEPTH levels deep over a dispatch of 2 receptacles.
 * A request still running after BENCH_TIMEOUT_MS (default 120,000) is abandoned and reported as such.
 */
import { request } from 'undici';
import { declarationFor } from './declarations.js';
import { postGraphQL, startServer, withBenchDatabase } from './support.js';

const ALIASES = Number(process.env.BENCH_ALIASES ?? 10_000);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 18);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);
const SELLER = 'sg_demo_seller_mawar_000000000000000';
const HUB = 'sg_demo_hub_000000000000000000000000';
const LANE = { destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', carrierCode: 'RU-POST' };

const aliases = (field: string) => `{ ${Array.from({ length: ALIASES }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** dispatches { receptacles { dispatch { receptacles { … } } } }: each level doubles the objects. */
function cycle(depth: number): string {
  let query = 'id';
  for (let i = 0; i < depth; i++) query = `receptacles { id dispatch { id ${query} } }`;
  return `{ dispatches(first: 1) { id ${query} } }`;
}

async function attack(name: string, url: string, query: string, key?: string) {
  const started = performance.now();
  try {
    const res = await request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query }),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const text = await res.body.text();
    const seconds = (performance.now() - started) / 1000;
    const code = res.statusCode === 200 ? 'data' : (JSON.parse(text).errors?.[0]?.extensions?.code ?? '?');
    return { name, status: res.statusCode, answer: code, seconds: Number(seconds.toFixed(2)), responseMiB: Number((text.length / 2 ** 20).toFixed(1)) };
  } catch (error) {
    return { name, status: 0, answer: `abandoned: ${(error as Error).message}`, seconds: Number(((performance.now() - started) / 1000).toFixed(2)), responseMiB: 0 };
  }
}

const results: object[] = [];
const ATTACKS = process.env.BENCH_ATTACKS?.split(',') ?? ['aliases-countries', 'aliases-shipments', 'depth'];
for (const name of ATTACKS) {
  await withBenchDatabase(async (databaseUrl) => {
    const server = await startServer({ DATABASE_URL: databaseUrl, SILKGATE_WORKERS: '1', SILKGATE_SCHEDULER: 'off' });
    try {
      let result;
      if (name === 'aliases-countries') {
        result = await attack(name, server.url, aliases('countries { code name }'));
      } else if (name === 'aliases-shipments') {
        const inputs = Array.from({ length: 50 }, (_, i) => declarationFor('abuse', i));
        await postGraphQL(server.url, SELLER, JSON.stringify({ query: 'mutation ($i: [DeclareShipmentInput!]!) { declareShipments(inputs: $i) { __typename } }', variables: { i: inputs } }));
        result = await attack(name, server.url, aliases('shipments(first: 50) { edges { node { trackingNumber status } } }'), SELLER);
      } else {
        const open = async (m: 'openDispatch' | 'openReceptacle', input: object) => {
          const type = m === 'openDispatch' ? 'Dispatch' : 'Receptacle';
          const res = await postGraphQL(server.url, HUB, JSON.stringify({ query: `mutation ($input: Open${type}Input!) { ${m}(input: $input) { __typename ... on ${type} { id } } }`, variables: { input } }));
          return res.data[m] as { id: string };
        };
        const dispatch = await open('openDispatch', { ...LANE, transport: { mode: 'AIR', flightNumber: 'SU521' } });
        for (let i = 0; i < 2; i++) await open('openReceptacle', { ...LANE, dispatchId: dispatch.id });
        result = await attack(name, server.url, cycle(DEPTH), HUB);
      }
      results.push({ ...result, peakRssMiB: server.peakRssMiB() });
      // A server still busy with an abandoned request would finish it before stopping.
      if (result.status === 0) server.process.kill('SIGKILL');
    } finally {
      if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    }
  });
}
console.table(results);
