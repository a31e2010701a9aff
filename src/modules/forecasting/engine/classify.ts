import type { SeriesClass } from './types.js';

/** A series' demand class with the two statistics it was decided by. */
export interface SeriesClassification {
  readonly class: SeriesClass;
  /** Average inter-demand interval, periods per demand; null without demand. */
  readonly adi: number | null;
  /** Squared coefficient of variation of the non-zero demand sizes; null without demand. */
  readonly cv2: number | null;
}

/** The ADI cut-off of Syntetos, Boylan & Croston (2005); exactly 1.32 counts as infrequent. */
export const ADI_CUTOFF = 1.32;
/** The CV² cut-off of Syntetos, Boylan & Croston (2005); exactly 0.49 counts as variable. */
export const CV2_CUTOFF = 0.49;

/**
 * Classifies `y` by the Syntetos–Boylan–Croston rule: ADI < 1.32 is frequent demand (smooth when
 * CV² < 0.49, else erratic), ADI ≥ 1.32 is infrequent (intermittent when CV² < 0.49, else lumpy).
 *
 * Conventions: a period has demand when its value is > 0 (returns are not demand). ADI is the
 * number of periods over the number of periods with demand, so trailing zeros count: an item that
 * stopped selling looks more intermittent (the mean of the gaps between demands would ignore them).
 * CV² uses the population variance (divide by the count), so one demand gives CV² = 0 rather than
 * undefined as with R's sd(). A series without demand is 'intermittent' with both statistics null:
 * it has no sizes to call erratic or lumpy, and intermittent-demand models forecast it as 0.
 */
export function classifySeries(y: readonly number[]): SeriesClassification {
  let count = 0;
  let sum = 0;
  for (const v of y) {
    if (v > 0) {
      count++;
      sum += v;
    }
  }
  if (count === 0) return { class: 'intermittent', adi: null, cv2: null };
  const mean = sum / count;
  // Two passes: the deviations from the mean stay exact where sums of squares would round.
  let squares = 0;
  for (const v of y) if (v > 0) squares += (v - mean) ** 2;
  const adi = y.length / count;
  const cv2 = squares / count / (mean * mean);
  const frequent = adi < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  const cls: SeriesClass = frequent ? (steady ? 'smooth' : 'erratic') : steady ? 'intermittent' : 'lumpy';
  return { class: cls, adi, cv2 };
}
