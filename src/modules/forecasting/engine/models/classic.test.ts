import { describe, expect, it } from 'vitest';
import type { Interval, ModelForecast } from '../types.js';
import { damped, holt, naive, naive2, seasonalNaive, ses } from './classic.js';
import {
  fitSmoothing,
  smoothingForecast,
  smoothingIntervals,
  type TrendKind,
} from './exponential-smoothing.js';

const Z80 = 1.2815515655446;
const Z95 = 1.959963984540054;

const intervalAt = (forecast: ModelForecast, level: number): Interval => {
  const interval = forecast.intervals?.find((i) => i.level === level);
  if (!interval) throw new Error(`no ${level} interval`);
  return interval;
};

/**
 * A season of 2 whose indices are known exactly: y(t) = (50 + 2t)·s(t), s = 1.2, 0.8 for t = 0 … 19.
 * For an even season the centred moving average of a linear level times a period-2 pattern is
 * the level itself (the ±1 neighbours share an index and average to the level), so classical
 * decomposition finds s exactly and the adjusted series is the line 50, 52, …, 88.
 */
const INDICES = [1.2, 0.8];
const line = Array.from({ length: 20 }, (_, t) => 50 + 2 * t);
const seasonal = line.map((v, t) => v * (INDICES[t % 2] as number));
/** The future indices: 20 values, so the next step is position 20 mod 2 = 0. */
const futureIndex = (j: number) => INDICES[j % 2] as number;

/** A series with noise, a trend and a season of 4, for properties that hold on any series. */
const noisy = Array.from({ length: 32 }, (_, t) => {
  const wiggle = ((t * 7919) % 13) / 13 - 0.5;
  return (40 + t) * ([1.3, 0.9, 0.7, 1.1][t % 4] as number) + 3 * wiggle;
});

describe('naive', () => {
  it('repeats the last value, ± z·σ·√h with σ² the mean squared first difference', () => {
    // y = 10, 12, 11, 15: differences 2, −1, 4; σ² = (4 + 1 + 16) / 3 = 7
    const forecast = naive.forecast([10, 12, 11, 15], 3, 1);
    expect(forecast.mean).toEqual([15, 15, 15]);
    const i80 = intervalAt(forecast, 0.8);
    const i95 = intervalAt(forecast, 0.95);
    for (let h = 1; h <= 3; h++) {
      expect(i80.upper[h - 1]).toBeCloseTo(15 + Z80 * Math.sqrt(7) * Math.sqrt(h), 10);
      expect(i80.lower[h - 1]).toBeCloseTo(15 - Z80 * Math.sqrt(7) * Math.sqrt(h), 10);
      expect(i95.upper[h - 1]).toBeCloseTo(15 + Z95 * Math.sqrt(7) * Math.sqrt(h), 10);
    }
  });

  it('needs two values', () => {
    expect(naive.minLength(1)).toBe(2);
  });
});

describe('seasonalNaive', () => {
  // m = 4: the last season is 12, 22, 33, 44; lag-4 differences 2, 2, 3, 4, σ² = 33/4
  const y = [10, 20, 30, 40, 12, 22, 33, 44];

  it('repeats the last season', () => {
    expect(seasonalNaive.forecast(y, 9, 4).mean).toEqual([12, 22, 33, 44, 12, 22, 33, 44, 12]);
  });

  it('widens by √(⌊(h − 1)/m⌋ + 1): once per season ahead', () => {
    const forecast = seasonalNaive.forecast(y, 9, 4);
    const sigma = Math.sqrt(33 / 4);
    const growth = [1, 1, 1, 1, Math.SQRT2, Math.SQRT2, Math.SQRT2, Math.SQRT2, Math.sqrt(3)];
    const i80 = intervalAt(forecast, 0.8);
    const i95 = intervalAt(forecast, 0.95);
    growth.forEach((g, i) => {
      const m = forecast.mean[i] as number;
      expect((i80.upper[i] as number) - m).toBeCloseTo(Z80 * sigma * g, 10);
      expect(m - (i95.lower[i] as number)).toBeCloseTo(Z95 * sigma * g, 10);
    });
  });

  it('is naive with a season of 1', () => {
    expect(seasonalNaive.forecast([3, 5, 4], 2, 1)).toEqual(naive.forecast([3, 5, 4], 2, 1));
  });

  it('needs one season and one value more', () => {
    expect(seasonalNaive.minLength(12)).toBe(13);
    expect(seasonalNaive.minLength(1)).toBe(2);
  });
});

describe('naive2', () => {
  it('repeats the last adjusted value times the future indices', () => {
    // Last value 88·0.8 = 70.4, adjusted 88: 88·1.2 = 105.6, 88·0.8 = 70.4, …
    // (seasonal naive would give 103.2, 70.4; naive 70.4 throughout)
    const forecast = naive2.forecast(seasonal, 4, 2);
    [105.6, 70.4, 105.6, 70.4].forEach((f, j) => {
      expect(forecast.mean[j]).toBeCloseTo(f, 9);
    });
  });

  it('scales the random walk bounds of the adjusted series by the indices', () => {
    // The adjusted series rises by 2 each step: σ = 2, so bound = (88 ± z·2·√h)·s
    const forecast = naive2.forecast(seasonal, 4, 2);
    const i80 = intervalAt(forecast, 0.8);
    const i95 = intervalAt(forecast, 0.95);
    for (let j = 0; j < 4; j++) {
      const s = futureIndex(j);
      const h = j + 1;
      expect(i80.upper[j]).toBeCloseTo((88 + Z80 * 2 * Math.sqrt(h)) * s, 8);
      expect(i95.lower[j]).toBeCloseTo((88 - Z95 * 2 * Math.sqrt(h)) * s, 8);
    }
  });

  it('is naive on a series that is not seasonal', () => {
    const trend = Array.from({ length: 12 }, (_, t) => t + 1);
    expect(naive2.forecast(trend, 3, 4)).toEqual(naive.forecast(trend, 3, 1));
  });
});

describe('ses, holt and damped on a seasonal series', () => {
  it('continue the adjusted line with Holt and put the season back', () => {
    // The adjusted series is 50 + 2t: Holt continues it to 90, 92, 94, 96, times 1.2, 0.8, …
    const forecast = holt.forecast(seasonal, 4, 2);
    [90 * 1.2, 92 * 0.8, 94 * 1.2, 96 * 0.8].forEach((f, j) => {
      expect(forecast.mean[j]).toBeCloseTo(f, 6);
    });
  });

  it('give SES a flat adjusted forecast, so consecutive steps differ by 1.2/0.8', () => {
    const mean = ses.forecast(seasonal, 4, 2).mean;
    expect((mean[0] as number) / (mean[1] as number)).toBeCloseTo(1.5, 10);
    expect(mean[2]).toBeCloseTo(mean[0] as number, 10);
    // SES on the line lags it by 2·(1 − α)/α with α at its bound 0.9999: the level is ≈ 88
    expect((mean[0] as number) / 1.2).toBeCloseTo(88, 3);
  });

  it('equal the non-seasonal model on the known adjusted series times the indices', () => {
    const cases: [typeof ses, TrendKind][] = [
      [ses, 'none'],
      [holt, 'additive'],
      [damped, 'damped'],
    ];
    for (const [model, kind] of cases) {
      const forecast = model.forecast(seasonal, 4, 2);
      const fit = fitSmoothing(line, kind);
      const mean = smoothingForecast(fit, 4);
      const expected = smoothingIntervals(fit, mean);
      mean.forEach((m, j) => {
        expect(forecast.mean[j]).toBeCloseTo(m * futureIndex(j), 6);
      });
      for (const level of [0.8, 0.95]) {
        const got = intervalAt(forecast, level);
        const want = intervalAt({ mean, intervals: expected }, level);
        want.upper.forEach((u, j) => {
          expect(got.upper[j]).toBeCloseTo(u * futureIndex(j), 6);
          expect(got.lower[j]).toBeCloseTo((want.lower[j] as number) * futureIndex(j), 6);
        });
      }
    }
  });

  it('need 3 values without a trend and 5 with one', () => {
    expect([ses.minLength(1), holt.minLength(1), damped.minLength(1)]).toEqual([3, 5, 5]);
  });
});

describe('intervals', () => {
  it('nest: the 80 % interval lies inside the 95 % one, around the mean', () => {
    for (const model of [naive, seasonalNaive, naive2, ses, holt, damped]) {
      const forecast = model.forecast(noisy, 8, 4);
      const i80 = intervalAt(forecast, 0.8);
      const i95 = intervalAt(forecast, 0.95);
      forecast.mean.forEach((m, j) => {
        expect(i95.lower[j]).toBeLessThan(i80.lower[j] as number);
        expect(i80.lower[j]).toBeLessThan(m);
        expect(m).toBeLessThan(i80.upper[j] as number);
        expect(i80.upper[j]).toBeLessThan(i95.upper[j] as number);
      });
    }
  });
});
