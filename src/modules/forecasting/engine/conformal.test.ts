import { describe, expect, it } from 'vitest';
import { conformalIntervals, conformalQuantile } from './conformal.js';

const r2 = Math.SQRT2;
const r3 = Math.sqrt(3);

/**
 * Three origins × three steps, each error chosen so that |e| ÷ √step is a round number:
 * the scaled errors are 1, 2, 3 / 4, 5, 6 / 0.5, 7, 8 — sorted 0.5, 1, 2, 3, 4, 5, 6, 7, 8 (N = 9).
 */
const errors = [
  [1, -2 * r2, 3 * r3],
  [-4, 5 * r2, -6 * r3],
  [0.5, 7 * r2, 8 * r3],
];

describe('conformalQuantile', () => {
  it('takes the ⌈(N + 1)·level⌉-th smallest scaled absolute error', () => {
    // 80 %: ⌈10·0.8⌉ = 8 → 7.   50 %: ⌈10·0.5⌉ = 5 → 4.   20 %: ⌈10·0.2⌉ = 2 → 1
    expect(conformalQuantile(errors, 0.8)).toBeCloseTo(7, 12);
    expect(conformalQuantile(errors, 0.5)).toBeCloseTo(4, 12);
    expect(conformalQuantile(errors, 0.2)).toBeCloseTo(1, 12);
  });

  it('rounds the rank up', () => {
    // Scaled errors 1, 2, 3, 4, 5 (N = 5). 80 %: ⌈6·0.8⌉ = ⌈4.8⌉ = 5 → 5 (rounding down would give 4)
    expect(
      conformalQuantile(
        [
          [1, 2 * r2, 3 * r3],
          [-4, 5 * r2],
        ],
        0.8,
      ),
    ).toBeCloseTo(5, 12);
  });

  it('caps the rank at N', () => {
    // 95 %: ⌈10·0.95⌉ = 10 > 9 → the largest, 8
    expect(conformalQuantile(errors, 0.95)).toBeCloseTo(8, 12);
  });

  it('divides by √step, not by step', () => {
    // One origin: |2|/1 = 2, |−4|/√2 = 2.828…, |6|/√3 = 3.464…; N = 3, 50 %: ⌈2⌉ = 2nd → 2√2
    expect(conformalQuantile([[2, -4, 6]], 0.5)).toBeCloseTo(2 * r2, 12);
  });

  it('is null without errors', () => {
    expect(conformalQuantile([], 0.8)).toBeNull();
    expect(conformalQuantile([[], []], 0.8)).toBeNull();
  });
});

describe('conformalIntervals', () => {
  it('puts ŷ ± q·√j around the mean at each level', () => {
    // q(80 %) = 7, q(95 %) = 8
    const intervals = conformalIntervals([100, 110, 120], errors, [0.8, 0.95]);
    expect(intervals?.map((i) => i.level)).toEqual([0.8, 0.95]);
    const [i80, i95] = intervals ?? [];
    [100 - 7, 110 - 7 * r2, 120 - 7 * r3].forEach((v, j) => {
      expect(i80?.lower[j]).toBeCloseTo(v, 10);
    });
    [100 + 8, 110 + 8 * r2, 120 + 8 * r3].forEach((v, j) => {
      expect(i95?.upper[j]).toBeCloseTo(v, 10);
    });
  });

  it('widens with √j beyond the steps of the backtest', () => {
    // Five steps from errors of two: half-width q·√j for j = 1 … 5, here q = 1 (|1|, |√2|/√2)
    const intervals = conformalIntervals([0, 0, 0, 0, 0], [[1, r2]], [0.8]);
    const upper = intervals?.[0]?.upper ?? [];
    [1, 2, 3, 4, 5].forEach((j, k) => {
      expect(upper[k]).toBeCloseTo(Math.sqrt(j), 12);
    });
  });

  it('is null without errors', () => {
    expect(conformalIntervals([1, 2], [], [0.8, 0.95])).toBeNull();
  });
});
