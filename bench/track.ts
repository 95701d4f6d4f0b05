/**
 * npm run bench:track — public tracking against a bare Apollo Server 5 + Express 5 hello-world, side
 * by side in one run: both servers up with the same process count, the same load generator (wrk, one
 * thread, BENCH_CONNECTIONS connections) alternating between them for BENCH_ROUNDS rounds of
 * BENCH_SECONDS each. Prints requests/s of each, their ratio, GET /api/track (200 and 304
 * revalidations), and the latency of `track` paced at half the rate it reached.
 * Env: BENCH_WORKERS (processes per server; default one per core), BENCH_CONNECTIONS (10),
 * BENCH_SECONDS (10), BENCH_ROUNDS (2), DATABASE_URL/BENCH_DATABASE_URL. Needs wrk (apt-get install wrk).
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
const SELLER_KEY = 'sg_demo_seller_mawar_000000000000000';
const dir = mkdtempSync(path.join(tmpdir(), 'bench-track-'));

interface WrkResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** A wrk Lua script: one request, optionally paced (ms between a response and the next request per connection). */
function script(name: string, request: { method: string; body?: string; headers?: Record<string, string> }, delayMs?: number): string {
  const lines = [`wrk.method = ${JSON.stringify(request.method)}`];
  if (request.body) lines.push(`wrk.body = ${JSON.stringify(request.body)}`);
  for (const [k, v] of Object.entries(request.headers ?? {})) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
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

await withBenchDatabase(async (databaseUrl) => {
  // One load generator on one address: the anonymous per-address limit (300 look-ups a minute) would
  // answer 429 within a second, so it is off here, as behind a CDN that forwards many buyers' addresses.
  const silkgate = await startServer({ DATABASE_URL: databaseUrl, SILKGATE_SCHEDULER: 'off', SILKGATE_WORKERS: String(WORKERS), SILKGATE_RATE_ANONYMOUS: '0' });
  const hello = await startHello();
  try {
    const mutation = `mutation ($inputs: [DeclareShipmentInput!]!) { declareShipments(inputs: $inputs) { results { ... on Shipment { trackingNumber } } } }`;
    const declared = await postGraphQL(silkgate.url, SELLER_KEY, JSON.stringify({ query: mutation, variables: { inputs: [declarationFor(`track-${Date.now()}`, 0)] } }));
    const trackingNumber: string = declared.data.declareShipments.results[0].trackingNumber;
    const json = { 'content-type': 'application/json' };
    const helloScript = script('hello', { method: 'POST', body: JSON.stringify({ query: '{ hello }' }), headers: json });
    const trackBody = JSON.stringify({
      query: `query ($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { trackingNumber status statusText events { code description occurredAt } } } }`,
      variables: { n: trackingNumber },
    });
    const trackScript = script('track', { method: 'POST', body: trackBody, headers: json });
    // Warm-up: JIT, compiled operations, pool connections.
    wrk(`${hello.url}/graphql`, helloScript, 3);
    wrk(`${silkgate.url}/graphql`, trackScript, 3);

    const helloRuns: WrkResult[] = [];
    const trackRuns: WrkResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      helloRuns.push(wrk(`${hello.url}/graphql`, helloScript));
      trackRuns.push(wrk(`${silkgate.url}/graphql`, trackScript));
    }
    const restUrl = `${silkgate.url}/api/track/${trackingNumber}`;
    const etag = (await fetch(restUrl)).headers.get('etag')!;
    const rest = wrk(restUrl, script('rest', { method: 'GET' }));
    const revalidate = wrk(restUrl, script('revalidate', { method: 'GET', headers: { 'if-none-match': etag } }));

    // Half the rate reached, paced: each connection waits between a response and its next request.
    const half = rate(trackRuns) / 2;
    const paced = wrk(`${silkgate.url}/graphql`, script('paced', { method: 'POST', body: trackBody, headers: json }, Math.round((CONNECTIONS * 1000) / half)));
    if ([...helloRuns, ...trackRuns, rest, paced].some((r) => r.non2xx > 0) || revalidate.requests === 0) throw new Error('some requests failed');

    console.log(
      JSON.stringify(
        {
          benchmark: 'track',
          workers: WORKERS,
          connections: CONNECTIONS,
          rounds: `${ROUNDS} × ${SECONDS} s each, alternating`,
          helloRequestsPerSecond: Math.round(rate(helloRuns)),
          trackRequestsPerSecond: Math.round(rate(trackRuns)),
          ratio: Math.round((rate(trackRuns) / rate(helloRuns)) * 100) / 100,
          trackP99MsAtFullLoad: worst(trackRuns, 'p99Ms'),
          helloP99MsAtFullLoad: worst(helloRuns, 'p99Ms'),
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
    await silkgate.stop();
  }
});
