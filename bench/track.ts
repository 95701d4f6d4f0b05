/**
 * npm run bench:track — public tracking against a bare Apollo Server 5 + Express 5 hello-world, side
 * by side in one run: the servers up with the same process count, the same load generator (wrk, one
 * thread, BENCH_CONNECTIONS connections) alternating between them for BENCH_ROUNDS rounds of
 * BENCH_SECONDS each. `track` asks for BENCH_PARCELS different parcels in turn, on Silkgate as it
 * runs (its response cache on) and on a second Silkgate with the cache off (every request executed
 * and read from the database). Prints requests/s of each, the ratios, the cache's hits and misses,
 * GET /api/track (200 and 304 revalidations), and the latency of `track` paced at half the rate it reached.
 * Env: BENCH_WORKERS (processes per server; default one per core), BENCH_CONNECTIONS (10),
 * BENCH_SECONDS (10), BENCH_ROUNDS (2), BENCH_PARCELS (1000), DATABASE_URL/BENCH_DATABASE_URL.
 * Needs wrk (apt-get install wrk).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { declarationFor } from './declarations.js';
import { postGraphQL, startServer, withBenchDatabase } from './support.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PARCELS = Number(process.env.BENCH_PARCELS ?? 1000);
const SELLER_KEY = 'sg_demo_seller_mawar_000000000000000';
const dir = mkdtempSync(path.join(tmpdir(), 'bench-track-'));

interface WrkResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/**
 * A wrk Lua script: one request, or POSTs of `bodies` in turn; optionally paced (ms between a
 * response and the next request per connection).
 */
function script(name: string, request: { method: string; body?: string; bodies?: string[]; headers?: Record<string, string> }, delayMs?: number): string {
  const lines = [`wrk.method = ${JSON.stringify(request.method)}`];
  if (request.body) lines.push(`wrk.body = ${JSON.stringify(request.body)}`);
  for (const [k, v] of Object.entries(request.headers ?? {})) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  if (request.bodies) {
    lines.push(`local bodies = { ${request.bodies.map((b) => JSON.stringify(b)).join(',\n')} }`, 'local i = 0');
    lines.push('function request() i = i % #bodies + 1 return wrk.format(nil, nil, nil, bodies[i]) end');
  }
  if (delayMs !== undefined) lines.push(`function delay() return ${delayMs} end`);
  const file = path.join(dir, `${name}.lua`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) throw new Error(`wrk latency "${text}"`);
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

function wrk(url: string, scriptFile: string, seconds = SECONDS): WrkResult {
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', scriptFile, url], { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in ([\d.]+)(m?s)/.exec(out)![1]);
  const elapsed = /(\d+) requests in ([\d.]+)(m?s)/.exec(out)!;
  return {
    requests,
    seconds: Number(elapsed[2]) / (elapsed[3] === 'ms' ? 1000 : 1),
    p50Ms: toMs(/^\s+50%\s+(\S+)\s*$/m.exec(out)![1]),
    p99Ms: toMs(/^\s+99%\s+(\S+)\s*$/m.exec(out)![1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

async function startHello(): Promise<{ url: string; stop(): void }> {
  const port = 4800 + Math.floor(Math.random() * 100);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/hello-apollo.ts'], {
    env: { ...process.env, PORT: String(port), BENCH_WORKERS: String(WORKERS) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1800; i += 1) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

const rate = (runs: WrkResult[]) => runs.reduce((a, r) => a + r.requests, 0) / runs.reduce((a, r) => a + r.seconds, 0);
const worst = (runs: WrkResult[], key: 'p50Ms' | 'p99Ms') => Math.max(...runs.map((r) => r[key]));

/** The response cache's hits and misses, summed over the workers (the supervisor's /metrics). */
async function cacheLookups(url: string): Promise<{ hit: number; miss: number }> {
  // Once more if the server had just closed the idle keep-alive connection fetch reused.
  const text = await fetch(`${url}/metrics`).catch(() => fetch(`${url}/metrics`)).then((res) => res.text());
  const count = (result: string) => Number(new RegExp(`silkgate_response_cache_lookups_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

await withBenchDatabase(async (databaseUrl) => {
  // One load generator on one address: the anonymous per-address limit (300 look-ups a minute) would
  // answer 429 within a second, so it is off here, as behind a CDN that forwards many buyers' addresses.
  const env = { DATABASE_URL: databaseUrl, SILKGATE_SCHEDULER: 'off', SILKGATE_WORKERS: String(WORKERS), SILKGATE_RATE_ANONYMOUS: '0' };
  const silkgate = await startServer(env);
  const uncached = await startServer({ ...env, SILKGATE_RESPONSE_CACHE_ENTRIES: '0' });
  const hello = await startHello();
  try {
    const mutation = `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { results { ... on Shipment { trackingNumber } } } }`;
    const inputs = Array.from({ length: PARCELS }, (_, i) => declarationFor(`track-${Date.now()}-${i}`, i));
    const declared = await postGraphQL(silkgate.url, SELLER_KEY, JSON.stringify({ query: mutation, variables: { inputs } }));
    const trackingNumbers: string[] = declared.data.declareShipments.results.map((r: { trackingNumber: string }) => r.trackingNumber);
    const trackingNumber = trackingNumbers[0];
    const json = { 'content-type': 'application/json' };
    const helloScript = script('hello', { method: 'POST', body: JSON.stringify({ query: '{ hello }' }), headers: json });
    const query = `query ($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { trackingNumber status statusText events { code description occurredAt } } } }`;
    const trackBodies = trackingNumbers.map((n) => JSON.stringify({ query, variables: { n } }));
    const trackScript = script('track', { method: 'POST', bodies: trackBodies, headers: json });
    // Warm-up: JIT, compiled operations, pool connections; the cache until every worker has every parcel.
    wrk(`${hello.url}/graphql`, helloScript, 3);
    wrk(`${uncached.url}/graphql`, trackScript, 3);
    for (let i = 0, misses = -1; i < 10 && misses !== (await cacheLookups(silkgate.url)).miss; i += 1) {
      misses = (await cacheLookups(silkgate.url)).miss;
      wrk(`${silkgate.url}/graphql`, trackScript, 2);
    }

    const helloRuns: WrkResult[] = [];
    const trackRuns: WrkResult[] = [];
    const uncachedRuns: WrkResult[] = [];
    const lookupsBefore = await cacheLookups(silkgate.url);
    for (let round = 0; round < ROUNDS; round += 1) {
      helloRuns.push(wrk(`${hello.url}/graphql`, helloScript));
      trackRuns.push(wrk(`${silkgate.url}/graphql`, trackScript));
      uncachedRuns.push(wrk(`${uncached.url}/graphql`, trackScript));
    }
    const lookupsAfter = await cacheLookups(silkgate.url);
    const restUrl = `${silkgate.url}/api/track/${trackingNumber}`;
    const etag = (await fetch(restUrl)).headers.get('etag')!;
    const rest = wrk(restUrl, script('rest', { method: 'GET' }));
    const revalidate = wrk(restUrl, script('revalidate', { method: 'GET', headers: { 'if-none-match': etag } }));

    // Half the rate reached, paced: each connection waits between a response and its next request.
    const half = rate(trackRuns) / 2;
    const paced = wrk(`${silkgate.url}/graphql`, script('paced', { method: 'POST', bodies: trackBodies, headers: json }, Math.round((CONNECTIONS * 1000) / half)));
    const halfUncached = rate(uncachedRuns) / 2;
    const pacedUncached = wrk(`${uncached.url}/graphql`, script('paced-uncached', { method: 'POST', bodies: trackBodies, headers: json }, Math.round((CONNECTIONS * 1000) / halfUncached)));
    if ([...helloRuns, ...trackRuns, ...uncachedRuns, rest, paced, pacedUncached].some((r) => r.non2xx > 0) || revalidate.requests === 0) throw new Error('some requests failed');
    const hits = lookupsAfter.hit - lookupsBefore.hit;
    const misses = lookupsAfter.miss - lookupsBefore.miss;

    console.log(
      JSON.stringify(
        {
          benchmark: 'track',
          workers: WORKERS,
          connections: CONNECTIONS,
          parcels: trackingNumbers.length,
          rounds: `${ROUNDS} × ${SECONDS} s each, alternating`,
          helloRequestsPerSecond: Math.round(rate(helloRuns)),
          trackRequestsPerSecond: Math.round(rate(trackRuns)),
          ratio: Math.round((rate(trackRuns) / rate(helloRuns)) * 100) / 100,
          responseCache: { hits, misses, hitRatio: Math.round((hits / Math.max(1, hits + misses)) * 1000) / 1000 },
          trackP99MsAtFullLoad: worst(trackRuns, 'p99Ms'),
          helloP99MsAtFullLoad: worst(helloRuns, 'p99Ms'),
          uncached: {
            trackRequestsPerSecond: Math.round(rate(uncachedRuns)),
            ratio: Math.round((rate(uncachedRuns) / rate(helloRuns)) * 100) / 100,
            p99MsAtFullLoad: worst(uncachedRuns, 'p99Ms'),
            halfLoad: { targetPerSecond: Math.round(halfUncached), reachedPerSecond: Math.round(pacedUncached.requests / pacedUncached.seconds), p50Ms: pacedUncached.p50Ms, p99Ms: pacedUncached.p99Ms },
          },
          restTrackRequestsPerSecond: Math.round(rest.requests / rest.seconds),
          restRevalidations304PerSecond: Math.round(revalidate.requests / revalidate.seconds),
          halfLoad: { targetPerSecond: Math.round(half), reachedPerSecond: Math.round(paced.requests / paced.seconds), p50Ms: paced.p50Ms, p99Ms: paced.p99Ms },
          serverPeakRssMiB: silkgate.peakRssMiB(),
        },
        null,
        2,
      ),
    );
  } finally {
    hello.stop();
    await Promise.all([silkgate.stop(), uncached.stop()]);
  }
});
