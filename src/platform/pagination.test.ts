import { describe, expect, it } from '@jest/globals';
import { connection, decodeCursor, encodeCursor, pageOf, pageSize } from './pagination.js';

const id = '0190a0b0-0000-7000-8000-000000000001';

describe('pagination', () => {
  it('round-trips a sort key through a cursor', () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    expect(decodeCursor(encodeCursor([at, id]), ['time', 'uuid'])).toEqual([at.toISOString(), id]);
    expect(decodeCursor(encodeCursor([2, 17, at, id]), ['int', 'int', 'time', 'uuid'])).toEqual([2, 17, at.toISOString(), id]);
  });

  it.each([['garbage'], [encodeCursor(['not a time', id])], [encodeCursor([new Date(), 'x'])], [encodeCursor([1.5])], [encodeCursor([new Date()])]])(
    'refuses a cursor it did not give out: %s',
    (cursor) => {
      expect(() => decodeCursor(cursor, ['time', 'uuid'])).toThrow('That cursor is not one this API gave out.');
    },
  );

  it('checks page sizes and builds connections', () => {
    expect(pageSize(500)).toBe(500);
    for (const bad of [0, 501, 1.5, Number.NaN]) expect(() => pageSize(bad)).toThrow('first must be between 1 and 500.');
    const page = pageOf([1, 2, 3], 2);
    expect(page).toEqual({ rows: [1, 2], hasNextPage: true });
    expect(connection(page, String)).toEqual({ edges: [{ node: 1, cursor: '1' }, { node: 2, cursor: '2' }], pageInfo: { hasNextPage: true, endCursor: '2' } });
    expect(connection(pageOf([], 2), String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
