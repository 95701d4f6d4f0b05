import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'silkgate-regimes-'));
});
afterAll(async () => {
  await server?.stop();
});

function silkgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/silkgate.mjs', 'regimes', ...args], { env: { ...process.env, SILKGATE_URL: server.url, SILKGATE_API_KEY: KEYS.admin } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A generic-regime version far in the future: GB's threshold lowered to GBP 0. */
function genericDocument(version: string, dueMinor: number, from = '2099-01-01') {
  return {
    generic: {
      versions: [{
        effectiveFrom: from, version, dutyTable: 'GENERIC', confidence: 'UNVERIFIED', sources: [],
        default: { currency: 'USD', deMinimisMinor: 5000, vatRate: '0.15' },
        countries: { GB: { currency: 'GBP', deMinimisMinor: 0, vatRate: '0.20' } },
        examples: [{
          name: 'GBP 100 T-shirt: duty 10%, VAT 20% of 110',
          input: { destination: 'GB', destinationIsEu: false, declaredOn: from, category: 'SALE_OF_GOODS', grossWeightG: 500,
            lines: [{ hsCode: '610910', description: 'T-shirt', quantity: 1, valueMinor: 10000, currency: 'GBP', netWeightG: 200, originCountry: 'MY' }] },
          expect: { dueMinor },
        }],
      }],
    },
  };
}

describe('silkgate regimes', () => {
  it('loads a file, lists it, refuses a wrong one by path, withdraws it', async () => {
    const good = path.join(dir, 'good.json');
    await writeFile(good, JSON.stringify(genericDocument('GENERIC-2099', 3200)));
    expect(await silkgate(['load', good])).toEqual({ code: 0, stdout: 'loaded GENERIC-2099 (generic), in force from 2099-01-01\n', stderr: '' });

    const listed = await silkgate(['list', '--section', 'generic']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter(Boolean)).toEqual([
      'SECTION\tVERSION\tFROM\tORIGIN\tCONFIDENCE\tSOURCES', 'generic\tGENERIC-2017\t2017-01-01\tSEED\tUNVERIFIED\t0', 'generic\tGENERIC-2099\t2099-01-01\tLOADED\tUNVERIFIED\t0',
    ]);

    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify(genericDocument('GENERIC-2099-B', 1, '2099-02-01')));
    const refused = await silkgate(['load', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('REGIME_EXAMPLES_FAILED');
    expect(refused.stdout).toContain('generic.versions[0].examples[0].expect.dueMinor\tINVALID');

    expect(await silkgate(['withdraw', 'GENERIC-2099', '--reason', 'test'])).toEqual({ code: 0, stdout: 'withdrew GENERIC-2099 (would have applied from 2099-01-01)\n', stderr: '' });
    const again = await silkgate(['withdraw', 'GENERIC-2099']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('REGIME_VERSION_WITHDRAWN')]);
  });

  it('explains usage mistakes', async () => {
    expect(await silkgate([])).toMatchObject({ code: 2, stderr: expect.stringContaining('say what to do') });
    expect(await silkgate(['load'])).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one JSON file') });
    const missing = await silkgate(['load', path.join(dir, 'missing.json')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read') });
  });
});
