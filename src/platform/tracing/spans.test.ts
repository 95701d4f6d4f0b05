import { describe, expect, it } from '@jest/globals';
import { statementKind, traceIds, tracingStarted } from './spans.js';

describe('statementKind (database span names)', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  insert into shipments (id) values ($1)', 'INSERT'],
    ['\n    WITH moved AS (UPDATE bins SET x = 1 RETURNING id) SELECT * FROM moved', 'WITH'],
    ['-- the hub\'s guard\nUPDATE hub_parcels SET receptacle_id = $1', 'UPDATE'],
    ["COPY audit_events (id) FROM '/dev/blob'", 'COPY'],
    ['', 'SQL'],
  ])('%p is %p', (sql, kind) => {
    expect(statementKind(sql)).toBe(kind);
  });
});

describe('without an SDK (tracing off)', () => {
  it('is not started and gives log lines no trace ids', () => {
    expect(tracingStarted()).toBe(false);
    expect(traceIds()).toEqual({});
  });
});
