import { describe, expect, it } from '@jest/globals';
import type { Queryable } from '../../db/database.js';
import { RegimeBook } from './regime-book.js';

/** A database with one loaded EAEU version and a generation the test moves; it counts statements. */
function fakeDatabase() {
  const state = { generation: 1, statements: 0, rows: [] as Record<string, unknown>[] };
  const db: Queryable = {
    async query<T>(sql: string): Promise<T[]> {
      state.statements += 1;
      if (sql.startsWith('SELECT generation')) return [{ generation: state.generation }] as T[];
      return state.rows.map((r) => ({ ...r, generation: state.generation })) as T[];
    },
    async copyRows() {},
  };
  return { db, state };
}
const version = (id: string, from: string) => ({ version: id, section: 'eaeu', effectiveFrom: from, body: { version: id, effectiveFrom: from } });
const clock = { now: () => new Date('2026-12-02T23:59:59Z') };

describe('RegimeBook', () => {
  it('reads the seed and the live versions, in date order, and the day from the clock', async () => {
    const { db, state } = fakeDatabase();
    state.rows = [version('EAEU-2027-01', '2027-01-01')];
    const book = await RegimeBook.load(db, clock, 0);
    expect(book.current.eaeu.versions.map((v) => v.version)).toEqual(['EAEU-2019', 'EAEU-2020', 'EAEU-2026-07', 'EAEU-2027-01']);
    expect(book.seedRules.eaeu.versions).toHaveLength(3);
    expect(book.today()).toBe('2026-12-02');
  });

  it('reloads only when the generation moved', async () => {
    const { db, state } = fakeDatabase();
    const book = await RegimeBook.load(db, clock, 0);
    const before = book.current;
    state.statements = 0;
    await book.refresh();
    expect([state.statements, book.current]).toEqual([1, before]);
    state.rows = [version('EAEU-2027-01', '2027-01-01')];
    state.generation = 2;
    await book.refresh();
    expect(state.statements).toBe(3);
    expect(book.current.eaeu.versions.at(-1)!.version).toBe('EAEU-2027-01');
  });

  it('asks the database at most once per interval, and once for callers that arrive together', async () => {
    const { db, state } = fakeDatabase();
    const book = await RegimeBook.load(db, clock, 60_000);
    state.statements = 0;
    state.generation = 2;
    await Promise.all([book.refresh(), book.refresh(), book.refresh()]);
    expect(state.statements).toBe(0);
    const eager = await RegimeBook.load(db, clock, 0);
    state.rows = [version('EAEU-2027-01', '2027-01-01')];
    state.statements = 0;
    state.generation = 3;
    await Promise.all([eager.refresh(), eager.refresh(), eager.refresh()]);
    expect(state.statements).toBe(2); // one generation check, one reload
  });
});
