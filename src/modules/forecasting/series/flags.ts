/**
 * What a planner should know about a history before trusting its forecast: outliers (a period
 * far from its neighbours) and level shifts (the series moved to a new level and stayed). Both
 * are robust to the spikes they look for: medians and the median absolute deviation (MAD), not
 * means and standard deviations. They are flags only — the models see the data as it is.
 */

/** Indices of the outliers and level shifts of a series. */
export interface HistoryFlags {
  readonly outliers: number[];
  readonly levelShifts: number[];
}

const OUTLIER_MADS = 5;
const SHIFT_MADS = 4;
/** MAD × 1.4826 estimates the standard deviation of normal data. */
const MAD_TO_SD = 1.4826;

/** Outliers and level shifts of `y`; `window` is the neighbourhood (e.g. the season, at least 3). */
export function flagHistory(y: readonly number[], window = 5): HistoryFlags {
  return { outliers: findOutliers(y, window), levelShifts: findLevelShifts(y, Math.max(4, window)) };
}

/** Points more than 5 robust SDs from the median of the `window` points around them. */
export function findOutliers(y: readonly number[], window: number): number[] {
  const half = Math.max(1, Math.floor(window / 2));
  if (y.length < 2 * half + 1) return [];
  const residuals = y.map((v, t) => v - median(y.slice(Math.max(0, t - half), t + half + 1)));
  const scale = MAD_TO_SD * median(residuals.map(Math.abs));
  if (scale === 0) return [];
  return residuals.flatMap((r, t) => (Math.abs(r) > OUTLIER_MADS * scale ? [t] : []));
}

/**
 * Starts of level shifts: t where the mean of the `window` points from t differs from the mean
 * of the `window` points before it by more than 4 robust SDs of the period-to-period noise,
 * keeping the strongest t of each run of such points (means place the step exactly; the noise
 * scale, from the median absolute difference, is what a spike cannot inflate).
 */
export function findLevelShifts(y: readonly number[], window: number): number[] {
  if (y.length < 2 * window) return [];
  const differences = y.slice(1).map((v, t) => v - (y[t] as number));
  // Noise of one point is √2 smaller than that of a difference of two.
  const noise = (MAD_TO_SD * median(differences.map(Math.abs))) / Math.SQRT2;
  if (noise === 0) return [];
  const shifts: number[] = [];
  let best = -1;
  let bestSize = 0;
  for (let t = window; t <= y.length - window; t++) {
    const size = Math.abs(mean(y.slice(t, t + window)) - mean(y.slice(t - window, t)));
    if (size > SHIFT_MADS * noise) {
      if (size > bestSize) {
        best = t;
        bestSize = size;
      }
    } else if (best >= 0) {
      shifts.push(best);
      best = -1;
      bestSize = 0;
    }
  }
  if (best >= 0) shifts.push(best);
  return shifts;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
