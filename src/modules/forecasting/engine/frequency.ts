/**
 * What the engine needs to know about a series' period length. A frequency (hour … year) sets
 * the season the classic models adjust for, the seasons MSTL may peel off, the season that
 * scales MASE and RMSSE (the M4 competition's choice: 24 for hours, 1 for weeks, 12 for months)
 * and how much history the models see (ADR 0022: on M4 Weekly the last five years forecast
 * better than the whole history, and fit faster).
 */
export interface SeriesSpec {
  /** The season of seasonal naive and of the classic models' multiplicative adjustment. */
  readonly season: number;
  /** Seasons a multi-seasonal model may use, shortest first. */
  readonly periods: readonly number[];
  /** The lag of the naive forecast that scales MASE and RMSSE. */
  readonly scaleSeason: number;
  /** The most recent observations the models fit on (older ones are left out). */
  readonly maxHistory: number;
}

export const FREQUENCIES = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const SPECS: Record<Frequency, SeriesSpec> = {
  hour: { season: 24, periods: [24, 168], scaleSeason: 24, maxHistory: 24 * 7 * 8 },
  day: { season: 7, periods: [7, 365], scaleSeason: 7, maxHistory: 3 * 365 },
  week: { season: 1, periods: [52], scaleSeason: 1, maxHistory: 5 * 52 },
  month: { season: 12, periods: [12], scaleSeason: 12, maxHistory: 20 * 12 },
  quarter: { season: 4, periods: [4], scaleSeason: 4, maxHistory: 30 * 4 },
  year: { season: 1, periods: [], scaleSeason: 1, maxHistory: 60 },
};

/** The spec of a calendar frequency. */
export function specOf(frequency: Frequency): SeriesSpec {
  return SPECS[frequency];
}

/**
 * The spec for explicit seasons, for a series of unknown frequency (a file a planner brings):
 * the first season drives the classic models and the scale, all of them MSTL; no history cap.
 */
export function specForSeasons(seasons: readonly number[]): SeriesSpec {
  const sorted = [...new Set(seasons.filter((s) => Number.isInteger(s) && s >= 1))].sort((a, b) => a - b);
  const season = sorted[0] ?? 1;
  return {
    season,
    periods: sorted.filter((s) => s > 1),
    scaleSeason: season,
    maxHistory: Number.POSITIVE_INFINITY,
  };
}
