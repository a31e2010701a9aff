import { describe, expect, it } from 'vitest';
import { autocorrelations, isSeasonal, seasonalAdjustment, seasonalIndices } from './seasonality.js';

/** `pattern` repeated until the series has `length` values. */
const cycle = (pattern: readonly number[], length: number): number[] =>
  Array.from({ length }, (_, t) => pattern[t % pattern.length] as number);

/** A constant level of 10 times the indices 1.2, 0.8, 1.0, 1.0 (mean 1): 12, 8, 10, 10, … */
const QUARTERLY = [1.2, 0.8, 1, 1];
const quarterly = (length: number) => cycle(QUARTERLY, length).map((s) => 10 * s);

describe('autocorrelations', () => {
  it('matches R acf(1:5): 0.4, −0.1, −0.4, −0.4', () => {
    // Deviations from the mean 3: −2, −1, 0, 1, 2; Σd² = 10.
    // lag 1: (−2)(−1) + (−1)(0) + (0)(1) + (1)(2) = 4 → 0.4
    // lag 2: (−2)(0) + (−1)(1) + (0)(2) = −1 → −0.1
    // lag 3: (−2)(1) + (−1)(2) = −4 → −0.4
    // lag 4: (−2)(2) = −4 → −0.4
    const acf = autocorrelations([1, 2, 3, 4, 5], 4);
    expect(acf).toHaveLength(4);
    [0.4, -0.1, -0.4, -0.4].forEach((r, i) => {
      expect(acf[i]).toBeCloseTo(r, 12);
    });
  });

  it('divides every lag by the full sum of squares (R acf of 1, −1, 1, −1)', () => {
    // Mean 0, Σd² = 4. lag 1: three products of −1 → −0.75; lag 2: two of 1 → 0.5; lag 3: −0.25
    const acf = autocorrelations([1, -1, 1, -1], 3);
    [-0.75, 0.5, -0.25].forEach((r, i) => {
      expect(acf[i]).toBeCloseTo(r, 12);
    });
  });

  it('is 0 at every lag for a constant series', () => {
    expect(autocorrelations([7, 7, 7, 7], 2)).toEqual([0, 0]);
  });
});

describe('isSeasonal', () => {
  it('finds the season of three seasons of 12, 8, 10, 10', () => {
    // Deviations 2, −2, 0, 0 per season; Σd² = 3·8 = 24.
    // acf(1) = 3·(2·−2) / 24 = −0.5; acf(2) = 0; acf(3) = 2·(−2·2) / 24 = −1/3;
    // acf(4) = 2·(4 + 4) / 24 = 2/3.
    // Limit = 1.645/√12 · √(1 + 2·(0.25 + 0 + 1/9)) = 0.47487 · 1.31233 = 0.6232 < 2/3.
    const y = quarterly(12);
    const acf = autocorrelations(y, 4);
    expect(acf[0]).toBeCloseTo(-0.5, 12);
    expect(acf[3]).toBeCloseTo(2 / 3, 12);
    expect(isSeasonal(y, 4)).toBe(true);
  });

  it('counts the lower lags twice in the limit (acf(4) = 10/17 falls just short)', () => {
    // 12, 8, 10, 10 twice, then 13, 7, 10, 10: deviations ±2, ±2, ±3 in the first two places.
    // Σd² = 8 + 8 + 18 = 34; acf(1) = (−4 − 4 − 9)/34 = −1/2; acf(2) = 0;
    // acf(3) = (−2·2 − 2·3)/34 = −5/17; acf(4) = (4 + 4 + 6 + 6)/34 = 10/17 = 0.5882.
    // Limit = 0.47487 · √(1 + 2·(1/4 + 25/289)) = 0.47487 · 1.29345 = 0.6142 > 0.5882
    // (with the lags counted once it would be 0.47487 · 1.15607 = 0.5490 and say seasonal).
    const y = [12, 8, 10, 10, 12, 8, 10, 10, 13, 7, 10, 10];
    const acf = autocorrelations(y, 4);
    [-1 / 2, 0, -5 / 17, 10 / 17].forEach((r, i) => {
      expect(acf[i]).toBeCloseTo(r, 12);
    });
    expect(isSeasonal(y, 4)).toBe(false);
  });

  it('needs three full seasons', () => {
    // 11 values keep acf(4) = 2/3 above the limit 1.645/√11 · 1.31233 = 0.6509,
    // so only the three-season rule says no.
    expect(isSeasonal(quarterly(11), 4)).toBe(false);
  });

  it('widens the limit by the lower lags (acf(4) = 2/3 is not enough for 12, 8, 12, 8, …)', () => {
    // Deviations ±2, Σd² = 48: acf(k) = (−1)ᵏ·(12 − k)/12 → −11/12, 10/12, −9/12, 8/12.
    // Limit = 0.47487 · √(1 + 2·(121 + 100 + 81)/144) = 0.47487 · 2.27913 = 1.0823 > 2/3.
    const y = cycle([12, 8], 12);
    expect(autocorrelations(y, 4)[3]).toBeCloseTo(2 / 3, 12);
    expect(isSeasonal(y, 4)).toBe(false);
    // At lag 2 it is seasonal: acf(2) = 10/12 > 0.47487 · √(1 + 2·121/144) = 0.7775
    expect(isSeasonal(y, 2)).toBe(true);
  });

  it('calls a straight trend not seasonal', () => {
    // y = 1 … 12: deviations −5.5 … 5.5, Σd² = 143; lag-4 products sum to
    // 8.25 + 2.25 − 1.75 − 3.75 − 3.75 − 1.75 + 2.25 + 8.25 = 10 → acf(4) = 10/143 ≈ 0.07,
    // below even the bare limit 1.645/√12 = 0.475.
    const y = Array.from({ length: 12 }, (_, t) => t + 1);
    expect(autocorrelations(y, 4)[3]).toBeCloseTo(10 / 143, 12);
    expect(isSeasonal(y, 4)).toBe(false);
  });

  it('calls a white-noise-like series not seasonal', () => {
    // 24 values of a linear congruential generator: |acf(4)| ≈ 0.07 < 1.645/√24 = 0.336
    let state = 12345;
    const y = Array.from({ length: 24 }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return 10 + (4 * state) / 2147483648;
    });
    expect(Math.abs(autocorrelations(y, 4)[3] as number)).toBeLessThan(1.645 / Math.sqrt(24));
    expect(isSeasonal(y, 4)).toBe(false);
  });

  it('never calls a season of 1 seasonal', () => {
    expect(isSeasonal(quarterly(40), 1)).toBe(false);
  });
});

describe('seasonalIndices', () => {
  it('recovers the indices of a constant level times fixed indices (even season)', () => {
    // The 2×4 moving average 0.5·y(t−2) + y(t−1) + y(t) + y(t+1) + 0.5·y(t+2), ÷ 4, covers one
    // full season (y(t−2) = y(t+2)), so it is 40/4 = 10 everywhere and y ÷ trend = the index.
    const indices = seasonalIndices(quarterly(12), 4);
    QUARTERLY.forEach((s, p) => {
      expect(indices[p]).toBeCloseTo(s, 12);
    });
  });

  it('recovers the indices for an odd season', () => {
    // 10 × (1.5, 0.5, 1.0): the 3-term average is 30/3 = 10 everywhere.
    const indices = seasonalIndices(
      cycle([1.5, 0.5, 1], 12).map((s) => 10 * s),
      3,
    );
    [1.5, 0.5, 1].forEach((s, p) => {
      expect(indices[p]).toBeCloseTo(s, 12);
    });
  });

  it('indexes positions from the start of the series', () => {
    // The same indices starting one step later in the cycle: 0.8, 1.0, 1.0, 1.2
    const indices = seasonalIndices(quarterly(13).slice(1), 4);
    [0.8, 1, 1, 1.2].forEach((s, p) => {
      expect(indices[p]).toBeCloseTo(s, 12);
    });
  });

  it('normalises the raw indices to average 1', () => {
    // y = 2, 4, 2, 8 with m = 2: only t = 1 and t = 2 have a centred average.
    // t = 1: (0.5·2 + 4 + 0.5·2)/2 = 3, ratio 4/3 at position 1
    // t = 2: (0.5·4 + 2 + 0.5·8)/2 = 4, ratio 2/4 = 0.5 at position 0
    // Raw 0.5, 4/3 average 11/12: the indices are 0.5·12/11 = 6/11 and (4/3)·12/11 = 16/11
    const indices = seasonalIndices([2, 4, 2, 8], 2);
    expect(indices[0]).toBeCloseTo(6 / 11, 12);
    expect(indices[1]).toBeCloseTo(16 / 11, 12);
  });

  it('recovers season-2 indices under a linear trend', () => {
    // y(t) = L(t)·s(t) with L(t) = 50 + 2t and s = 1.2, 0.8. With s' = s(t − 1) = s(t + 1) the centred
    // average is (L(t)·s + s'·(L(t − 1) + L(t + 1))/2) / 2 = L(t)·(s + s')/2 = L(t), as L is
    // linear and s + s' = 2. So y ÷ trend is exactly s.
    const y = Array.from({ length: 20 }, (_, t) => (50 + 2 * t) * (t % 2 === 0 ? 1.2 : 0.8));
    const indices = seasonalIndices(y, 2);
    expect(indices[0]).toBeCloseTo(1.2, 12);
    expect(indices[1]).toBeCloseTo(0.8, 12);
  });
});

describe('seasonalAdjustment', () => {
  it('divides a seasonal series by its indices and continues the cycle at n mod m', () => {
    // 18 values: the next step is position 18 mod 4 = 2, so 1.0, 1.0, 1.2, 0.8, 1.0
    const adjustment = seasonalAdjustment(quarterly(18), 4);
    expect(adjustment.adjusted).toHaveLength(18);
    for (const v of adjustment.adjusted) expect(v).toBeCloseTo(10, 12);
    const future = adjustment.futureIndices(5);
    [1, 1, 1.2, 0.8, 1].forEach((s, j) => {
      expect(future[j]).toBeCloseTo(s, 12);
    });
  });

  it('leaves a seasonal series with a zero or a negative value unadjusted', () => {
    // Shifting 12, 8, 10, 10 down keeps every autocorrelation (it passes the test) but makes
    // multiplicative indices meaningless: 4, 0, 2, 2 and 3, −1, 1, 1.
    for (const shift of [8, 9]) {
      const y = quarterly(16).map((v) => v - shift);
      expect(isSeasonal(y, 4)).toBe(true);
      const adjustment = seasonalAdjustment(y, 4);
      expect(adjustment.adjusted).toBe(y);
      expect(adjustment.futureIndices(3)).toEqual([1, 1, 1]);
    }
  });

  it('leaves a series that fails the test unadjusted', () => {
    const y = Array.from({ length: 12 }, (_, t) => t + 1);
    const adjustment = seasonalAdjustment(y, 4);
    expect(adjustment.adjusted).toBe(y);
    expect(adjustment.futureIndices(2)).toEqual([1, 1]);
  });
});
