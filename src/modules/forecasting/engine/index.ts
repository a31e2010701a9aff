/**
 * The forecasting engine's one door: pure functions from numbers to forecasts, with no
 * database. Series building, runs, storage and the API live beside it in the module.
 */
export { bias, coverage, mase, meanWidth, owa, rmsse, smape, wape } from './accuracy.js';
export { classifySeries } from './classify.js';
export { FREQUENCIES, type Frequency, type SeriesSpec, specForSeasons, specOf } from './frequency.js';
export { MODELS } from './models/index.js';
export {
  type CandidateScore,
  type ForecastAccuracy,
  forecastSeries,
  type ModelUse,
  type SelectionOptions,
  type SeriesForecast,
  type SkippedModel,
} from './select.js';
export {
  FORECAST_CSV_HEADER,
  type ForecastRow,
  formatForecastCsv,
  formatForecastRow,
  futureDates,
  type InputSeries,
  parseSeriesCsv,
  type SeriesFile,
} from './series-file/index.js';
export { type Interval, MODEL_NAMES, type ModelName, type SeriesClass } from './types.js';
