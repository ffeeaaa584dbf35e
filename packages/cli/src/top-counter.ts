export interface Counted {
  readonly key: string;
  readonly count: number;
}

/**
 * Counts occurrences of keys in bounded memory. Up to `capacity` distinct keys
 * the counts are exact. Past that, when twice `capacity` keys are held, only
 * the `capacity` largest are kept (lossy counting): a key may then be missing
 * or undercounted by at most `maxError`, which `approximate` reports.
 */
export class TopCounter {
  private counts = new Map<string, number>();
  private dropped = 0;
  /** The largest count ever discarded: the most any count can be short by. */
  maxError = 0;

  constructor(private readonly capacity: number) {}

  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
    if (this.counts.size >= this.capacity * 2) this.prune();
  }

  get approximate(): boolean {
    return this.dropped > 0;
  }

  get size(): number {
    return this.counts.size;
  }

  /** The `n` largest counts, largest first; equal counts by key. */
  top(n: number): Counted[] {
    return this.sorted().slice(0, n);
  }

  private sorted(): Counted[] {
    return [...this.counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private prune(): void {
    const all = this.sorted();
    for (const { key, count } of all.slice(this.capacity)) {
      this.counts.delete(key);
      this.dropped++;
      if (count > this.maxError) this.maxError = count;
    }
  }
}
