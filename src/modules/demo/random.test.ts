import { describe, expect, it } from 'vitest';
import { cumulate, Random } from './random.js';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('Random', () => {
  it('repeats a stream for the same seed and path, and not for another', () => {
    expect(draws(new Random(42, 'day', 7), 50)).toEqual(draws(new Random(42, 'day', 7), 50));
    expect(draws(new Random(42, 'day', 7), 50)).not.toEqual(draws(new Random(43, 'day', 7), 50));
    expect(draws(new Random(42, 'day', 7), 50)).not.toEqual(draws(new Random(42, 'day', 8), 50));
    expect(draws(new Random(42, 'lane', 'A>B'), 50)).not.toEqual(draws(new Random(42, 'lane', 'B>A'), 50));
  });

  it('draws uniformly in [0, 1) and inside integer bounds', () => {
    const rng = new Random(1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]++;
    }
    // Each decile within 5% of its expected 10,000.
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const ints = new Set(Array.from({ length: 2_000 }, () => rng.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('follows the weights of a weighted draw', () => {
    const rng = new Random(5);
    const weights = cumulate([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const k = rng.weighted(weights);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeGreaterThan(2.7);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeLessThan(3.3);
  });

  it('has the mean and spread it is asked for', () => {
    const rng = new Random(9);
    const n = 50_000;
    const normals = Array.from({ length: n }, () => rng.normal(10, 2));
    const mean = normals.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
    const exps = Array.from({ length: n }, () => rng.exponential(3));
    expect(exps.reduce((s, x) => s + x, 0) / n).toBeCloseTo(3, 1);
  });
});
