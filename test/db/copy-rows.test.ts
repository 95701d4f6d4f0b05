/** Queryable.copyRows against the real store: PGlite by default, PostgreSQL with TEST_DATABASE_URL. */
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let store: TestDatabase;

beforeAll(async () => {
  store = await createTestDatabase();
  await store.db.exec(`CREATE TABLE copy_probe (
    id bigserial PRIMARY KEY, label text NOT NULL, amount bigint, payload jsonb, at timestamptz, flag boolean,
    recorded_at timestamptz NOT NULL DEFAULT now()
  )`);
});
afterAll(async () => {
  await store.drop();
});

const rows = () => store.db.query<{ id: number; label: string; amount: number | null; payload: unknown; at: Date | null; flag: boolean | null; recordedAt: Date }>(
  'SELECT id, label, amount, payload, at, flag, recorded_at AS "recordedAt" FROM copy_probe ORDER BY id',
);

it('writes every value back as it was given, in order, with column defaults applied', async () => {
  await store.db.exec('TRUNCATE copy_probe RESTART IDENTITY');
  const at = new Date(Date.UTC(2026, 10, 21, 9, 30, 15, 250));
  await store.db.copyRows('copy_probe', ['label', 'amount', 'payload', 'at', 'flag'], [
    ['tab\there, newline\nhere, back\\slash, \\N and 中文', 9007199254740991, { quote: 'say "hi"', nested: ['a\\b', null], text: 'x\ty\nz' }, at, true],
    ['nulls', null, null, undefined, false],
  ]);
  const stored = await rows();
  expect(stored.map((r) => [r.id, r.label, r.amount, r.payload, r.at?.toISOString() ?? null, r.flag])).toEqual([
    [1, 'tab\there, newline\nhere, back\\slash, \\N and 中文', 9007199254740991, { quote: 'say "hi"', nested: ['a\\b', null], text: 'x\ty\nz' }, at.toISOString(), true],
    [2, 'nulls', null, null, null, false],
  ]);
  expect(stored.every((r) => r.recordedAt instanceof Date)).toBe(true);
});

it('is all or nothing inside a transaction: a bad row rolls back the rows before it and the rest of the transaction', async () => {
  await store.db.exec('TRUNCATE copy_probe RESTART IDENTITY');
  await expect(
    store.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO copy_probe (label) VALUES ('before')`);
      await tx.copyRows('copy_probe', ['label', 'amount'], [['fine', 1], [null, 2]]);
    }),
  ).rejects.toThrow(/null value|not-null/);
  expect(await rows()).toEqual([]);
});

it('commits with the transaction it runs in', async () => {
  await store.db.exec('TRUNCATE copy_probe RESTART IDENTITY');
  await store.db.transaction(async (tx) => {
    await tx.copyRows('copy_probe', ['label'], [['one'], ['two'], ['three']]);
    expect((await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe'))[0].n).toBe(3);
  });
  expect((await rows()).map((r) => r.label)).toEqual(['one', 'two', 'three']);
});

it('writes nothing and sends nothing for no rows', async () => {
  await store.db.exec('TRUNCATE copy_probe RESTART IDENTITY');
  await store.db.copyRows('copy_probe', ['label'], []);
  expect(await rows()).toEqual([]);
});
