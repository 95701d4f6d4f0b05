import { describe, expect, it } from '@jest/globals';
import { firstFitDecreasing, type PackItem } from './bin-packing.js';

const items = (weights: number[]): PackItem<number>[] => weights.map((weight, id) => ({ id, weight }));

function check(weights: number[], capacity: number) {
  const result = firstFitDecreasing(items(weights), capacity);
  const placed = result.bins.flatMap((b) => b.items).concat(result.oversized).sort((a, b) => a - b);
  expect(placed).toEqual(weights.map((_, i) => i));
  for (const bin of result.bins) {
    expect(bin.weight).toBeLessThanOrEqual(capacity);
    expect(bin.weight).toBe(bin.items.reduce((sum, id) => sum + weights[id], 0));
    expect(bin.items.length).toBeGreaterThan(0);
  }
  return result;
}

describe('firstFitDecreasing', () => {
  it('packs nothing into no bins', () => {
    expect(firstFitDecreasing([], 30_000)).toEqual({ bins: [], oversized: [] });
  });

  it('places heaviest first into the first bin with room', () => {
    // sorted: 8, 7, 5, 4, 3, 2, 1 with capacity 10 → [8,2], [7,3], [5,4,1]
    const result = check([5, 7, 3, 8, 2, 4, 1], 10);
    expect(result.bins.map((b) => b.items.map((id) => [5, 7, 3, 8, 2, 4, 1][id]))).toEqual([[8, 2], [7, 3], [5, 4, 1]]);
  });

  it('fills exactly to the capacity and never beyond', () => {
    const result = check([15_000, 15_000, 15_000, 15_001], 30_000);
    expect(result.bins.map((b) => b.weight)).toEqual([15_001, 30_000, 15_000]);
  });

  it('sets aside items heavier than the capacity', () => {
    const result = check([31_000, 1_000], 30_000);
    expect(result.oversized).toEqual([0]);
    expect(result.bins).toHaveLength(1);
  });

  it('is within the FFD bound of the weight lower bound on random input', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const weights = Array.from({ length: 20_000 }, () => 50 + Math.floor(random() * 2_950));
    const capacity = 30_000;
    const result = check(weights, capacity);
    const lowerBound = Math.ceil(weights.reduce((a, b) => a + b, 0) / capacity);
    expect(result.bins.length).toBeLessThanOrEqual(Math.ceil((11 / 9) * lowerBound + 1));
    // Small items against a large bag: FFD leaves at most one bin not nearly full.
    expect(result.bins.filter((b) => b.weight < capacity - 3_000).length).toBeLessThanOrEqual(1);
  });

  it('refuses a non-positive capacity and negative weights', () => {
    expect(() => firstFitDecreasing(items([1]), 0)).toThrow(RangeError);
    expect(() => firstFitDecreasing(items([-1]), 10)).toThrow(RangeError);
  });
});
