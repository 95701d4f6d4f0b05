import { describe, expect, it } from '@jest/globals';
import { fail, isFailure, rollback, typed } from './failure.js';
import { inTransaction } from './transaction.js';
import type { Database, Queryable } from '../db/database.js';

/** A database whose transaction records whether it committed or rolled back. */
function recordingDb(): Database & { outcome?: 'commit' | 'rollback' } {
  const db = {
    outcome: undefined as 'commit' | 'rollback' | undefined,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      try {
        const result = await fn({} as Queryable);
        db.outcome = 'commit';
        return result;
      } catch (error) {
        db.outcome = 'rollback';
        throw error;
      }
    },
  };
  return db as unknown as Database & { outcome?: 'commit' | 'rollback' };
}

describe('failure shape', () => {
  it('carries the GraphQL type, code, message and its own fields', () => {
    expect(fail('DispatchFull', 'DISPATCH_FULL', 'Dispatch X is full.', { dispatchNumber: 'X' })).toEqual({
      __typename: 'DispatchFull', errorCode: 'DISPATCH_FULL', message: 'Dispatch X is full.', dispatchNumber: 'X',
    });
  });

  it('tells a failure from a typed row or a plain row', () => {
    expect(isFailure(fail('TrackingNotFound', 'TRACKING_NOT_FOUND', 'No parcel.'))).toBe(true);
    expect(isFailure(typed({ id: '1' }, 'Receptacle'))).toBe(false);
    expect(isFailure({ errorCode: 'X', message: 'no type name' })).toBe(false);
    expect(isFailure(null)).toBe(false);
  });

  it('rolls the transaction back when the step returns a failure, and answers with it', async () => {
    const db = recordingDb();
    const refused = fail('ReceptacleEmpty', 'RECEPTACLE_EMPTY', 'Empty.');
    expect(await inTransaction(db, async () => refused, isFailure)).toBe(refused);
    expect(db.outcome).toBe('rollback');
  });

  it('rolls back on a failure thrown from deep inside, and commits a result', async () => {
    const db = recordingDb();
    const refused = fail('DispatchEmpty', 'DISPATCH_EMPTY', 'No receptacles.');
    expect(await inTransaction(db, async () => rollback(refused))).toBe(refused);
    expect(db.outcome).toBe('rollback');
    expect(await inTransaction(db, async () => typed({ id: '1' }, 'Dispatch'), isFailure)).toEqual({ id: '1', __typename: 'Dispatch' });
    expect(db.outcome).toBe('commit');
  });
});
