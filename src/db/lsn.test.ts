import { describe, expect, it } from '@jest/globals';
import { isLsn, laterLsn, lsnReached } from './lsn.js';

describe('WAL positions', () => {
  it('accepts what pg_current_wal_lsn() prints and nothing else', () => {
    expect(isLsn('0/3000060')).toBe(true);
    expect(isLsn('16/B374D848')).toBe(true);
    expect(isLsn('16/B374D848 ')).toBe(false);
    expect(isLsn('1/2/3')).toBe(false);
    expect(isLsn('123456789/0')).toBe(false);
    expect(isLsn('')).toBe(false);
  });

  it('compares the high half before the low half, numerically', () => {
    expect(lsnReached('1/0', '0/FFFFFFFF')).toBe(true);
    expect(lsnReached('0/FFFFFFFF', '1/0')).toBe(false);
    expect(lsnReached('0/A0', '0/9F')).toBe(true);
    expect(lsnReached('0/9F', '0/A0')).toBe(false);
    expect(lsnReached('0/A0', '0/a0')).toBe(true);
    expect(lsnReached(null, '0/1')).toBe(false);
  });

  it('keeps the later position', () => {
    expect(laterLsn(null, null)).toBeNull();
    expect(laterLsn('0/10', null)).toBe('0/10');
    expect(laterLsn(null, '0/10')).toBe('0/10');
    expect(laterLsn('0/10', '1/0')).toBe('1/0');
    expect(laterLsn('2/0', '1/FF')).toBe('2/0');
  });
});
