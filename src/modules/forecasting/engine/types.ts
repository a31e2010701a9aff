/**
 * The vocabulary of the forecasting engine: pure functions over arrays of numbers, no database.
 * A series is the observations in time order, oldest first, one per period, gaps already filled.
 */

/** One prediction interval: the range the value falls in with probability `level`. */
export interface Interval {
  /** 0.8 or 0.95. */
  readonly level: number;
  readonly lower: number[];
  readonly upper: number[];
}

/** What a model says about the next `horizon` periods. */
export interface ModelForecast {
  /** Point forecasts, one per step ahead. */
  readonly mean: number[];
  /**
   * Intervals the model derives itself (analytic). Absent when it has none: the selection then
   * builds conformal intervals from the model's backtest errors.
   */
  readonly intervals?: readonly Interval[];
}

/** A forecasting method, fitted afresh on each call (models keep no state between series). */
export interface ForecastModel {
  readonly name: ModelName;
  /** The fewest observations the model needs for this season length; below it, it is skipped. */
  minLength(season: number, periods?: readonly number[]): number;
  /**
   * Fits on `y` and forecasts `horizon` steps. `season` is the period length the classic
   * models adjust for (1 = none); `periods` are the seasons a multi-seasonal model may peel off
   * (e.g. 24 and 168 for hours, 52 for weeks), defaulting to `[season]`.
   */
  forecast(y: readonly number[], horizon: number, season: number, periods?: readonly number[]): ModelForecast;
}

export const MODEL_NAMES = [
  'naive',
  'seasonal_naive',
  'naive2',
  'ses',
  'holt',
  'damped',
  'theta',
  'optimized_theta',
  'ets',
  'mstl',
  'croston',
  'sba',
  'tsb',
  'combination',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The demand pattern of a series by the ADI/CV² rule (Syntetos, Boylan & Croston 2005). */
export type SeriesClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';
