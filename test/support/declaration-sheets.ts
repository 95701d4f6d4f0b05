/** Declaration sheets as sellers send them (CSV from the template's columns), with chosen bad rows. */
import { SHEET_COLUMNS } from '../../src/modules/imports/declaration-sheet.columns.js';

/** The mistakes the specs plant, each with the row/column the seller must be shown. */
export const BAD_CELLS: readonly { column: string; value: string; message: RegExp }[] = [
  { column: 'quantity', value: 'two', message: /whole number/ },
  { column: 'hs_code', value: '99', message: /HS/i },
  { column: 'addressee_phone', value: 'call me', message: /phone/i },
  { column: 'currency', value: 'XYZ', message: /currency/i },
  { column: 'description', value: 'gift', message: /does not say what the goods are/ },
];

/**
 * A CSV of `count` one-line parcels with unique references under `prefix`; the rows listed in `bad`
 * (sheet row numbers, the header being row 1) get the planted mistakes of BAD_CELLS in turn.
 */
export function declarationSheetCsv(prefix: string, count: number, bad: readonly number[] = []): string {
  const header = SHEET_COLUMNS.map((c) => c.name);
  const rows = Array.from({ length: count }, (_, i) => {
    const row = i + 2;
    const cells = SHEET_COLUMNS.map((c) => (c.name === 'seller_reference' ? `${prefix}-${row}` : c.example));
    const planted = bad.indexOf(row);
    if (planted >= 0) {
      const mistake = BAD_CELLS[planted % BAD_CELLS.length];
      cells[header.indexOf(mistake.column)] = mistake.value;
    }
    return cells.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
  });
  return `${header.join(',')}\r\n${rows.join('\r\n')}\r\n`;
}
