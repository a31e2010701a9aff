import type { Interval } from './types.js';

/**
 * Split-conformal intervals from backtest errors, for models with no analytic interval.
 * Errors of all origins and steps are pooled after dividing each by √step (the spread of a
 * forecast error grows roughly with the square root of the lead time), so a few origins still
 * give enough errors; the interval at step j is ŷ ± q·√j, with q the finite-sample conformal
 * quantile ⌈(N + 1)·level⌉ / N of the pooled scaled errors.
 */

/** Backtest errors: one row per origin, one error (actual − forecast) per step ahead. */
export type BacktestErrors = readonly (readonly number[])[];

/** The conformal quantile of the scaled absolute errors at `level`; null with no errors. */
export function conformalQuantile(errors: BacktestErrors, level: number): number | null {
  const scaled: number[] = [];
  for (const row of errors) {
    row.forEach((e, j) => {
      scaled.push(Math.abs(e) / Math.sqrt(j + 1));
    });
  }
  if (scaled.length === 0) return null;
  scaled.sort((a, b) => a - b);
  const rank = Math.min(scaled.length, Math.ceil((scaled.length + 1) * level));
  return scaled[rank - 1] as number;
}

/** Intervals around `mean` at each level from the errors; none when there are no errors. */
export function conformalIntervals(
  mean: readonly number[],
  errors: BacktestErrors,
  levels: readonly number[],
): Interval[] | null {
  const intervals: Interval[] = [];
  for (const level of levels) {
    const q = conformalQuantile(errors, level);
    if (q === null) return null;
    intervals.push({
      level,
      lower: mean.map((m, j) => m - q * Math.sqrt(j + 1)),
      upper: mean.map((m, j) => m + q * Math.sqrt(j + 1)),
    });
  }
  return intervals;
}
