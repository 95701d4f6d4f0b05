import type { DeclarationLineInput, DeclareShipmentInput } from '../shipments/declaration.validation.js';
import { LIST_SEPARATOR, SHEET_COLUMNS, type SheetColumn } from './declaration-sheet.columns.js';
import type { SheetRow } from './sheet.parser.js';

/** A problem with one cell (or one row) of the sheet, by the row number a spreadsheet shows. */
export interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

/** One parcel read from the sheet: its first row carries the parcel, each row one content line. */
export interface SheetParcel {
  rows: number[];
  input: DeclareShipmentInput;
}

export interface DeclarationSheet {
  /** Data rows that are not blank. */
  rowCount: number;
  parcels: SheetParcel[];
  /** Rows the API cannot be asked about (a whole number or a known value is missing); their parcels are left out. */
  rowErrors: RowError[];
  /** Header cells that are no column of the template: ignored. */
  ignoredColumns: string[];
}

/** A sheet without the columns every declaration needs. */
export class SheetHeaderInvalid extends Error {}

/** The minor units of a currency (2 for MYR, 0 for JPY), undefined when unknown. */
export type MinorUnits = (currency: string) => number | undefined;

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
const MAX_ROWS = 50_000;

type Cells = Map<string, string>;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/** Whole grams, counts: digits only (a thousands separator or a decimal point is a mistake here). */
const INTEGER = /^-?\d{1,12}$/;
const DECIMAL = /^-?\d{1,15}(?:[.,]\d+)?$/;

function readColumns(columns: readonly SheetColumn[], cells: Cells, row: number, errors: RowError[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fail = (column: SheetColumn, code: string, message: string) => errors.push({ row, column: column.name, code, message });
  for (const column of columns) {
    const text = cells.get(column.name) ?? '';
    if (column.path.includes('addressLines')) continue;
    if (text === '') {
      if (column.required) fail(column, 'REQUIRED', `${column.name} is required.`);
      else if (column.nonNull) setPath(out, column.path, '');
      continue;
    }
    switch (column.type) {
      case 'int':
        if (INTEGER.test(text)) setPath(out, column.path, Number(text));
        else fail(column, 'NOT_A_WHOLE_NUMBER', `${column.name} must be a whole number, not "${text}".`);
        break;
      case 'enum': {
        const value = text.toUpperCase().replace(/[\s-]+/g, '_');
        if (column.values?.includes(value)) setPath(out, column.path, value);
        else fail(column, 'UNKNOWN_VALUE', `${column.name} must be one of ${column.values?.join(', ')}, not "${text}".`);
        break;
      }
      case 'list':
        setPath(out, column.path, text.split(LIST_SEPARATOR).map((v) => v.trim()).filter(Boolean));
        break;
      case 'decimal':
        // Converted to minor units once the currency is known (below).
        if (DECIMAL.test(text)) setPath(out, column.path, text.replace(',', '.'));
        else fail(column, 'NOT_A_NUMBER', `${column.name} must be a number such as 45.90, not "${text}".`);
        break;
      default:
        setPath(out, column.path, text);
    }
  }
  return out;
}

function toMinor(decimal: string, digits: number): number | undefined {
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  if (fraction.length > digits && /[1-9]/.test(fraction.slice(digits))) return undefined;
  const minor = Number(whole) * 10 ** digits + Number((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  return decimal.startsWith('-') ? -minor : minor;
}

function readLine(cells: Cells, row: number, minorUnits: MinorUnits, errors: RowError[]): DeclarationLineInput | undefined {
  const before = errors.length;
  const line = readColumns(LINE_COLUMNS, cells, row, errors) as unknown as DeclarationLineInput & { value: { amountMinor: number | string; currency: string } };
  if (errors.length > before) return undefined;
  const currency = line.value.currency.toUpperCase();
  const digits = minorUnits(currency);
  if (digits === undefined) {
    errors.push({ row, column: 'currency', code: 'CURRENCY_UNKNOWN', message: `Unknown currency "${line.value.currency}" (ISO 4217, e.g. MYR).` });
    return undefined;
  }
  const amountMinor = toMinor(String(line.value.amountMinor), digits);
  if (amountMinor === undefined) {
    errors.push({ row, column: 'value', code: 'TOO_PRECISE', message: `${currency} has ${digits} decimal places.` });
    return undefined;
  }
  return { ...line, value: { amountMinor, currency } };
}

function readParcel(cells: Cells, row: number, errors: RowError[]): DeclareShipmentInput {
  const parcel = readColumns(PARCEL_COLUMNS, cells, row, errors) as unknown as DeclareShipmentInput;
  for (const party of ['sender', 'addressee'] as const) {
    const lines = [1, 2, 3].map((n) => cells.get(`${party}_address_${n}`) ?? '').filter(Boolean);
    parcel[party] = { ...parcel[party], addressLines: lines };
  }
  return parcel;
}

const PARCEL_COLUMNS = SHEET_COLUMNS.filter((c) => c.scope === 'parcel');
const LINE_COLUMNS = SHEET_COLUMNS.filter((c) => c.scope === 'line');

/**
 * Reads a declaration sheet's rows (header first) into declaration inputs. Type problems the API
 * could not even be asked about (not a number, not a known service) are reported per cell and
 * keep the parcel out; everything else is left to the API's validation, whose field errors
 * `columnOfPath` maps back to cells.
 */
export function readDeclarationSheet(rows: readonly SheetRow[], minorUnits: MinorUnits): DeclarationSheet {
  const [header, ...data] = rows;
  if (!header) throw new SheetHeaderInvalid('The file is empty: start from the template.');
  if (data.length > MAX_ROWS) throw new SheetHeaderInvalid(`A file has at most ${MAX_ROWS} rows; split it.`);
  const names = header.cells.map(normaliseHeader);
  const known = new Set(SHEET_COLUMNS.map((c) => c.name));
  const missing = SHEET_COLUMNS.filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (missing.length) throw new SheetHeaderInvalid(`Row 1 must name the template's columns; missing: ${missing.join(', ')}.`);

  const errors: RowError[] = [];
  const parcels = new Map<string, SheetParcel & { broken: boolean }>();
  let rowCount = 0;
  let unnamed = 0;
  for (const { row, cells } of data) {
    if (cells.every((c) => c === '')) continue;
    rowCount += 1;
    const byName: Cells = new Map(names.map((name, i) => [name, cells[i] ?? '']));
    const before = errors.length;
    const reference = byName.get('seller_reference') ?? '';
    const key = reference || `\u0000${(unnamed += 1)}`;
    let parcel = parcels.get(key);
    if (!parcel) {
      parcel = { rows: [], input: readParcel(byName, row, errors), broken: false };
      parcel.input.lines = [];
      parcels.set(key, parcel);
    }
    const line = readLine(byName, row, minorUnits, errors);
    parcel.rows.push(row);
    if (line) parcel.input.lines.push(line);
    if (errors.length > before) parcel.broken = true;
  }
  return {
    rowCount,
    parcels: [...parcels.values()].filter((p) => !p.broken).map(({ rows: r, input }) => ({ rows: r, input })),
    rowErrors: errors,
    ignoredColumns: header.cells.filter((_, i) => names[i] && !known.has(names[i])),
  };
}
