import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BAD_CELLS, declarationSheetCsv } from '../support/declaration-sheets.js';
import { declarationInput, DECLARE_ONE, uniqueRef } from '../support/fixtures.js';
import { advanceParcel, LIFECYCLE, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'silkgate-cli-'));
});
afterAll(async () => {
  await server?.stop();
});

function silkgate(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/silkgate.mjs', ...args], { env: { ...process.env, SILKGATE_URL: server.url, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function countParcels(prefix: string): Promise<number> {
  const res = await server.gql(`{ shipments(first: 500) { edges { node { sellerReference } } } }`, {}, KEYS.seller);
  return res.data.shipments.edges.filter((e: { node: { sellerReference: string } }) => e.node.sellerReference.startsWith(prefix)).length;
}

describe('silkgate CLI', () => {
  it('imports a sheet, lists exactly the bad rows by number and column, and a re-run creates nothing', async () => {
    const prefix = uniqueRef('CLI');
    const file = path.join(dir, 'declarations.csv');
    await writeFile(file, declarationSheetCsv(prefix, 30, [5, 9, 14, 22, 31]));
    const first = await silkgate(['import', file, '--report', path.join(dir, 'errors.csv')], { SILKGATE_API_KEY: KEYS.seller });
    expect([first.code, first.stderr]).toEqual([1, '']);
    const reported = first.stdout.split('\n').filter((l) => l.startsWith('row ')).map((l) => l.split('\t').slice(0, 2).join(' '));
    expect(reported).toEqual(['row 5', 'row 9', 'row 14', 'row 22', 'row 31'].map((r, i) => `${r} ${BAD_CELLS[i].column}`));
    expect(first.stdout).toContain('30 rows, 25 parcels declared, 5 rows with problems.');
    expect((await readFile(path.join(dir, 'errors.csv'), 'utf8')).split('\r\n')[1]).toMatch(/^5,quantity,NOT_A_WHOLE_NUMBER,/);
    expect(await countParcels(prefix)).toBe(25);

    const again = await silkgate(['import', file, '--url', server.url, '--key', KEYS.seller]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('25 parcels declared (25 of them already by an earlier run of this file: nothing new created)');
    expect(await countParcels(prefix)).toBe(25);
  });

  it('says what is wrong without a key, with a file that is no sheet, and with an unknown command', async () => {
    const file = path.join(dir, 'not-a-sheet.csv');
    await writeFile(file, 'hello,world\n1,2\n');
    const noKey = await silkgate(['import', file]);
    expect([noKey.code, noKey.stderr]).toEqual([2, expect.stringContaining('an API key is needed')]);
    const notSheet = await silkgate(['import', file, '--key', KEYS.seller]);
    expect([notSheet.code, notSheet.stderr]).toEqual([1, expect.stringContaining('missing: service, category')]);
    const officer = await silkgate(['import', file, '--key', KEYS.customs]);
    expect(officer.stderr).toContain('FORBIDDEN');
    const unknown = await silkgate(['frobnicate']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "frobnicate"')]);
  });

  it("exports a closed dispatch's manifest as CSV, one row per content line", async () => {
    const input = declarationInput({
      lines: [
        { ...declarationInput().lines[0], description: 'Cotton T-shirt, "Mawar" print' },
        { ...declarationInput().lines[0], description: 'Silk scarf', hsCode: '621410' },
      ],
      grossWeightGrams: 700,
    });
    const declared = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    const number = declared.data.declareShipment.trackingNumber as string;
    await advanceParcel(server, number, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched]);
    const parcel = await server.gql(`query ($t: String!) { hubParcel(trackingNumber: $t) { receptacle { dispatch { id dispatchNumber } } } }`, { t: number }, KEYS.hub);
    const dispatch = parcel.data.hubParcel.receptacle.dispatch;

    const out = await silkgate(['export', dispatch.id, '--key', KEYS.hub]);
    expect(out.code).toBe(0);
    const lines = out.stdout.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^dispatch,receptacle,tracking_number,seller_reference,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([1, 2].map(() => expect.stringMatching(new RegExp(`^${dispatch.dispatchNumber},\\w{29},${number}$`))));
    expect(lines[1]).toContain('"Cotton T-shirt, ""Mawar"" print"');

    const seller = await silkgate(['export', dispatch.id, '--key', KEYS.seller]);
    expect(seller.code).toBe(1);
  });
});
