/**
 * PostgreSQL COPY text format (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2):
 * one line per row, columns separated by tabs, `\N` for NULL, and backslash, tab, newline and
 * carriage return escaped with a backslash. Bulk appends go in this way on both PostgreSQL
 * (COPY … FROM STDIN) and PGlite (COPY … FROM '/dev/blob'): it is the cheapest input path for the
 * server and, unlike array parameters, costs one string concatenation per value on our side.
 */

import { isoTime } from '../platform/iso-time.js';
import { JsonText } from './json-text.js';

/** A value for one column: objects and arrays are written as JSON (for json/jsonb columns). */
export type CopyValue = string | number | bigint | boolean | Date | null | undefined | object;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

/** JSON text holds no raw tab, newline or carriage return (it escapes control characters): only backslashes need escaping. */
function escapeJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`COPY cannot write the number ${value}`);
      return String(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return isoTime(value);
      return escapeJson(value instanceof JsonText ? value.text : JSON.stringify(value));
  }
}

/** One row in COPY text format, ending in a newline. */
function encodeRow(row: readonly CopyValue[]): string {
  let line = row.length ? copyField(row[0]) : '';
  for (let i = 1; i < row.length; i++) line += '\t' + copyField(row[i]);
  return line + '\n';
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Rows in COPY text format as UTF-8 chunks of about chunkBytes, each holding whole rows. Each row is
 * written into its chunk as soon as it is encoded, so the batch never exists as one string: that
 * string (a tree of thousands of pieces built while encoding, then flattened, two bytes a character
 * once one address is Cyrillic, then copied into a buffer) outlived young-generation collections and
 * was 38 % of what a bulk declaration allocated (docs/scale-out.md).
 */
export function encodeCopyChunks(rows: Iterable<readonly CopyValue[]>, chunkBytes = CHUNK_BYTES): Buffer[] {
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(chunkBytes);
  let used = 0;
  for (const row of rows) {
    const line = encodeRow(row);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const most = line.length * 3;
    if (used + most > chunk.length) {
      if (used > 0) chunks.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(chunkBytes, most));
      used = 0;
    }
    used += chunk.write(line, used);
  }
  if (used > 0) chunks.push(chunk.subarray(0, used));
  return chunks;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `COPY table (columns) FROM <source>`; names are checked, since they are spliced into SQL. */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new TypeError(`"${name}" is not a plain SQL identifier`);
  }
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}
