import { describe, expect, it } from 'vitest';
import { auc, brierScore, calibrationTable, logLoss } from './evaluate.js';

describe('auc', () => {
  it('is the share of (late, on-time) pairs ranked right, a tie counting ½', () => {
    // Late scores 0.8 and 0.4, on-time 0.4, 0.2, 0.1: 2 × 3 = 6 pairs.
    // 0.8 beats all three (3); 0.4 ties 0.4 (½) and beats 0.2 and 0.1 (2): 5.5 / 6.
    expect(auc([true, true, false, false, false], [0.8, 0.4, 0.4, 0.2, 0.1])).toBeCloseTo(5.5 / 6, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and ½ for all scores equal', () => {
    expect(auc([false, true, false, true], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    expect(auc([false, true], [0.9, 0.1])).toBe(0);
    // Every one of the 2 × 2 pairs is a tie: 4 × ½ / 4.
    expect(auc([true, false, true, false], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('does not depend on the order of the rows', () => {
    expect(auc([false, false, false, true, true], [0.1, 0.4, 0.2, 0.4, 0.8])).toBeCloseTo(5.5 / 6, 12);
  });

  it('is null when one class is missing', () => {
    expect(auc([true, true], [0.2, 0.9])).toBeNull();
    expect(auc([], [])).toBeNull();
  });
});

describe('brierScore', () => {
  it('is the mean squared difference between probability and outcome', () => {
    // (0.9 − 1)² + (0.2 − 0)² + (0.6 − 0)² = 0.01 + 0.04 + 0.36 = 0.41, over 3
    expect(brierScore([true, false, false], [0.9, 0.2, 0.6])).toBeCloseTo(0.41 / 3, 12);
  });
});

describe('logLoss', () => {
  it('is the mean of −log of the probability given to what happened', () => {
    // −(ln 0.9 + ln(1 − 0.2) + ln(1 − 0.6)) / 3 = −(−0.10536 − 0.22314 − 0.91629) / 3 = 0.41493
    expect(logLoss([true, false, false], [0.9, 0.2, 0.6])).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3,
      12,
    );
    expect(logLoss([true, false, false], [0.9, 0.2, 0.6])).toBeCloseTo(0.41493, 5);
  });

  it('stays finite when a sure prediction is wrong', () => {
    // p clipped to 1e-15: −ln(1e-15) = 34.539
    expect(logLoss([true], [0])).toBeCloseTo(-Math.log(1e-15), 6);
    expect(logLoss([false], [1])).toBeCloseTo(-Math.log(1e-15), 1);
  });
});

describe('calibrationTable', () => {
  it('bins predictions by tenths and compares their mean with the late rate', () => {
    const labels = [false, true, false, true, true];
    const probabilities = [0.05, 0.15, 0.12, 0.95, 1];
    const table = calibrationTable(labels, probabilities);
    expect(table).toHaveLength(10);
    // Bin 0 [0, 0.1): 0.05, on time.
    expect(table[0]).toEqual({ bin: 0, from: 0, to: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    // Bin 1 [0.1, 0.2): 0.15 late and 0.12 on time: mean (0.15 + 0.12) / 2 = 0.135, rate ½.
    expect(table[1]?.count).toBe(2);
    expect(table[1]?.meanPredicted).toBeCloseTo(0.135, 12);
    expect(table[1]?.observedRate).toBe(0.5);
    // Bin 9 [0.9, 1] holds 1 itself: (0.95 + 1) / 2 = 0.975, both late.
    expect(table[9]?.count).toBe(2);
    expect(table[9]?.meanPredicted).toBeCloseTo(0.975, 12);
    expect(table[9]?.observedRate).toBe(1);
  });

  it('leaves the empty bins without means', () => {
    const table = calibrationTable([true], [0.55]);
    expect(table[5]?.count).toBe(1);
    expect(table.filter((b) => b.count === 0)).toHaveLength(9);
    expect(table[2]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });
});
