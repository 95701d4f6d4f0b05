import { parse } from 'csv-parse/sync';

/** One row of a sheet as text cells, with the row number a spreadsheet program shows for it. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export type SheetFormat = 'CSV' | 'XLSX';

/** A file that is not a sheet we can read. */
export class SheetUnreadable extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** XLSX files are ZIP archives; anything else is read as CSV text. */
export function sheetFormat(bytes: Uint8Array): SheetFormat {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'XLSX' : 'CSV';
}

/**
 * Reads the first worksheet of an XLSX file or a CSV file (UTF-8, with or without BOM, comma or
 * semicolon separated, RFC 4180 quoting) into rows of text. Row numbers count every line a
 * spreadsheet program would show, blank ones included, the header being row 1.
 */
export async function readSheet(bytes: Uint8Array): Promise<SheetRow[]> {
  return sheetFormat(bytes) === 'XLSX' ? readXlsx(bytes) : readCsv(bytes);
}

function readCsv(bytes: Uint8Array): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SheetUnreadable('The file is neither an XLSX workbook nor UTF-8 text (save a CSV as "CSV UTF-8").');
  }
  if (text.includes('\u0000')) throw new SheetUnreadable('The file holds binary data: save it as CSV UTF-8 or XLSX.');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  try {
    const records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
    return records.map((record, index) => ({ row: index + 1, cells: record.map((c) => c.trim()) }));
  } catch (error) {
    throw new SheetUnreadable(`The CSV could not be read: ${(error as Error).message}`);
  }
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  // Loaded with the first workbook, not with the server: exceljs is ≈ 8 MB of heap in every process.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new SheetUnreadable(`The XLSX workbook could not be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetUnreadable('The workbook has no worksheet.');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    // cell.text is what the program displays: numbers, formula results, hyperlink and rich text.
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(row.getCell(c).text.trim());
    rows.push({ row: row.number, cells });
  });
  // PostgreSQL text cannot hold U+0000, and no real cell has one.
  if (rows.some((r) => r.cells.some((c) => c.includes('\u0000')))) throw new SheetUnreadable('The workbook holds a NUL character.');
  return rows;
}
