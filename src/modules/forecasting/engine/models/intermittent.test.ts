import { describe, expect, it } from 'vitest';
import { croston, crostonForecast, sba, tsb, tsbForecast } from './intermittent.js';

/** A demand every other period (0, s₁, 0, s₂, …): the intervals stay 2, only the sizes vary. */
const everyOther = (sizes: readonly number[]): number[] => sizes.flatMap((s) => [0, s]);
/** Sizes that stay near 5 (5, 4, 6, 4, 6, …): noise a smooth α should ignore. */
const steadySizes = [5, ...Array.from({ length: 30 }, (_, i) => (i % 2 ? 6 : 4))];
/** Sizes that jump from 2 to 10 halfway: a level shift a quick α should follow. */
const shiftedSizes = Array.from({ length: 20 }, (_, i) => (i < 10 ? 2 : 10));
const GRID = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

describe('crostonForecast', () => {
  // y = [0, 3, 0, 0, 5, 0, 2], α = 0.1.
  // Demands 3 (period 2), 5 (period 5), 2 (period 7); intervals 2 (the first demand's position), 3, 2.
  // size:     3 → 3 + 0.1·(5 − 3) = 3.2 → 3.2 + 0.1·(2 − 3.2) = 3.08
  // interval: 2 → 2 + 0.1·(3 − 2) = 2.1 → 2.1 + 0.1·(2 − 2.1) = 2.09
  const y = [0, 3, 0, 0, 5, 0, 2];

  it('divides the smoothed size by the smoothed interval', () => {
    // 3.08 / 2.09 = 1.47368…
    expect(crostonForecast(y, 0.1).level).toBeCloseTo(3.08 / 2.09, 12);
  });

  it('scales Croston by 1 − α/2 for SBA', () => {
    // 0.95 · 3.08 / 2.09 = 2.926 / 2.09 = 1.4
    expect(crostonForecast(y, 0.1, 'sba').level).toBeCloseTo(1.4, 12);
  });

  it('scores the one-step forecasts made after the first demand', () => {
    // Periods 3–7 are forecast 3/2 = 1.5 until the demand in period 5, then 3.2/2.1 = 32/21:
    // errors −1.5, −1.5, 3.5, −32/21, 2 − 32/21 = 10/21
    // MSE = (2.25 + 2.25 + 12.25 + 1024/441 + 100/441) / 5 = 3.85975…
    expect(crostonForecast(y, 0.1).mse).toBeCloseTo((16.75 + 1124 / 441) / 5, 12);
  });

  it('forecasts 0 for a series without demand, and treats returns as no demand', () => {
    expect(crostonForecast([0, 0, 0], 0.1)).toEqual({ level: 0, mse: 0 });
    expect(crostonForecast([0, -4, 0], 0.1, 'sba')).toEqual({ level: 0, mse: 0 });
    // The −4 only lengthens the interval: 3 at position 1, then 6 three periods later.
    // size 3 → 3.3, interval 1 → 1.2: 3.3 / 1.2 = 2.75
    expect(crostonForecast([3, -4, 0, 6], 0.1).level).toBeCloseTo(2.75, 12);
  });

  it('spreads a single demand over the periods up to it', () => {
    // One demand of 8 in period 4: size 8, interval 4, so 2 per period whatever α is.
    expect(crostonForecast([0, 0, 0, 8, 0], 0.3).level).toBe(2);
    expect(crostonForecast([7], 0.1).level).toBe(7);
  });
});

describe('tsbForecast', () => {
  // y = [0, 4, 0, 2], α = β = 0.5; size starts at 4, probability at 2 demands / 4 periods = 0.5.
  // period 1 (0): p = 0.5 − 0.5·0.5 = 0.25
  // period 2 (4): p = 0.25 + 0.5·(1 − 0.25) = 0.625,  size = 4 + 0.5·(4 − 4) = 4
  // period 3 (0): p = 0.3125
  // period 4 (2): p = 0.3125 + 0.5·(1 − 0.3125) = 0.65625,  size = 4 + 0.5·(2 − 4) = 3
  it('multiplies the smoothed probability by the smoothed size', () => {
    const fit = tsbForecast([0, 4, 0, 2], 0.5, 0.5);
    // 0.65625 · 3 = 1.96875
    expect(fit.level).toBeCloseTo(1.96875, 12);
    // Periods 3 and 4 are forecast 0.625·4 = 2.5 and 0.3125·4 = 1.25: errors −2.5 and 0.75.
    // MSE = (6.25 + 0.5625) / 2 = 3.40625
    expect(fit.mse).toBeCloseTo(3.40625, 12);
  });

  it('lets the forecast decay while no demand occurs, where Croston holds its level', () => {
    // Two more zeros: the probability starts at 2/6 = 1/3 instead.
    // p: 1/3 → 1/6 → 1/6 + 5/12 = 7/12 → 7/24 → 7/24 + 17/48 = 31/48 → 31/96 → 31/192
    // level = 3 · 31/192 = 0.484375
    expect(tsbForecast([0, 4, 0, 2, 0, 0], 0.5, 0.5).level).toBeCloseTo(0.484375, 12);
    expect(crostonForecast([0, 4, 0, 2, 0, 0], 0.5).level).toBe(crostonForecast([0, 4, 0, 2], 0.5).level);
  });

  it('forecasts 0 without demand and handles a single demand', () => {
    expect(tsbForecast([0, 0, 0, 0], 0.1, 0.1)).toEqual({ level: 0, mse: 0 });
    expect(tsbForecast([0, -2], 0.1, 0.1).level).toBe(0);
    // [0, 6]: size 6, p = 1/2 → 0.45 → 0.45 + 0.1·0.55 = 0.505; 6 · 0.505 = 3.03
    expect(tsbForecast([0, 6], 0.1, 0.1).level).toBeCloseTo(3.03, 12);
    // [5]: p = 1 stays 1, so 5.
    expect(tsbForecast([5], 0.2, 0.2).level).toBe(5);
  });
});

describe.each([croston, sba, tsb])('$name model', (model) => {
  it('needs two observations and repeats one level for every step ahead', () => {
    expect(model.minLength(1)).toBe(2);
    const { mean, intervals } = model.forecast(everyOther(steadySizes), 5, 1);
    expect(mean).toHaveLength(5);
    expect(new Set(mean).size).toBe(1);
    expect(mean[0]).toBeGreaterThan(0);
    expect(intervals).toBeUndefined();
  });

  it('forecasts 0 for an all-zero series and works on one observation', () => {
    expect(model.forecast([0, 0, 0, 0], 3, 1).mean).toEqual([0, 0, 0]);
    expect(model.forecast([0], 2, 1).mean).toEqual([0, 0]);
    expect(model.forecast([4], 2, 1).mean.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(model.forecast([1, 2], 0, 1).mean).toEqual([]);
  });
});

describe('grid-chosen smoothing', () => {
  it('picks the smoothest α for steady sizes and the quickest after a level shift', () => {
    const steady = everyOther(steadySizes);
    const shifted = everyOther(shiftedSizes);
    expect(croston.forecast(steady, 1, 1).mean[0]).toBe(crostonForecast(steady, 0.05).level);
    expect(sba.forecast(steady, 1, 1).mean[0]).toBe(crostonForecast(steady, 0.05, 'sba').level);
    expect(croston.forecast(shifted, 1, 1).mean[0]).toBe(crostonForecast(shifted, 0.3).level);
    expect(sba.forecast(shifted, 1, 1).mean[0]).toBe(crostonForecast(shifted, 0.3, 'sba').level);
  });

  it('picks TSB parameters with the least in-sample MSE over α, β in 0.05..0.30', () => {
    // Demand every sixth period, then every period: the probability must move quickly (β = 0.3);
    // sizes mix steady noise and a shift so α matters too.
    const y = [
      ...Array.from({ length: 36 }, (_, i) => (i % 6 === 5 ? 4 + (i % 4) : 0)),
      ...Array.from({ length: 12 }, (_, i) => 9 + (i % 3)),
    ];
    const fits = GRID.flatMap((a) => GRID.map((b) => ({ a, b, ...tsbForecast(y, a, b) })));
    const best = fits.reduce((m, f) => (f.mse < m.mse ? f : m));
    expect(best.b).toBe(0.3);
    expect(tsb.forecast(y, 1, 1).mean[0]).toBe(best.level);
  });

  it('uses α = 0.1 when the only demand is in the last period, so nothing can be scored', () => {
    // SBA's level depends on α even then: 0.95 · 6 / 3 = 1.9
    expect(sba.forecast([0, 0, 6], 1, 1).mean[0]).toBeCloseTo(1.9, 12);
  });
});
