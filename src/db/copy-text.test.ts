import { copyField, copyStatement, encodeCopyChunks, type CopyValue } from './copy-text.js';
import { JsonText } from './json-text.js';

const text = (rows: (readonly CopyValue[])[], chunkBytes?: number) => Buffer.concat(encodeCopyChunks(rows, chunkBytes)).toString('utf8');

describe('COPY text encoding', () => {
  it('writes NULL as \\N for null and undefined', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
  });

  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyField('plain text, "quoted" and ünïcode 中文')).toBe('plain text, "quoted" and ünïcode 中文');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('\\N')).toBe('\\\\N');
  });

  it('writes numbers, bigints, booleans and dates in forms PostgreSQL reads back', () => {
    expect(copyField(42)).toBe('42');
    expect(copyField(-3990)).toBe('-3990');
    expect(copyField(9007199254740993n)).toBe('9007199254740993');
    expect(copyField(true)).toBe('t');
    expect(copyField(false)).toBe('f');
    expect(copyField(new Date(Date.UTC(2026, 10, 21, 9, 30)))).toBe('2026-11-21T09:30:00.000Z');
  });

  it('writes each date its own time, however dates alternate or change', () => {
    const a = new Date(Date.UTC(2026, 10, 21, 9, 30));
    const b = new Date(a.getTime() + 1);
    expect([a, b, a, new Date(a.getTime())].map(copyField)).toEqual(['2026-11-21T09:30:00.000Z', '2026-11-21T09:30:00.001Z', '2026-11-21T09:30:00.000Z', '2026-11-21T09:30:00.000Z']);
    a.setTime(a.getTime() + 60_000);
    expect(copyField(a)).toBe('2026-11-21T09:31:00.000Z');
    expect(() => copyField(new Date(Number.NaN))).toThrow(RangeError);
    // More distinct times than are kept, cycling, then back to the first.
    const times = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 21, 9, 30, i)));
    for (let round = 0; round < 3; round++) {
      expect(times.map(copyField)).toEqual(times.map((t) => t.toISOString()));
      expect([...times].reverse().map(copyField)).toEqual([...times].reverse().map((t) => t.toISOString()));
    }
  });

  it('refuses numbers no column can hold', () => {
    expect(() => copyField(Number.NaN)).toThrow(TypeError);
    expect(() => copyField(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('writes objects and arrays as JSON, escaped for COPY', () => {
    expect(copyField({ a: 'x"y', b: [1, null] })).toBe('{"a":"x\\\\"y","b":[1,null]}');
    expect(copyField({ line: 'one\ntwo' })).toBe('{"line":"one\\\\ntwo"}');
  });

  it('writes a document serialised once exactly as its object would be written', () => {
    const doc = { address: 'C:\\ 中文 "q"', lines: [{ tab: '\t' }], n: 1 };
    const once = JsonText.of(doc);
    expect(copyField(once)).toBe(copyField(doc));
    expect(copyField(once)).toBe('{"address":"C:\\\\\\\\ 中文 \\\\"q\\\\"","lines":[{"tab":"\\\\t"}],"n":1}');
    expect(JSON.parse(once.text)).toEqual(doc);
  });

  it('joins fields with tabs and ends every row with a newline', () => {
    expect(text([['a', 1, null], ['b\tc', 2, { k: 1 }]])).toBe('a\t1\t\\N\nb\\tc\t2\t{"k":1}\n');
    expect(encodeCopyChunks([])).toEqual([]);
  });

  it('splits the rows into UTF-8 chunks of whole rows, a row larger than a chunk in one of its own', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`Москва ${i}`, i, { city: '北京', n: i }]);
    const chunks = encodeCopyChunks(rows, 64);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.toString('utf8').endsWith('\n')).toBe(true);
    expect(text(rows, 64)).toBe(text(rows));
    expect(text([['x'.repeat(200)], ['y']], 64)).toBe(`${'x'.repeat(200)}\ny\n`);
  });

  it('builds the statement and refuses names that are not plain identifiers', () => {
    expect(copyStatement('audit_log', ['actor_kind', 'after'], 'STDIN')).toBe('COPY audit_log (actor_kind, after) FROM STDIN');
    expect(() => copyStatement('audit_log; DROP TABLE shipments', ['a'], 'STDIN')).toThrow(TypeError);
    expect(() => copyStatement('audit_log', ['a, b'], 'STDIN')).toThrow(TypeError);
    expect(() => copyStatement('Audit', ['a'], 'STDIN')).toThrow(TypeError);
  });
});
