/**
 * Seasonal adjustment as the M4 competition's benchmarks do it: a 90 % autocorrelation test at
 * the season lag decides whether a series is seasonal; if so, classical multiplicative
 * decomposition (R's `decompose`) gives one index per position in the season, the series is
 * divided by them, a non-seasonal model forecasts the adjusted series, and the forecasts are
 * multiplied back. Multiplicative indices need positive data: a series with a value ≤ 0 is
 * left unadjusted (demand with returns or zeros is forecast by models that need no adjustment).
 */

/** The autocorrelations of `y` at lags 1..maxLag, as R's `acf` computes them. */
export function autocorrelations(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let denominator = 0;
  for (const v of y) denominator += (v - mean) ** 2;
  const result: number[] = [];
  for (let lag = 1; lag <= maxLag; lag++) {
    let numerator = 0;
    for (let t = 0; t + lag < n; t++)
      numerator += ((y[t] as number) - mean) * ((y[t + lag] as number) - mean);
    result.push(denominator > 0 ? numerator / denominator : 0);
  }
  return result;
}

/** M4's SeasonalityTest: |acf(season)| above the 90 % limit, on at least three seasons of data. */
export function isSeasonal(y: readonly number[], season: number): boolean {
  if (season <= 1 || y.length < 3 * season) return false;
  const acf = autocorrelations(y, season);
  let sumSquares = 0;
  for (let i = 0; i < season - 1; i++) sumSquares += (acf[i] as number) ** 2;
  const limit = (1.645 / Math.sqrt(y.length)) * Math.sqrt(1 + 2 * sumSquares);
  return Math.abs(acf[season - 1] as number) > limit;
}

/**
 * Multiplicative seasonal indices by classical decomposition: a centred moving average of one
 * season (2×m for even m) is the trend, y ÷ trend averaged per position is the raw index, and
 * the indices are normalised to average 1. Position p holds the index of every t ≡ p (mod m).
 */
export function seasonalIndices(y: readonly number[], season: number): number[] {
  const n = y.length;
  const half = Math.floor(season / 2);
  const sums = new Array<number>(season).fill(0);
  const counts = new Array<number>(season).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (season % 2 === 0) {
      trend += 0.5 * (y[t - half] as number) + 0.5 * (y[t + half] as number);
      for (let k = t - half + 1; k < t + half; k++) trend += y[k] as number;
    } else {
      for (let k = t - half; k <= t + half; k++) trend += y[k] as number;
    }
    trend /= season;
    const position = t % season;
    sums[position] = (sums[position] as number) + (y[t] as number) / trend;
    counts[position] = (counts[position] as number) + 1;
  }
  const raw = sums.map((s, p) => s / (counts[p] as number));
  const mean = raw.reduce((a, b) => a + b, 0) / season;
  return raw.map((v) => v / mean);
}

/** A series split into what a non-seasonal model sees and how to put the season back. */
export interface Adjustment {
  /** The series divided by its seasonal indices (the series itself when not seasonal). */
  readonly adjusted: readonly number[];
  /** The index of each future step 1..horizon (all 1 when not seasonal). */
  futureIndices(horizon: number): number[];
}

/** Seasonally adjusts `y` when it is positive and passes the seasonality test. */
export function seasonalAdjustment(y: readonly number[], season: number): Adjustment {
  if (!isSeasonal(y, season) || y.some((v) => v <= 0)) {
    return { adjusted: y, futureIndices: (horizon) => new Array<number>(horizon).fill(1) };
  }
  const indices = seasonalIndices(y, season);
  const n = y.length;
  return {
    adjusted: y.map((v, t) => v / (indices[t % season] as number)),
    futureIndices: (horizon) =>
      Array.from({ length: horizon }, (_, j) => indices[(n + j) % season] as number),
  };
}
