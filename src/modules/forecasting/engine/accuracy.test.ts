import { describe, expect, it } from 'vitest';
import { bias, coverage, mase, meanWidth, naiveScale, owa, rmsse, smape, wape } from './accuracy.js';

/** A history whose lag-1 differences are 2, −1, 4. */
const history = [10, 12, 11, 15];
/** A history with a season of 2: lag-2 differences are all 2, lag-1 differences 10, −8, 10, −8, 10. */
const seasonalHistory = [10, 20, 12, 22, 14, 24];

describe('smape', () => {
  it('averages 200·|a − f| / (|a| + |f|) over the steps, in percent', () => {
    // 200·10/210 = 200/21; 200·20/380 = 200/19; both zero: 0.
    // (200/21 + 200/19 + 0) / 3 = 200·40/399 / 3 = 8000/1197 = 6.68337…
    expect(smape([100, 200, 0], [110, 180, 0])).toBeCloseTo(8000 / 1197, 12);
  });

  it('counts a step where actual and forecast are both 0 as no error', () => {
    expect(smape([0, 0], [0, 0])).toBe(0);
    // Only the first step has an error: 200·1/3 / 2 = 33.33…
    expect(smape([1, 0], [2, 0])).toBeCloseTo(100 / 3, 12);
  });

  it('gives 200 when one side is 0 and the other is not', () => {
    expect(smape([0], [5])).toBe(200);
    expect(smape([5], [0])).toBe(200);
  });

  it('is symmetric in actual and forecast', () => {
    expect(smape([110, 180], [100, 200])).toBeCloseTo(smape([100, 200], [110, 180]), 12);
  });
});

describe('naiveScale', () => {
  it('is the mean absolute lag-m difference, or its mean square with power 2', () => {
    // |2| + |−1| + |4| = 7 over 3 differences
    expect(naiveScale(history, 1)).toBeCloseTo(7 / 3, 12);
    // 4 + 1 + 16 = 21 over 3
    expect(naiveScale(history, 1, 2)).toBeCloseTo(7, 12);
    expect(naiveScale(seasonalHistory, 2)).toBe(2);
  });

  it('treats a season below 1 as 1', () => {
    expect(naiveScale(history, 0)).toBeCloseTo(7 / 3, 12);
  });

  it('is null for a flat history or one no longer than the season', () => {
    expect(naiveScale([5, 5, 5], 1)).toBeNull();
    expect(naiveScale([1, 2], 2)).toBeNull();
    expect(naiveScale([4], 1)).toBeNull();
    // One difference more than the season: 3 − 1 = 2
    expect(naiveScale([1, 2, 3], 2)).toBe(2);
  });
});

describe('mase', () => {
  it('scales the MAE by the in-sample naive MAE (season 1)', () => {
    // MAE = (|14 − 15| + |16 − 13|) / 2 = 2; scale 7/3; MASE = 2 / (7/3) = 6/7
    expect(mase(history, [14, 16], [15, 13], 1)).toBeCloseTo(6 / 7, 12);
  });

  it('scales by the seasonal naive at lag m', () => {
    // MAE = (1 + 2) / 2 = 1.5; lag-2 scale 2: 0.75
    expect(mase(seasonalHistory, [16, 26], [15, 28], 2)).toBeCloseTo(0.75, 12);
    // With lag 1 the scale is (10 + 8 + 10 + 8 + 10) / 5 = 9.2: 1.5 / 9.2
    expect(mase(seasonalHistory, [16, 26], [15, 28], 1)).toBeCloseTo(1.5 / 9.2, 12);
  });

  it('is null when the scale is undefined', () => {
    expect(mase([5, 5, 5, 5], [6], [5], 1)).toBeNull();
    expect(mase([1, 2, 3, 4], [5], [5], 4)).toBeNull();
  });
});

describe('rmsse', () => {
  it('is √(MSE ÷ in-sample MSE of the naive)', () => {
    // MSE = (1² + 3²) / 2 = 5; naive MSE = 21/3 = 7; √(5/7) = 0.84515…
    expect(rmsse(history, [14, 16], [15, 13], 1)).toBeCloseTo(Math.sqrt(5 / 7), 12);
  });

  it('uses lag-m squared differences for season m', () => {
    // Squared errors 1 and 4: MSE 2.5; lag-2 naive MSE 4: √(2.5/4)
    expect(rmsse(seasonalHistory, [16, 26], [15, 28], 2)).toBeCloseTo(Math.sqrt(2.5 / 4), 12);
  });

  it('is null for a flat or too short history', () => {
    expect(rmsse([3, 3, 3], [4], [3], 1)).toBeNull();
    expect(rmsse([3], [4], [3], 1)).toBeNull();
  });
});

describe('wape', () => {
  it('is Σ|a − f| ÷ Σ|a|', () => {
    // (2 + 3 + 5) / (10 + 0 + 30) = 0.25
    expect(wape([10, 0, 30], [12, 3, 25])).toBeCloseTo(0.25, 12);
  });

  it('weighs negative actual values by their size', () => {
    // (10 + 0) / (10 + 10) = 0.5
    expect(wape([-10, 10], [0, 10])).toBeCloseTo(0.5, 12);
  });

  it('is null when every actual value is 0', () => {
    expect(wape([0, 0], [1, 2])).toBeNull();
  });
});

describe('bias', () => {
  it('is positive when the forecast runs high', () => {
    // ((13 − 10) + (19 − 20)) / 2 = 1
    expect(bias([10, 20], [13, 19])).toBe(1);
  });

  it('is negative when the forecast runs low', () => {
    // ((8 − 10) + (17 − 20)) / 2 = −2.5
    expect(bias([10, 20], [8, 17])).toBe(-2.5);
  });
});

describe('coverage', () => {
  it('is the share of actual values inside the bounds, both ends included', () => {
    // 1 ∈ [0, 2] yes; 5 ∈ [5, 6] yes (on the lower bound); 10 ∈ [11, 12] no; 3 ∈ [0, 2] no;
    // 2 ∈ [0, 2] yes (on the upper bound): 3 of 5
    expect(coverage([1, 5, 10, 3, 2], [0, 5, 11, 0, 0], [2, 6, 12, 2, 2])).toBeCloseTo(0.6, 12);
  });
});

describe('meanWidth', () => {
  it('averages upper − lower', () => {
    // Widths 2, 1, 4: 7/3
    expect(meanWidth([0, 5, 11], [2, 6, 15])).toBeCloseTo(7 / 3, 12);
  });
});

describe('owa', () => {
  it('averages the two ratios to Naive2', () => {
    // (6/12 + 1.5/1) / 2 = (0.5 + 1.5) / 2 = 1 (a ratio of sums would give 7.5/13)
    expect(owa({ smape: 6, mase: 1.5 }, { smape: 12, mase: 1 })).toBeCloseTo(1, 12);
    // (10/12.5 + 0.6/1.5) / 2 = (0.8 + 0.4) / 2 = 0.6
    expect(owa({ smape: 10, mase: 0.6 }, { smape: 12.5, mase: 1.5 })).toBeCloseTo(0.6, 12);
  });

  it('is 1 for Naive2 itself', () => {
    expect(owa({ smape: 9, mase: 1.1 }, { smape: 9, mase: 1.1 })).toBe(1);
  });
});
