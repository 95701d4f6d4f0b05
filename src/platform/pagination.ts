import { badInput } from './errors.js';
import { isUuid } from './ids.js';

/**
 * Keyset pagination, one way for every connection: the page-size rule, the cursor codec (the sort
 * key of a page's last row, as base64url JSON) and the connection built from a page.
 */
export const MAX_PAGE_SIZE = 500;

/** `first` checked: a whole number from 1 to MAX_PAGE_SIZE. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
  return first;
}

/** What each part of a cursor is: a timestamp, a uuid, or an integer. */
export type CursorPart = 'time' | 'uuid' | 'int';
type Decoded<P extends readonly CursorPart[]> = { [K in keyof P]: P[K] extends 'int' ? number : string };

export function encodeCursor(key: readonly (string | number | Date)[]): string {
  return Buffer.from(JSON.stringify(key.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString('base64url');
}

/** The sort key a cursor carries, each part checked; BAD_USER_INPUT for anything this API did not give out. */
export function decodeCursor<const P extends readonly CursorPart[]>(cursor: string, parts: P): Decoded<P> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const valid = (v: unknown, part: CursorPart) =>
      part === 'int' ? Number.isSafeInteger(v) : part === 'uuid' ? typeof v === 'string' && isUuid(v) : typeof v === 'string' && !Number.isNaN(Date.parse(v));
    if (Array.isArray(key) && key.length === parts.length && key.every((v, i) => valid(v, parts[i]))) return key as Decoded<P>;
  } catch {
    // not base64url JSON: answered below
  }
  throw badInput('That cursor is not one this API gave out.');
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** A page from rows fetched with one extra (the repositories' `LIMIT first + 1`). */
export function pageOf<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The GraphQL connection of a page. */
export function connection<T>(page: Page<T>, cursorOf: (row: T) => string) {
  const edges = page.rows.map((node) => ({ node, cursor: cursorOf(node) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
