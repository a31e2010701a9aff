import { describe, expect, it } from 'vitest';
import {
  fitSmoothing,
  leastSquaresLine,
  type SmoothingFit,
  smooth,
  smoothingForecast,
  smoothingIntervals,
  type TrendKind,
} from './exponential-smoothing.js';

/** The standard normal quantiles of 90 % and 97.5 % (two-sided 80 % and 95 %). */
const Z80 = 1.2815515655446;
const Z95 = 1.959963984540054;

/** A fit with the given parameters and states (the fields the forecasts and intervals read). */
const fitOf = (overrides: Partial<SmoothingFit>): SmoothingFit => ({
  alpha: 0.5,
  beta: 0,
  phi: 0,
  level: 100,
  trend: 0,
  fitted: [],
  sigma2: 1,
  ...overrides,
});

/** A series that wanders: no trend or season for the optimiser to find exactly. */
const wandering = [12, 11, 15, 14, 16, 13, 17, 15, 18, 16];

describe('smooth', () => {
  it('runs SES: ℓ ← ℓ + α·e', () => {
    // y = 12, 11, 15, 14; α = 0.5; ℓ₀ = 10.
    // t1: f 10, e 2, ℓ 11.   t2: f 11, e 0, ℓ 11.   t3: f 11, e 4, ℓ 13.   t4: f 13, e 1, ℓ 13.5
    // SSE = 4 + 0 + 16 + 1 = 21
    const fitted: number[] = [];
    const result = smooth([12, 11, 15, 14], 0.5, 0, 0, 10, 0, fitted);
    expect(result.sse).toBeCloseTo(21, 12);
    expect(result.level).toBeCloseTo(13.5, 12);
    expect(result.trend).toBe(0);
    expect(fitted).toEqual([10, 11, 11, 13]);
  });

  it("runs Holt's linear trend: f = ℓ + b, ℓ ← f + α·e, b ← b + β·e", () => {
    // y = 12, 13, 15, 15; α = 0.5, β = 0.2, φ = 1; ℓ₀ = 10, b₀ = 1.
    // t1: f 11,     e 1,      ℓ 11.5,    b 1.2
    // t2: f 12.7,   e 0.3,    ℓ 12.85,   b 1.26
    // t3: f 14.11,  e 0.89,   ℓ 14.555,  b 1.438
    // t4: f 15.993, e −0.993, ℓ 15.4965, b 1.2394
    // SSE = 1 + 0.09 + 0.7921 + 0.986049 = 2.868149
    const fitted: number[] = [];
    const result = smooth([12, 13, 15, 15], 0.5, 0.2, 1, 10, 1, fitted);
    expect(result.sse).toBeCloseTo(2.868149, 12);
    expect(result.level).toBeCloseTo(15.4965, 12);
    expect(result.trend).toBeCloseTo(1.2394, 12);
    [11, 12.7, 14.11, 15.993].forEach((f, t) => {
      expect(fitted[t]).toBeCloseTo(f, 12);
    });
  });

  it('runs the damped trend: f = ℓ + φb, b ← φb + β·e', () => {
    // y = 12, 13, 15; α = 0.5, β = 0.2, φ = 0.9; ℓ₀ = 10, b₀ = 2.
    // t1: f = 10 + 1.8 = 11.8,                e 0.2,     ℓ 11.9,     b 1.8 + 0.04 = 1.84
    // t2: f = 11.9 + 1.656 = 13.556,          e −0.556,  ℓ 13.278,   b 1.656 − 0.1112 = 1.5448
    // t3: f = 13.278 + 1.39032 = 14.66832,    e 0.33168, ℓ 14.83416, b 1.39032 + 0.066336 = 1.456656
    // SSE = 0.04 + 0.309136 + 0.1100116224 = 0.4591476224
    const result = smooth([12, 13, 15], 0.5, 0.2, 0.9, 10, 2);
    expect(result.sse).toBeCloseTo(0.4591476224, 12);
    expect(result.level).toBeCloseTo(14.83416, 12);
    expect(result.trend).toBeCloseTo(1.456656, 12);
  });
});

describe('smoothingForecast', () => {
  it('adds (φ + φ² + … + φʰ)·b to the level', () => {
    // ℓ 100, b 10, φ 0.5: 100 + 5 = 105; 100 + 7.5 = 107.5; 100 + 8.75 = 108.75
    expect(smoothingForecast(fitOf({ level: 100, trend: 10, phi: 0.5 }), 3)).toEqual([105, 107.5, 108.75]);
  });

  it('continues the trend linearly with φ = 1 and stays flat with φ = 0', () => {
    expect(smoothingForecast(fitOf({ level: 100, trend: 10, phi: 1 }), 3)).toEqual([110, 120, 130]);
    expect(smoothingForecast(fitOf({ level: 100, trend: 0, phi: 0 }), 2)).toEqual([100, 100]);
  });
});

describe('smoothingIntervals', () => {
  /** The half-width of the interval at `level` at each step. */
  const halfWidths = (fit: SmoothingFit, horizon: number, level: 0.8 | 0.95) => {
    const mean = smoothingForecast(fit, horizon);
    const interval = smoothingIntervals(fit, mean).find((i) => i.level === level);
    return (interval?.upper ?? []).map((u, h) => u - (mean[h] as number));
  };

  it('gives SES the variance σ²·(1 + (h − 1)·α²)', () => {
    // σ² = 4, α = 0.5: Var = 4, 4·1.25 = 5, 4·1.5 = 6
    const fit = fitOf({ alpha: 0.5, sigma2: 4, level: 10 });
    const expected = [4, 5, 6].map(Math.sqrt);
    halfWidths(fit, 3, 0.8).forEach((w, h) => {
      expect(w).toBeCloseTo(Z80 * (expected[h] as number), 10);
    });
    halfWidths(fit, 3, 0.95).forEach((w, h) => {
      expect(w).toBeCloseTo(Z95 * (expected[h] as number), 10);
    });
  });

  it('gives Holt c_j = α + β·j', () => {
    // α = 0.5, β = 0.2, σ² = 1: c₁ = 0.7, c₂ = 0.9. Var = 1, 1 + 0.49 = 1.49, 1.49 + 0.81 = 2.30
    const fit = fitOf({ alpha: 0.5, beta: 0.2, phi: 1, trend: 3 });
    const expected = [1, 1.49, 2.3].map(Math.sqrt);
    halfWidths(fit, 3, 0.8).forEach((w, h) => {
      expect(w).toBeCloseTo(Z80 * (expected[h] as number), 10);
    });
  });

  it('gives the damped trend c_j = α + β·(φ + … + φʲ)', () => {
    // α = 0.5, β = 0.2, φ = 0.5: c₁ = 0.5 + 0.2·0.5 = 0.6, c₂ = 0.5 + 0.2·0.75 = 0.65.
    // Var = 1, 1 + 0.36 = 1.36, 1.36 + 0.4225 = 1.7825
    const fit = fitOf({ alpha: 0.5, beta: 0.2, phi: 0.5, trend: 3 });
    const expected = [1, 1.36, 1.7825].map(Math.sqrt);
    halfWidths(fit, 3, 0.95).forEach((w, h) => {
      expect(w).toBeCloseTo(Z95 * (expected[h] as number), 10);
    });
  });

  it('is symmetric around the mean and carries both levels', () => {
    const fit = fitOf({ sigma2: 2 });
    const mean = [7, 8];
    const intervals = smoothingIntervals(fit, mean);
    expect(intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
    for (const interval of intervals) {
      mean.forEach((m, h) => {
        expect((interval.upper[h] as number) - m).toBeCloseTo(m - (interval.lower[h] as number), 12);
      });
    }
  });
});

describe('fitSmoothing', () => {
  it('continues a noiseless linear trend with Holt', () => {
    // y = 5 + 2t for t = 1 … 20: the next values are 47, 49, 51, …
    const y = Array.from({ length: 20 }, (_, t) => 5 + 2 * (t + 1));
    const fit = fitSmoothing(y, 'additive');
    expect(fit.phi).toBe(1);
    expect(fit.level).toBeCloseTo(45, 6);
    expect(fit.trend).toBeCloseTo(2, 6);
    smoothingForecast(fit, 5).forEach((f, h) => {
      expect(f).toBeCloseTo(5 + 2 * (21 + h), 6);
    });
    expect(fit.sigma2).toBeLessThan(1e-10);
  });

  it('forecasts a constant series as the constant with SES', () => {
    const fit = fitSmoothing(new Array<number>(12).fill(7), 'none');
    expect(fit.beta).toBe(0);
    expect(fit.trend).toBe(0);
    expect(smoothingForecast(fit, 3)).toEqual([7, 7, 7]);
    expect(fit.sigma2).toBe(0);
  });

  it('keeps φ inside [0.8, 0.98] for the damped trend', () => {
    const fit = fitSmoothing(wandering, 'damped');
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
    expect(fit.beta).toBeLessThanOrEqual(fit.alpha);
  });

  it('divides the SSE of its one-step forecasts by n minus the estimated parameters', () => {
    // SES estimates α and ℓ₀ (2), Holt α, β, ℓ₀, b₀ (4), damped also φ (5)
    const kinds: [TrendKind, number][] = [
      ['none', 2],
      ['additive', 4],
      ['damped', 5],
    ];
    for (const [kind, parameters] of kinds) {
      const fit = fitSmoothing(wandering, kind);
      const sse = wandering.reduce((s, v, t) => s + (v - (fit.fitted[t] as number)) ** 2, 0);
      expect(fit.sigma2).toBeCloseTo(sse / (wandering.length - parameters), 10);
    }
  });

  it('fits SES at least as well as any α and ℓ₀ on a grid', () => {
    // The least-squares fit must not lose to a brute-force search (α 0.01 … 0.99, ℓ₀ 8.5 … 21).
    const fit = fitSmoothing(wandering, 'none');
    const sse = fit.sigma2 * (wandering.length - 2);
    let grid = Number.POSITIVE_INFINITY;
    for (let a = 1; a < 100; a++) {
      for (let l = 170; l < 420; l++) grid = Math.min(grid, smooth(wandering, a / 100, 0, 0, l / 20, 0).sse);
    }
    expect(sse).toBeLessThanOrEqual(grid + 1e-9);
    // ℓ₀ is the first one-step forecast: re-running the recursion from it gives the same SSE
    expect(smooth(wandering, fit.alpha, 0, 0, fit.fitted[0] as number, 0).sse).toBeCloseTo(sse, 10);
  });
});

describe('leastSquaresLine', () => {
  it('fits the line through (1, y₁) … (n, yₙ)', () => {
    // y = 2, 4, 5, 9: t̄ = 2.5, ȳ = 5; Sxy = (−1.5)(−3) + (−0.5)(−1) + (0.5)(0) + (1.5)(4) = 11;
    // Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5; slope 2.2, intercept 5 − 2.2·2.5 = −0.5
    const { intercept, slope } = leastSquaresLine([2, 4, 5, 9]);
    expect(slope).toBeCloseTo(2.2, 12);
    expect(intercept).toBeCloseTo(-0.5, 12);
  });

  it('gives a single value a flat line', () => {
    expect(leastSquaresLine([4])).toEqual({ intercept: 4, slope: 0 });
  });
});
