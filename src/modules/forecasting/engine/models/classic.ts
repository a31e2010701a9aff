import type { ForecastModel, Interval, ModelForecast } from '../types.js';
import { forecastAdjusted } from './adjusted.js';
import {
  fitSmoothing,
  INTERVAL_LEVELS,
  smoothingForecast,
  smoothingIntervals,
  type TrendKind,
  zOf,
} from './exponential-smoothing.js';

/**
 * The M4 competition's statistical benchmarks: naive, seasonal naive, Naive2 (naive on the
 * seasonally adjusted series), SES, Holt and damped trend (each on the adjusted series).
 */

/** The last value, repeated; intervals of a random walk, σ·√h. */
export const naive: ForecastModel = {
  name: 'naive',
  minLength: () => 2,
  forecast: (y, horizon) => randomWalk(y, horizon),
};

/** The value one season ago, repeated season by season; σ·√(⌊(h−1)/m⌋ + 1). */
export const seasonalNaive: ForecastModel = {
  name: 'seasonal_naive',
  minLength: (season) => Math.max(2, season + 1),
  forecast: (y, horizon, season) => {
    const m = Math.max(1, season);
    const n = y.length;
    const mean = Array.from({ length: horizon }, (_, h) => y[n - m + (h % m)] as number);
    const sigma = residualSd(y, m);
    return { mean, intervals: symmetric(mean, (h) => sigma * Math.sqrt(Math.floor((h - 1) / m) + 1)) };
  },
};

/** Naive on the seasonally adjusted series (M4's Naive2, the yardstick of OWA). */
export const naive2: ForecastModel = {
  name: 'naive2',
  minLength: () => 2,
  forecast: (y, horizon, season) => forecastAdjusted(y, horizon, season, randomWalk),
};

function smoothingModel(name: 'ses' | 'holt' | 'damped', kind: TrendKind): ForecastModel {
  return {
    name,
    minLength: () => (kind === 'none' ? 3 : 5),
    forecast: (y, horizon, season) =>
      forecastAdjusted(y, horizon, season, (adjusted, h) => {
        const fit = fitSmoothing(adjusted, kind);
        const mean = smoothingForecast(fit, h);
        return { mean, intervals: smoothingIntervals(fit, mean) };
      }),
  };
}

/** Simple exponential smoothing. */
export const ses = smoothingModel('ses', 'none');
/** Holt's linear trend. */
export const holt = smoothingModel('holt', 'additive');
/** Damped trend (φ in [0.8, 0.98]). */
export const damped = smoothingModel('damped', 'damped');

function randomWalk(y: readonly number[], horizon: number): ModelForecast {
  const last = y[y.length - 1] as number;
  const mean = new Array<number>(horizon).fill(last);
  const sigma = residualSd(y, 1);
  return { mean, intervals: symmetric(mean, (h) => sigma * Math.sqrt(h)) };
}

/** The standard deviation of the lag-m differences: the naive methods' one-step error. */
function residualSd(y: readonly number[], lag: number): number {
  let sum = 0;
  let count = 0;
  for (let t = lag; t < y.length; t++) {
    sum += ((y[t] as number) - (y[t - lag] as number)) ** 2;
    count++;
  }
  return count > 0 ? Math.sqrt(sum / count) : 0;
}

function symmetric(mean: readonly number[], sdAt: (h: number) => number): Interval[] {
  return INTERVAL_LEVELS.map((level) => ({
    level,
    lower: mean.map((m, i) => m - zOf(level) * sdAt(i + 1)),
    upper: mean.map((m, i) => m + zOf(level) * sdAt(i + 1)),
  }));
}
