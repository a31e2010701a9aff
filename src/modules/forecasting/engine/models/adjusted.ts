import { seasonalAdjustment } from '../seasonality.js';
import type { Interval, ModelForecast } from '../types.js';

/**
 * Runs a non-seasonal forecaster on the seasonally adjusted series and puts the season back
 * (points and interval bounds alike), as the M4 benchmarks do for Naive2, SES, Holt, Damped
 * and Theta. A series that is not seasonal passes through unchanged.
 */
export function forecastAdjusted(
  y: readonly number[],
  horizon: number,
  season: number,
  nonSeasonal: (adjusted: readonly number[], horizon: number) => ModelForecast,
): ModelForecast {
  const adjustment = seasonalAdjustment(y, season);
  const result = nonSeasonal(adjustment.adjusted, horizon);
  if (adjustment.adjusted === y) return result;
  const indices = adjustment.futureIndices(horizon);
  const scale = (values: readonly number[]) => values.map((v, i) => v * (indices[i] as number));
  const intervals: Interval[] | undefined = result.intervals?.map((interval) => ({
    level: interval.level,
    lower: scale(interval.lower),
    upper: scale(interval.upper),
  }));
  return intervals ? { mean: scale(result.mean), intervals } : { mean: scale(result.mean) };
}
