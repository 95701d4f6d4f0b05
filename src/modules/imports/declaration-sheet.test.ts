import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { columnOfPath, declarationTemplateCsv, SHEET_COLUMNS } from './declaration-sheet.columns.js';
import { readDeclarationSheet, SheetHeaderInvalid } from './declaration-sheet.js';
import { chunkOutcomes, importChunks, rowsWithErrors } from './import-plan.js';
import { readSheet, SheetUnreadable } from './sheet.parser.js';

const MINOR: Record<string, number> = { MYR: 2, JPY: 0, USD: 2 };
const minorUnits = (c: string) => MINOR[c];
const HEADER = SHEET_COLUMNS.map((c) => c.name);
const example = (overrides: Record<string, string> = {}) => SHEET_COLUMNS.map((c) => overrides[c.name] ?? c.example);
const csv = (rows: string[][]) => rows.map((r) => r.map((v) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');
const bytes = (text: string) => new TextEncoder().encode(text);

async function readCsv(rows: string[][]) {
  return readDeclarationSheet(await readSheet(bytes(csv(rows))), minorUnits);
}

describe('declaration sheet parser', () => {
  it('reads the template into one declaration input, money in minor units', async () => {
    const sheet = readDeclarationSheet(await readSheet(bytes(declarationTemplateCsv())), minorUnits);
    expect(sheet.rowErrors).toEqual([]);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.parcels).toHaveLength(1);
    const { rows, input } = sheet.parcels[0];
    expect(rows).toEqual([2]);
    expect(input).toMatchObject({
      sellerReference: 'ORDER-1001', service: 'TRACKED_PACKET', category: 'SALE_OF_GOODS', grossWeightGrams: 380, lithiumBatteries: 'NONE',
      sender: { name: 'Mawar Apparel Sdn Bhd', addressLines: ['Lot 12, Jalan KLIA S5', 'Southern Support Zone'], countryCode: 'MY' },
      addressee: { name: 'Anna Ivanova', addressLines: ['ul. Tverskaya 7, kv. 12'], email: 'anna@example.ru' },
      lines: [{ description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 300, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }],
    });
    expect(input).not.toHaveProperty('iossNumber');
  });

  it('reports type errors by sheet row and column and leaves those parcels out', async () => {
    const sheet = await readCsv([
      HEADER,
      example({ seller_reference: 'A' }),
      example({ seller_reference: 'B', quantity: 'two' }),
      example({ seller_reference: 'C', service: 'pigeon', gross_weight_g: '1,5' }),
      example({ seller_reference: 'D', currency: 'XYZ' }),
      example({ seller_reference: 'E', currency: 'JPY', value: '12.5' }),
      example({ seller_reference: 'F', service: 'ems', value: '' }),
    ]);
    expect(sheet.parcels.map((p) => p.input.sellerReference)).toEqual(['A']);
    expect(sheet.rowErrors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'quantity', 'NOT_A_WHOLE_NUMBER'],
      [4, 'service', 'UNKNOWN_VALUE'],
      [4, 'gross_weight_g', 'NOT_A_WHOLE_NUMBER'],
      [5, 'currency', 'CURRENCY_UNKNOWN'],
      [6, 'value', 'TOO_PRECISE'],
      [7, 'value', 'REQUIRED'],
    ]);
    expect(sheet.rowErrors[0].message).toBe('quantity must be a whole number, not "two".');
  });

  it('groups rows of one seller reference into a parcel of several lines, blank rows counted but skipped', async () => {
    const sheet = await readCsv([
      HEADER,
      example({ seller_reference: 'MULTI', description: 'Cotton scarf', quantity: '1' }),
      HEADER.map(() => ''),
      example({ seller_reference: 'MULTI', description: 'Silk scarf', quantity: '3', value: '10', currency: 'USD' }),
      example({ seller_reference: 'SOLO' }),
    ]);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.parcels.map((p) => [p.input.sellerReference, p.rows, p.input.lines.map((l) => l.description)])).toEqual([
      ['MULTI', [2, 4], ['Cotton scarf', 'Silk scarf']],
      ['SOLO', [5], ["Women's cotton T-shirt, printed"]],
    ]);
    expect(sheet.parcels[0].input.lines[1].value).toEqual({ amountMinor: 1000, currency: 'USD' });
  });

  it('keeps quoted commas, quotes and line breaks in a cell; counts rows as a spreadsheet shows them', async () => {
    const text = `${HEADER.join(',')}\r\n${csv([example({ seller_reference: 'Q1', description: 'Mug, "ceramic"\nhand-painted', addressee_address_1: 'Flat 2, 10 Rue X' })])}\r\n${csv([example({ seller_reference: 'Q2', quantity: 'x' })])}`;
    const sheet = readDeclarationSheet(await readSheet(bytes(text)), minorUnits);
    expect(sheet.parcels[0].input.lines[0].description).toBe('Mug, "ceramic"\nhand-painted');
    expect(sheet.parcels[0].input.addressee.addressLines).toEqual(['Flat 2, 10 Rue X']);
    expect(sheet.rowErrors.map((e) => e.row)).toEqual([3]);
  });

  it('reads a UTF-8 BOM, semicolon separators (Excel in many locales) and header spelling variants', async () => {
    const header = HEADER.map((h) => h.toUpperCase().replace(/_/g, ' '));
    const text = `\uFEFF${header.join(';')}\n${example({ addressee_name: 'Анна 王', value: '45,90' }).join(';')}\n`;
    const sheet = readDeclarationSheet(await readSheet(bytes(text)), minorUnits);
    expect(sheet.rowErrors).toEqual([]);
    expect(sheet.parcels[0].input.sellerReference).toBe('ORDER-1001');
    expect(sheet.parcels[0].input.addressee.name).toBe('Анна 王');
    expect(sheet.parcels[0].input.lines[0].value.amountMinor).toBe(4590);
  });

  it('reads the first worksheet of an XLSX workbook, numbers and all, by its row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow(HEADER);
    sheet.addRow(example({ seller_reference: 'X1' }).map((v, i) => (['gross_weight_g', 'quantity', 'net_weight_g', 'value'].includes(HEADER[i]) ? Number(v) : v)));
    sheet.addRow([]);
    sheet.addRow(example({ seller_reference: 'X2', quantity: 'many' }));
    const file = new Uint8Array(await workbook.xlsx.writeBuffer());
    const read = readDeclarationSheet(await readSheet(file), minorUnits);
    expect(read.parcels.map((p) => [p.rows, p.input.grossWeightGrams, p.input.lines[0].value])).toEqual([[[2], 380, { amountMinor: 4590, currency: 'MYR' }]]);
    expect(read.rowErrors.map((e) => [e.row, e.column])).toEqual([[4, 'quantity']]);
  });

  it('refuses a file without the required columns, and one that is not text', async () => {
    await expect(readSheet(bytes('a,b\n1,2')).then((rows) => readDeclarationSheet(rows, minorUnits))).rejects.toThrow(SheetHeaderInvalid);
    await expect(readSheet(new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).rejects.toThrow(SheetUnreadable);
    await expect(readSheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(SheetUnreadable);
    expect(() => readDeclarationSheet([], minorUnits)).toThrow('The file is empty');
  });
});

describe('import plan', () => {
  const parcels = Array.from({ length: 250 }, (_, i) => ({ rows: [i + 2], input: { sellerReference: `R${i}` } as never }));

  it('chunks parcels under keys derived from the file digest: the same file gives the same keys', () => {
    const chunks = importChunks({ digest: 'ab12', parcels });
    expect(chunks.map((c) => [c.idempotencyKey, c.parcels.length])).toEqual([
      ['sheet:ab12:100:1/3', 100],
      ['sheet:ab12:100:2/3', 100],
      ['sheet:ab12:100:3/3', 50],
    ]);
    expect(importChunks({ digest: 'ab12', parcels })).toEqual(chunks);
    expect(importChunks({ digest: 'ab12', parcels: [] })).toEqual([]);
  });

  it('maps the API field errors of a parcel back to its rows and columns', () => {
    const chunk = { idempotencyKey: 'k', parcels: [{ rows: [2], input: { sellerReference: 'OK' } as never }, { rows: [3, 4], input: { sellerReference: 'BAD' } as never }] };
    const outcomes = chunkOutcomes(chunk, [
      { __typename: 'Shipment', trackingNumber: 'RB100000015MY' },
      { __typename: 'DeclarationRejected', errors: [
        { path: 'lines[1].hsCode', code: 'HS_UNKNOWN', message: 'Unknown HS code.' },
        { path: 'addressee.phone', code: 'PHONE_FORMAT', message: 'Bad phone.' },
        { path: 'sender.addressLines', code: 'REQUIRED', message: 'An address line.' },
      ] },
    ]);
    expect(outcomes[0]).toEqual({ row: 2, sellerReference: 'OK', trackingNumber: 'RB100000015MY', errors: [] });
    expect(outcomes[1].errors.map((e) => [e.row, e.column])).toEqual([[4, 'hs_code'], [3, 'addressee_phone'], [3, 'sender_address_1']]);
    expect(rowsWithErrors([{ row: 9, column: 'quantity', code: 'X', message: 'm' }], outcomes).map((r) => [r.row, r.errors.length])).toEqual([[3, 2], [4, 1], [9, 1]]);
  });

  it('names the column of every path the validation uses', () => {
    expect(columnOfPath('lines[0].value.currency')).toEqual({ line: 0, column: 'currency' });
    expect(columnOfPath('lines[3].value.amountMinor')).toEqual({ line: 3, column: 'value' });
    expect(columnOfPath('addressee.addressLines[2]')).toEqual({ column: 'addressee_address_3' });
    expect(columnOfPath('lines')).toEqual({ column: 'description' });
    expect(columnOfPath('iossNumber')).toEqual({ column: 'ioss_number' });
    expect(columnOfPath('somethingNew')).toEqual({ column: 'somethingNew' });
  });
});
