import { bias, coverage, mase, meanWidth, rmsse, smape, wape } from './accuracy.js';
import { type BacktestErrors, conformalQuantile } from './conformal.js';
import type { Interval } from './types.js';

/**
 * How good a forecast has been: the chosen model's errors over its backtest windows, each
 * measure averaged over the windows. Coverage of conformal intervals is measured honestly,
 * leave-one-window-out (the interval for a window is built from the other windows' errors), so
 * it needs two windows; analytic intervals are the model's own at each window.
 */

/** The backtest errors of the chosen model (null where undefined). */
export interface ForecastAccuracy {
  readonly origins: number;
  readonly mase: number | null;
  readonly smape: number | null;
  readonly wape: number | null;
  readonly rmsse: number | null;
  readonly bias: number | null;
  readonly coverage80: number | null;
  readonly coverage95: number | null;
  readonly width80: number | null;
  readonly width95: number | null;
}

/** What the measures are computed from. */
export interface BacktestInput {
  readonly errors: BacktestErrors | null;
  readonly history: readonly number[];
  /** Where each window starts (the length of its training part). */
  readonly origins: readonly number[];
  readonly scaleSeason: number;
  /** The model's analytic intervals at each window; null for conformal ones. */
  readonly intervals: readonly (readonly Interval[])[] | null;
}

const NONE: ForecastAccuracy = {
  origins: 0,
  mase: null,
  smape: null,
  wape: null,
  rmsse: null,
  bias: null,
  coverage80: null,
  coverage95: null,
  width80: null,
  width95: null,
};

/** The accuracy measures of one model's backtest. */
export function backtestAccuracy(input: BacktestInput): ForecastAccuracy {
  const { errors, history, origins, scaleSeason } = input;
  if (errors === null || errors.length === 0) return NONE;
  const windows = errors.map((row, o) => {
    const origin = origins[o] as number;
    const actual = history.slice(origin, origin + row.length);
    return {
      train: history.slice(0, origin),
      actual,
      forecast: actual.map((a, j) => a - (row[j] as number)),
    };
  });
  const meanOf = (f: (w: (typeof windows)[number], o: number) => number | null): number | null => {
    let sum = 0;
    for (let o = 0; o < windows.length; o++) {
      const value = f(windows[o] as (typeof windows)[number], o);
      if (value === null || !Number.isFinite(value)) return null;
      sum += value;
    }
    return sum / windows.length;
  };
  const band = (o: number, level: number): { lower: number[]; upper: number[] } | null => {
    const w = windows[o] as (typeof windows)[number];
    if (input.intervals) {
      const interval = input.intervals[o]?.find((i) => i.level === level);
      return interval ? { lower: interval.lower, upper: interval.upper } : null;
    }
    const others = errors.filter((_, k) => k !== o);
    const q = others.length > 0 ? conformalQuantile(others, level) : null;
    if (q === null) return null;
    return {
      lower: w.forecast.map((f, j) => f - q * Math.sqrt(j + 1)),
      upper: w.forecast.map((f, j) => f + q * Math.sqrt(j + 1)),
    };
  };
  const coverageAt = (level: number) =>
    meanOf((w, o) => {
      const b = band(o, level);
      return b ? coverage(w.actual, b.lower, b.upper) : null;
    });
  const widthAt = (level: number) =>
    meanOf((_, o) => {
      const b = band(o, level);
      return b ? meanWidth(b.lower, b.upper) : null;
    });
  return {
    origins: windows.length,
    mase: meanOf((w) => mase(w.train, w.actual, w.forecast, scaleSeason)),
    smape: meanOf((w) => smape(w.actual, w.forecast)),
    wape: meanOf((w) => wape(w.actual, w.forecast)),
    rmsse: meanOf((w) => rmsse(w.train, w.actual, w.forecast, scaleSeason)),
    bias: meanOf((w) => bias(w.actual, w.forecast)),
    coverage80: coverageAt(0.8),
    coverage95: coverageAt(0.95),
    width80: widthAt(0.8),
    width95: widthAt(0.95),
  };
}
