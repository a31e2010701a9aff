/**
 * Forecast error measures, in the M4 competition's definitions where it has one (sMAPE, MASE,
 * OWA) and M5's for RMSSE. Each takes the actual values of the test window and the forecasts;
 * the scaled ones also take the in-sample history and the season length that scales them.
 */

/** Symmetric MAPE in percent (M4): 200·|a − f| / (|a| + |f|), a step where both are 0 counts 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = at(actual, i);
    const f = at(forecast, i);
    const denominator = Math.abs(a) + Math.abs(f);
    if (denominator > 0) sum += (200 * Math.abs(a - f)) / denominator;
  }
  return sum / actual.length;
}

/**
 * The in-sample mean absolute (or squared, `power` 2) error of the seasonal naive forecast,
 * lag `season`: the scale of MASE and RMSSE. Null when the history is no longer than one season
 * or when it is flat (the scale would be 0 and every scaled error infinite).
 */
export function naiveScale(history: readonly number[], season: number, power: 1 | 2 = 1): number | null {
  const lag = Math.max(1, season);
  if (history.length <= lag) return null;
  let sum = 0;
  for (let t = lag; t < history.length; t++) {
    const d = Math.abs(at(history, t) - at(history, t - lag));
    sum += power === 1 ? d : d * d;
  }
  const scale = sum / (history.length - lag);
  return scale > 0 ? scale : null;
}

/** Mean absolute scaled error (M4): MAE of the forecast ÷ in-sample MAE of the seasonal naive. */
export function mase(
  history: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  season: number,
): number | null {
  const scale = naiveScale(history, season);
  return scale === null ? null : meanAbsoluteError(actual, forecast) / scale;
}

/** Root mean squared scaled error (M5): √(MSE of the forecast ÷ in-sample MSE of the naive). */
export function rmsse(
  history: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  season: number,
): number | null {
  const scale = naiveScale(history, season, 2);
  if (scale === null) return null;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (at(actual, i) - at(forecast, i)) ** 2;
  return Math.sqrt(sum / actual.length / scale);
}

/** Weighted absolute percentage error: Σ|a − f| ÷ Σ|a|, as a fraction; null when Σ|a| is 0. */
export function wape(actual: readonly number[], forecast: readonly number[]): number | null {
  let errors = 0;
  let volume = 0;
  for (let i = 0; i < actual.length; i++) {
    errors += Math.abs(at(actual, i) - at(forecast, i));
    volume += Math.abs(at(actual, i));
  }
  return volume > 0 ? errors / volume : null;
}

/** Mean error, forecast minus actual: positive when the forecast runs high. */
export function bias(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += at(forecast, i) - at(actual, i);
  return sum / actual.length;
}

/** The share of actual values inside [lower, upper]. */
export function coverage(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = at(actual, i);
    if (a >= at(lower, i) && a <= at(upper, i)) inside++;
  }
  return inside / actual.length;
}

/** The mean width of an interval, upper − lower. */
export function meanWidth(lower: readonly number[], upper: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < lower.length; i++) sum += at(upper, i) - at(lower, i);
  return sum / lower.length;
}

/** Overall weighted average (M4): the mean of sMAPE and MASE, each relative to Naive2's. */
export function owa(
  scores: { smape: number; mase: number },
  naive2: { smape: number; mase: number },
): number {
  return (scores.smape / naive2.smape + scores.mase / naive2.mase) / 2;
}

function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(at(actual, i) - at(forecast, i));
  return sum / actual.length;
}

function at(values: readonly number[], index: number): number {
  return values[index] as number;
}
