/**
 * How a read sheet is declared, the same for the console and the CLI: parcels go to
 * `declareShipments` in chunks, each under an idempotency key derived from the file's digest, so
 * sending the same file again replays the first answers and creates nothing. Pure: no I/O, no Node.
 */
import { columnOfPath } from './declaration-sheet.columns.js';
import type { DeclarationSheet, RowError, SheetParcel } from './declaration-sheet.js';

/** Parcels per declareShipments call: a progress step a person can see, well under the bulk limit. */
export const IMPORT_CHUNK_SIZE = 100;

/** What the server's parse route answers (POST /imports/declarations). */
export interface ParsedDeclarationFile extends DeclarationSheet {
  format: 'CSV' | 'XLSX';
  /** SHA-256 of the file's bytes, hex. */
  digest: string;
}

export interface ImportChunk {
  idempotencyKey: string;
  parcels: SheetParcel[];
}

export function importChunks(file: Pick<ParsedDeclarationFile, 'digest' | 'parcels'>, size = IMPORT_CHUNK_SIZE): ImportChunk[] {
  const count = Math.ceil(file.parcels.length / size);
  return Array.from({ length: count }, (_, i) => ({
    idempotencyKey: `sheet:${file.digest}:${size}:${i + 1}/${count}`,
    parcels: file.parcels.slice(i * size, (i + 1) * size),
  }));
}

/** One declareShipments result, as both clients select it. */
export type DeclareOutcome =
  | { __typename: 'Shipment'; trackingNumber: string }
  | { __typename: 'DeclarationRejected'; errors: { path: string; code: string; message: string }[] };

/** The outcome of one parcel of the sheet, at its first row. */
export interface ParcelOutcome {
  row: number;
  sellerReference: string;
  trackingNumber?: string;
  errors: RowError[];
}

/** Pairs a chunk's parcels with the API's results (in input order), field errors mapped to cells. */
export function chunkOutcomes(chunk: ImportChunk, results: readonly DeclareOutcome[]): ParcelOutcome[] {
  return chunk.parcels.map((parcel, i) => {
    const result = results[i];
    const base = { row: parcel.rows[0], sellerReference: parcel.input.sellerReference };
    if (result.__typename === 'Shipment') return { ...base, trackingNumber: result.trackingNumber, errors: [] };
    return {
      ...base,
      errors: result.errors.map((e) => {
        const cell = columnOfPath(e.path);
        return { row: parcel.rows[cell.line ?? 0] ?? parcel.rows[0], column: cell.column, code: e.code, message: e.message };
      }),
    };
  });
}

/** Every row with a problem, in row order: the sheet's own errors and the API's, merged. */
export function rowsWithErrors(sheetErrors: readonly RowError[], outcomes: readonly ParcelOutcome[]): { row: number; errors: RowError[] }[] {
  const byRow = new Map<number, RowError[]>();
  for (const error of [...sheetErrors, ...outcomes.flatMap((o) => o.errors)]) {
    byRow.set(error.row, [...(byRow.get(error.row) ?? []), error]);
  }
  return [...byRow.entries()].sort(([a], [b]) => a - b).map(([row, errors]) => ({ row, errors }));
}
