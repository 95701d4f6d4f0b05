import { describe, expect, it } from '@jest/globals';
import { backoffMs } from './backoff.js';

describe('exponential backoff with full jitter', () => {
  it('caps the window at base · 2^(attempt-1) and at the maximum', () => {
    const top = () => 0.999999;
    expect(backoffMs(1, 1000, 60_000, top)).toBe(999);
    expect(backoffMs(2, 1000, 60_000, top)).toBe(1999);
    expect(backoffMs(5, 1000, 60_000, top)).toBe(15_999);
    expect(backoffMs(12, 1000, 60_000, top)).toBe(59_999);
    expect(backoffMs(500, 1000, 60_000, top)).toBe(59_999);
  });

  it('spreads waits over the whole window (full jitter)', () => {
    expect(backoffMs(4, 1000, 60_000, () => 0)).toBe(0);
    expect(backoffMs(4, 1000, 60_000, () => 0.5)).toBe(4000);
    const samples = Array.from({ length: 2000 }, () => backoffMs(3, 1000, 60_000));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(4000);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });
});
