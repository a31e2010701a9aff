import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { specForSeasons, specOf } from './frequency.js';
import { MODELS } from './models/index.js';
import { backtestOrigins, forecastSeries, type SeriesForecast } from './select.js';

const Z80 = 1.2815515655446;
const Z95 = 1.959963984540054;

/** Uniform noise in [−0.5, 0.5) from a linear congruential generator, the same for each seed. */
const noise = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
};

/** Every interval of the forecast has lower ≤ mean ≤ upper, and the 95 % one holds the 80 % one. */
const expectWellFormed = (forecast: SeriesForecast) => {
  expect(forecast.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
  const [i80, i95] = forecast.intervals;
  forecast.mean.forEach((m, j) => {
    expect(i95?.lower[j]).toBeLessThanOrEqual(i80?.lower[j] as number);
    expect(i80?.lower[j]).toBeLessThanOrEqual(m);
    expect(m).toBeLessThanOrEqual(i80?.upper[j] as number);
    expect(i80?.upper[j]).toBeLessThanOrEqual(i95?.upper[j] as number);
  });
};

describe('backtestOrigins', () => {
  it('steps back one horizon per window and keeps at least 3 training values', () => {
    // 20 − 4 = 16, 20 − 8 = 12, 20 − 12 = 8
    expect(backtestOrigins(20, 4, 3)).toEqual([8, 12, 16]);
    // 10 − 4 = 6, then 10 − 8 = 2 < 3 stops
    expect(backtestOrigins(10, 4, 3)).toEqual([6]);
    expect(backtestOrigins(6, 3, 3)).toEqual([3]);
    expect(backtestOrigins(5, 3, 3)).toEqual([]);
    expect(backtestOrigins(100, 5, 2)).toEqual([90, 95]);
  });
});

describe('forecastSeries', () => {
  it('scores each window by hand for the naive model', () => {
    // y = 10, 12, 11, 15, 14, 18, 17; horizon 2, two windows: origins 3 and 5.
    // Window 1: train 10, 12, 11 → forecast 11, 11; actual 15, 14; errors 4, 3.
    //   MAE 3.5, naive scale (2 + 1)/2 = 1.5 → MASE 7/3; σ² = (4 + 1)/2 = 2.5.
    // Window 2: train 10, 12, 11, 15, 14 → forecast 14, 14; actual 18, 17; errors 4, 3.
    //   MAE 3.5, scale (2 + 1 + 4 + 1)/4 = 2 → MASE 7/4; σ² = (4 + 1 + 16 + 1)/4 = 5.5.
    const forecast = forecastSeries([10, 12, 11, 15, 14, 18, 17], {
      horizon: 2,
      origins: 2,
      spec: specForSeasons([1]),
      models: ['naive'],
    });
    expect(forecast.label).toBe('naive');
    expect(forecast.mean).toEqual([17, 17]);
    const a = forecast.accuracy;
    expect(a.origins).toBe(2);
    // (7/3 + 7/4) / 2 = 49/24
    expect(a.mase).toBeCloseTo(49 / 24, 12);
    expect(forecast.candidates).toEqual([{ label: 'naive', mase: a.mase, rmsse: a.rmsse, smape: a.smape }]);
    // Forecasts run low by 3.5 on average in both windows
    expect(a.bias).toBeCloseTo(-3.5, 12);
    // WAPE: (7/29 + 7/35) / 2
    expect(a.wape).toBeCloseTo((7 / 29 + 0.2) / 2, 12);
    // sMAPE: w1 200·(4/26 + 3/25)/2, w2 200·(4/32 + 3/31)/2
    expect(a.smape).toBeCloseTo((100 * (4 / 26 + 3 / 25) + 100 * (4 / 32 + 3 / 31)) / 2, 10);
    // The naive model's own intervals, ± z·σ·√h:
    // 80 %: w1 half-widths 2.026, 2.866 — errors 4, 3 both outside; w2 3.006, 4.251 — 3 inside → 0.25.
    // 95 %: w1 3.099, 4.383 — 3 inside; w2 4.597, 6.501 — both inside → (0.5 + 1)/2 = 0.75.
    expect(a.coverage80).toBeCloseTo(0.25, 12);
    expect(a.coverage95).toBeCloseTo(0.75, 12);
    const s1 = Math.sqrt(2.5);
    const s2 = Math.sqrt(5.5);
    // A window's mean width is (2zσ·√1 + 2zσ·√2) / 2 = zσ·(1 + √2); averaged over the two windows:
    const width = (z: number) => (z * (s1 + s2) * (1 + Math.SQRT2)) / 2;
    expect(a.width80).toBeCloseTo(width(Z80), 10);
    expect(a.width95).toBeCloseTo(width(Z95), 10);
    expect(forecast.intervalMethod).toBe('analytic');
  });

  it('chooses a seasonal model for a strongly seasonal weekly series', () => {
    // Four years of weeks: 200 + 80·sin(2πt/52) plus noise of ±2
    const rnd = noise(12345);
    const season = (t: number) => 200 + 80 * Math.sin((2 * Math.PI * t) / 52);
    const y = Array.from({ length: 208 }, (_, t) => season(t) + 4 * rnd());
    const forecast = forecastSeries(y, { horizon: 8, spec: specOf('week') });
    expect(['mstl', 'seasonal_naive(52)']).toContain(forecast.label);
    forecast.mean.forEach((f, j) => {
      expect(Math.abs(f - season(208 + j)) / season(208 + j)).toBeLessThan(0.03);
    });
    // A model that ignores the 52-week season does far worse
    const best = forecast.candidates[0]?.mase as number;
    const ses = forecast.candidates.find((c) => c.label === 'ses')?.mase as number;
    expect(ses).toBeGreaterThan(5 * best);
    expectWellFormed(forecast);
  });

  it('gives an intermittent series only the intermittent-demand candidates', () => {
    // Demand of 5, 6, 4 every third period: ADI 3, CV² = (2/3)/25 → intermittent
    const y = Array.from({ length: 30 }, (_, t) =>
      t % 3 === 2 ? ([5, 6, 4][((t - 2) / 3) % 3] as number) : 0,
    );
    const forecast = forecastSeries(y, { horizon: 3, spec: specOf('week') });
    expect(forecast.seriesClass).toBe('intermittent');
    expect(forecast.adi).toBe(3);
    const labels = forecast.candidates.map((c) => c.label).sort();
    expect(labels).toEqual(['croston', 'naive', 'sba', 'ses', 'tsb']);
    expect(forecast.skipped).toEqual([]);
    expectWellFormed(forecast);
  });

  it('forecasts one value by the naive rule, saying it could not backtest', () => {
    const forecast = forecastSeries([42], { horizon: 3, spec: specOf('week') });
    expect(forecast.model).toBe('naive');
    expect(forecast.mean).toEqual([42, 42, 42]);
    expect(forecast.notes).toContain('too short to backtest: naive chosen by rule');
    expect(forecast.candidates).toEqual([]);
    expect(forecast.accuracy.origins).toBe(0);
    expect(forecast.accuracy.mase).toBeNull();
    expect(forecast.skipped).toContainEqual({ label: 'naive', reason: 'needs 2 observations, has 1' });
  });

  it('skips MSTL when the history before the first window is too short, and says why', () => {
    // 60 weeks, horizon 4: the first window starts at 60 − 12 = 48 < 2·52 + 1 = 105
    const rnd = noise(7);
    const y = Array.from({ length: 60 }, () => 50 + 5 * rnd());
    const forecast = forecastSeries(y, { horizon: 4, spec: specOf('week') });
    expect(forecast.skipped).toContainEqual({
      label: 'mstl',
      reason: 'needs 105 observations, has 48 before the first backtest window',
    });
    expect(forecast.candidates.map((c) => c.label)).not.toContain('mstl');
    // Without a season above 1 MSTL has nothing to peel off
    const plain = forecastSeries(y, { horizon: 4, spec: specForSeasons([1]) });
    expect(plain.skipped).toContainEqual({ label: 'mstl', reason: 'the series has no season it can use' });
  });

  it('forecasts an all-zero series as 0 with zero-width, non-negative intervals', () => {
    const forecast = forecastSeries(new Array<number>(20).fill(0), { horizon: 3, spec: specOf('week') });
    expect(forecast.mean).toEqual([0, 0, 0]);
    for (const interval of forecast.intervals) {
      expect(interval.lower).toEqual([0, 0, 0]);
      expect(interval.upper).toEqual([0, 0, 0]);
    }
    expect(forecast.accuracy.wape).toBeNull();
  });

  it('never forecasts a non-negative series below 0', () => {
    // Falls by 3 a period from 60: a trend model left to itself would go negative
    const rnd = noise(99);
    const y = Array.from({ length: 24 }, (_, t) => Math.max(0, 60 - 3 * t + 3 * rnd()));
    expect(MODELS.holt.forecast(y, 8, 1).mean.some((v) => v < 0)).toBe(true);
    const forecast = forecastSeries(y, { horizon: 8, spec: specOf('week') });
    for (const v of forecast.mean) expect(v).toBeGreaterThanOrEqual(0);
    for (const interval of forecast.intervals) {
      for (const v of [...interval.lower, ...interval.upper]) expect(v).toBeGreaterThanOrEqual(0);
    }
    expectWellFormed(forecast);
  });

  it('lets a series that has gone negative be forecast negative', () => {
    // 40, 37, …, −8 (t = 0 … 16): 14 of 17 values positive, ADI 17/14 = 1.21, so it is smooth
    // demand; with a negative value in the history nothing is clipped and Holt continues the line.
    const y = Array.from({ length: 17 }, (_, t) => 40 - 3 * t);
    const forecast = forecastSeries(y, { horizon: 3, spec: specForSeasons([1]), models: ['holt'] });
    expect(forecast.seriesClass).toBe('smooth');
    expect(forecast.model).toBe('holt');
    [-11, -14, -17].forEach((f, j) => {
      expect(forecast.mean[j]).toBeCloseTo(f, 4);
    });
    expect(forecast.intervals[0]?.lower[0]).toBeLessThan(0);
  });

  it('refuses a value that is not a finite number', () => {
    for (const values of [[1, Number.NaN, 3], [1, Number.POSITIVE_INFINITY], []]) {
      let error: unknown;
      try {
        forecastSeries(values, { horizon: 2, spec: specOf('week') });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FORECAST_INPUT_INVALID');
    }
    expect(() => forecastSeries([1, 2, 3], { horizon: 0, spec: specOf('week') })).toThrow(RangeError);
  });

  it('reports as many origins as windows were used', () => {
    const rnd = noise(3);
    const y = Array.from({ length: 30 }, (_, t) => 20 + t + 4 * rnd());
    const spec = specForSeasons([1]);
    const models = ['naive', 'ses'] as const;
    expect(forecastSeries(y, { horizon: 4, spec, models }).accuracy.origins).toBe(3);
    expect(forecastSeries(y, { horizon: 4, spec, models, origins: 2 }).accuracy.origins).toBe(2);
    // 10 values, horizon 4: only the window at 6 has 3 training values
    expect(forecastSeries(y.slice(0, 10), { horizon: 4, spec, models }).accuracy.origins).toBe(1);
  });

  it('measures conformal coverage only with a second window to calibrate on', () => {
    // Theta has no analytic intervals: they come from the backtest errors
    const rnd = noise(5);
    const y = Array.from({ length: 30 }, (_, t) => 100 + 0.5 * t + 6 * rnd());
    const one = forecastSeries(y.slice(0, 10), { horizon: 4, spec: specOf('week'), models: ['theta'] });
    expect(one.intervalMethod).toBe('conformal');
    expect(one.accuracy.origins).toBe(1);
    expect(one.accuracy.mase).not.toBeNull();
    expect(one.accuracy.coverage80).toBeNull();
    expect(one.accuracy.width95).toBeNull();
    expectWellFormed(one);
    const three = forecastSeries(y, { horizon: 4, spec: specOf('week'), models: ['theta'] });
    expect(three.accuracy.origins).toBe(3);
    expect(three.accuracy.coverage80).toEqual(expect.any(Number));
  });

  it('restricts the candidates to the models named', () => {
    const rnd = noise(11);
    const y = Array.from({ length: 40 }, () => 50 + 5 * rnd());
    const forecast = forecastSeries(y, { horizon: 4, spec: specOf('week'), models: ['naive', 'ses'] });
    expect(forecast.candidates.map((c) => c.label).sort()).toEqual(['naive', 'ses']);
    expect(forecast.skipped).toEqual([]);
    expect(['naive', 'ses']).toContain(forecast.model);
  });

  it('averages ETS, damped and Theta when the combination wins', () => {
    // A noisy trend on which ETS scores a MASE of 0.745 and the combination 0.774: worse, but by
    // less than the 15 % margin, so the combination is chosen
    const rnd = noise(505);
    const y = Array.from({ length: 40 }, (_, t) => 50 + 0.8 * t + 6 * rnd());
    const forecast = forecastSeries(y, {
      horizon: 6,
      spec: specForSeasons([1]),
      models: ['ets', 'damped', 'theta', 'combination'],
    });
    expect(forecast.candidates[0]?.label).toBe('ets');
    expect(forecast.model).toBe('combination');
    expect(forecast.combination).toBe('mean');
    expect(forecast.components.map((c) => c.model)).toEqual(['ets', 'damped', 'theta']);
    const parts = (['ets', 'damped', 'theta'] as const).map((m) => MODELS[m].forecast(y, 6, 1).mean);
    forecast.mean.forEach((f, j) => {
      expect(f).toBeCloseTo(parts.reduce((s, p) => s + (p[j] as number), 0) / 3, 9);
    });
    expect(forecast.intervalMethod).toBe('conformal');
    expectWellFormed(forecast);
  });

  it('fits on the most recent maxHistory periods', () => {
    const rnd = noise(21);
    const y = Array.from({ length: 300 }, () => 50 + 5 * rnd());
    const forecast = forecastSeries(y, { horizon: 4, spec: specOf('week'), models: ['naive'] });
    expect(forecast.notes).toContain('fitted on the last 260 of 300 periods');
  });

  it('gives every forecast both intervals around the mean', () => {
    const rnd = noise(42);
    const series = [
      Array.from({ length: 48 }, (_, t) => (100 + t) * ([1.3, 0.9, 0.7, 1.1][t % 4] as number) + 2 * rnd()),
      Array.from({ length: 36 }, (_, t) => 30 + 10 * rnd() + (t > 18 ? 15 : 0)),
      Array.from({ length: 36 }, (_, t) => (t % 4 === 0 ? 8 + 6 * rnd() : 0)),
    ];
    for (const y of series) {
      const forecast = forecastSeries(y, { horizon: 6, spec: specForSeasons([4]) });
      expect(forecast.mean).toHaveLength(6);
      expectWellFormed(forecast);
    }
  });
});

describe('forecastSeries with returns and with named models', () => {
  it('forecasts a series with negative values (returns) as a continuous one, so a trend can win', () => {
    const y = Array.from({ length: 20 }, (_, t) => -5 - 2 * t);
    const result = forecastSeries(y, { horizon: 3, spec: specForSeasons([1]) });
    expect(result.candidates.map((c) => c.label)).toContain('holt');
    expect(result.candidates.map((c) => c.label)).not.toContain('croston');
    // The line −5 − 2t continues: −45, −47, −49 (Holt or the combination follow it within a unit).
    for (const [j, m] of result.mean.entries()) expect(Math.abs(m - (-45 - 2 * j))).toBeLessThan(1);
  });

  it('backtests exactly the named models, whatever the demand pattern', () => {
    const y = Array.from({ length: 30 }, (_, t) => (t % 3 === 2 ? 5 : 0));
    const result = forecastSeries(y, { horizon: 3, spec: specOf('week'), models: ['holt', 'ses'] });
    expect(result.candidates.map((c) => c.label).sort()).toEqual(['holt', 'ses']);
    expect(['holt', 'ses']).toContain(result.label);
    expect(result.accuracy.origins).toBe(3);
  });

  it('judges intermittent demand by RMSSE, so forecasting zero does not win by default', () => {
    // Demand of 6 every third period: the zero forecast has the lowest absolute error of the
    // flat forecasts (the median is 0) but not the lowest squared error (the mean is 2).
    const y = Array.from({ length: 36 }, (_, t) => (t % 3 === 0 ? 6 : 0));
    const result = forecastSeries(y, {
      horizon: 3,
      spec: specForSeasons([1]),
      models: ['croston', 'sba', 'tsb', 'ses'],
    });
    expect(result.seriesClass).toBe('intermittent');
    const best = result.candidates[0];
    expect(result.candidates.every((c) => (best?.rmsse ?? 0) <= c.rmsse)).toBe(true);
    expect(result.mean[0]).toBeGreaterThan(0.5);
  });
});
