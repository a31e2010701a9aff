import { AppError } from '../../../lib/errors.js';
import { mase, rmsse, smape } from './accuracy.js';
import { backtestAccuracy, type ForecastAccuracy } from './backtest-accuracy.js';
import {
  type Candidate,
  type CombinationRule,
  candidatesFor,
  combinationRule,
  isIntermittent,
  minLengthOf,
} from './candidates.js';
import { classifySeries } from './classify.js';
import { type BacktestErrors, conformalIntervals } from './conformal.js';
import type { SeriesSpec } from './frequency.js';
import { INTERVAL_LEVELS } from './models/exponential-smoothing.js';
import { MODELS } from './models/index.js';
import type { Interval, ModelForecast, ModelName, SeriesClass } from './types.js';

export type { ForecastAccuracy } from './backtest-accuracy.js';

/**
 * Automatic model choice for one series by rolling-origin backtest on its own history: each
 * candidate forecasts the last `origins` windows of `horizon` periods from the data before them,
 * the one with the lowest mean MASE over those windows wins — the combination wins unless a
 * single model beats it by more than `COMBINATION_MARGIN`, because on M4 combinations beat any
 * single model on average while a backtest of two windows is a noisy judge — and the winner is
 * refitted on the whole history. See ADR 0022.
 */

/** How to forecast one series. */
export interface SelectionOptions {
  readonly horizon: number;
  readonly spec: SeriesSpec;
  /** Backtest windows (default 3). */
  readonly origins?: number;
  /** Restrict the candidates (default: all that suit the series' class). */
  readonly models?: readonly ModelName[];
}

/** A candidate's mean backtest errors. */
export interface CandidateScore {
  readonly label: string;
  readonly mase: number;
  readonly rmsse: number;
  readonly smape: number;
}

/** A model that was not considered, and why. */
export interface SkippedModel {
  readonly label: string;
  readonly reason: string;
}

/** A model with the season it ran with. */
export interface ModelUse {
  readonly model: ModelName;
  readonly season: number;
}

/** A series' forecast with everything that explains it. */
export interface SeriesForecast {
  readonly model: ModelName;
  /** The chosen candidate's label, e.g. `seasonal_naive(168)` or `combination`. */
  readonly label: string;
  /** The models averaged when `model` is the combination (mean or median); else the model itself. */
  readonly components: readonly ModelUse[];
  readonly combination: CombinationRule['kind'] | null;
  readonly mean: number[];
  readonly intervals: readonly Interval[];
  readonly intervalMethod: 'analytic' | 'conformal' | 'naive';
  readonly seriesClass: SeriesClass;
  readonly adi: number | null;
  readonly cv2: number | null;
  readonly accuracy: ForecastAccuracy;
  /** Every candidate backtested, best first. */
  readonly candidates: readonly CandidateScore[];
  readonly skipped: readonly SkippedModel[];
  readonly notes: readonly string[];
}

/** The combination must do this much worse than the best single model to lose to it. */
const COMBINATION_MARGIN = 0.15;
const SHORTEST_TRAINING = 3;
const COMBINATION = 'combination';

interface Backtest {
  readonly errors: number[][];
  readonly points: number[][];
  readonly intervals: (readonly Interval[])[] | null;
}

/** Forecasts one series: chooses the model, fits it, and says how good it has been. */
export function forecastSeries(values: readonly number[], options: SelectionOptions): SeriesForecast {
  const { horizon, spec } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a whole number ≥ 1');
  if (values.length === 0) throw new AppError('FORECAST_INPUT_INVALID', 'A series needs at least one value');
  if (!values.every(Number.isFinite)) {
    throw new AppError('FORECAST_INPUT_INVALID', 'A series holds a value that is not a finite number');
  }
  const notes: string[] = [];
  const y = values.length > spec.maxHistory ? values.slice(-spec.maxHistory) : values;
  if (y !== values) notes.push(`fitted on the last ${y.length} of ${values.length} periods`);
  const { class: seriesClass, adi, cv2 } = classifySeries(y);
  const nonNegative = y.every((v) => v >= 0);
  const origins = backtestOrigins(y.length, horizon, options.origins ?? 3);
  const shortest = origins[0] ?? y.length;

  const skipped: SkippedModel[] = [];
  const eligible: Candidate[] = [];
  // Returns make demand negative: such a series is forecast as a continuous one, since the
  // intermittent models know only "no demand" or "some demand" (ADR 0022).
  const intermittent = nonNegative && isIntermittent(seriesClass);
  for (const candidate of candidatesFor(intermittent, spec, options.models)) {
    const needed = minLengthOf(candidate, spec);
    if (needed <= shortest) eligible.push(candidate);
    else {
      const where = origins.length > 0 ? ' before the first backtest window' : '';
      const reason = Number.isFinite(needed)
        ? `needs ${needed} observations, has ${shortest}${where}`
        : 'the series has no season it can use';
      skipped.push({ label: candidate.label, reason });
    }
  }

  const backtests = new Map<string, Backtest>();
  for (const candidate of eligible) {
    const result = backtest(candidate, y, origins, horizon, spec, nonNegative);
    if (typeof result === 'string') skipped.push({ label: candidate.label, reason: result });
    else backtests.set(candidate.label, result);
  }
  const rule =
    origins.length > 0 && (!options.models || options.models.includes(COMBINATION))
      ? combinationRule(spec, [...backtests.keys()])
      : null;
  if (rule) {
    const points = origins.map((_, o) =>
      combine(
        rule,
        rule.parts.map((p) => backtests.get(p)?.points[o] as number[]),
      ),
    );
    backtests.set(COMBINATION, {
      points,
      errors: points.map((p, o) => p.map((f, j) => (y[(origins[o] as number) + j] as number) - f)),
      intervals: null,
    });
  }
  // Intermittent demand is judged on squared errors: an absolute-error judge favours forecasting
  // zero (the median of mostly-zero data), which would never reorder anything (M5 used RMSSE).
  const criterion = intermittent ? 'rmsse' : 'mase';
  const candidates = [...backtests.entries()]
    .map(([label, b]) => score(label, b.errors, y, origins, spec.scaleSeason))
    .sort((a, b) => a[criterion] - b[criterion]);

  const chosenLabel = choose(candidates, criterion, intermittent, eligible);
  if (origins.length === 0) notes.push(`too short to backtest: ${chosenLabel} chosen by rule`);
  const byLabel = new Map(eligible.map((c) => [c.label, c]));
  const naiveCandidate: Candidate = { model: 'naive', season: 1, label: 'naive' };
  const parts =
    chosenLabel === COMBINATION
      ? (rule?.parts ?? []).map((p) => byLabel.get(p) as Candidate)
      : [byLabel.get(chosenLabel) ?? naiveCandidate];
  const fits = parts.map((c) => safeForecast(c, y, horizon, spec));
  const failed = fits.find((f): f is string => typeof f === 'string');
  if (failed !== undefined) {
    // The backtest fits worked but the one on the whole history did not: the plain naive stands in.
    notes.push(`${chosenLabel} failed on the whole history (${failed}); naive used instead`);
    return assemble(naiveCandidate.label, [naiveCandidate], null, MODELS.naive.forecast(y, horizon, 1));
  }
  const results = fits as ModelForecast[];
  const single = results.length === 1 ? (results[0] as ModelForecast) : null;
  const mean = single
    ? single.mean
    : combine(
        rule as CombinationRule,
        results.map((r) => r.mean),
      );
  return assemble(chosenLabel, parts, chosenLabel === COMBINATION ? rule : null, single ?? { mean });

  function assemble(
    label: string,
    used: readonly Candidate[],
    combination: CombinationRule | null,
    forecast: ModelForecast,
  ): SeriesForecast {
    const mean = clip(forecast.mean, nonNegative);
    const tested = backtests.get(label) ?? null;
    let intervalMethod: SeriesForecast['intervalMethod'] = 'analytic';
    let intervals = forecast.intervals;
    if (!intervals) {
      const conformal = tested ? conformalIntervals(mean, tested.errors, INTERVAL_LEVELS) : null;
      intervalMethod = conformal ? 'conformal' : 'naive';
      intervals = conformal ?? randomWalkBands(y, mean, horizon);
    }
    return {
      model: combination ? COMBINATION : ((used[0] as Candidate).model as ModelName),
      label,
      components: used.map((c) => ({ model: c.model, season: c.season })),
      combination: combination?.kind ?? null,
      mean,
      intervals: intervals.map((i) => ({
        level: i.level,
        lower: clip(i.lower, nonNegative),
        upper: clip(i.upper, nonNegative),
      })),
      intervalMethod,
      seriesClass,
      adi,
      cv2,
      accuracy: backtestAccuracy({
        errors: tested?.errors ?? null,
        history: y,
        origins,
        scaleSeason: spec.scaleSeason,
        intervals: intervalMethod === 'analytic' ? (tested?.intervals ?? null) : null,
      }),
      candidates,
      skipped,
      notes,
    };
  }
}

/** The ends of the training parts of the backtest windows, oldest first. */
export function backtestOrigins(length: number, horizon: number, wanted: number): number[] {
  const origins: number[] = [];
  for (let k = 1; k <= wanted; k++) {
    const origin = length - k * horizon;
    if (origin < SHORTEST_TRAINING) break;
    origins.unshift(origin);
  }
  return origins;
}

function backtest(
  candidate: Candidate,
  y: readonly number[],
  origins: readonly number[],
  horizon: number,
  spec: SeriesSpec,
  nonNegative: boolean,
): Backtest | string {
  const errors: number[][] = [];
  const points: number[][] = [];
  const intervals: (readonly Interval[])[] = [];
  for (const origin of origins) {
    const result = safeForecast(candidate, y.slice(0, origin), horizon, spec);
    if (typeof result === 'string') return result;
    const mean = clip(result.mean, nonNegative);
    points.push(mean);
    if (result.intervals) intervals.push(result.intervals);
    errors.push(mean.map((f, j) => (y[origin + j] as number) - f));
  }
  return { errors, points, intervals: intervals.length === origins.length ? intervals : null };
}

function choose(
  candidates: readonly CandidateScore[],
  criterion: 'mase' | 'rmsse',
  intermittent: boolean,
  eligible: readonly Candidate[],
): string {
  const best = candidates[0];
  if (best === undefined) {
    const has = (label: string) => eligible.some((c) => c.label === label);
    if (intermittent && has('sba')) return 'sba';
    if (has('ses')) return 'ses';
    return 'naive';
  }
  const combination = candidates.find((c) => c.label === COMBINATION);
  if (combination && combination[criterion] <= best[criterion] * (1 + COMBINATION_MARGIN)) return COMBINATION;
  return best.label;
}

function safeForecast(
  candidate: Candidate,
  y: readonly number[],
  horizon: number,
  spec: SeriesSpec,
): ModelForecast | string {
  try {
    const result = MODELS[candidate.model].forecast(y, horizon, candidate.season, spec.periods);
    if (result.mean.length !== horizon || !result.mean.every(Number.isFinite))
      return 'gave non-finite forecasts';
    const finite = (result.intervals ?? []).every(
      (i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite),
    );
    return finite ? result : { mean: result.mean };
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function score(
  label: string,
  rows: BacktestErrors,
  y: readonly number[],
  origins: readonly number[],
  scaleSeason: number,
): CandidateScore {
  let maseSum = 0;
  let rmsseSum = 0;
  let smapeSum = 0;
  rows.forEach((row, o) => {
    const origin = origins[o] as number;
    const history = y.slice(0, origin);
    const actual = y.slice(origin, origin + row.length);
    const forecast = actual.map((a, j) => a - (row[j] as number));
    maseSum += scaledError(history, actual, forecast, scaleSeason, 1);
    rmsseSum += scaledError(history, actual, forecast, scaleSeason, 2);
    smapeSum += smape(actual, forecast);
  });
  return { label, mase: maseSum / rows.length, rmsse: rmsseSum / rows.length, smape: smapeSum / rows.length };
}

/**
 * MASE (power 1) or RMSSE (power 2); for a flat history, which has no naive error to scale by,
 * the MAE or RMSE over the history's mean level.
 */
function scaledError(
  history: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  season: number,
  power: 1 | 2,
): number {
  const value =
    power === 1 ? mase(history, actual, forecast, season) : rmsse(history, actual, forecast, season);
  if (value !== null) return value;
  const level = history.reduce((s, v) => s + Math.abs(v), 0) / history.length || 1;
  const errors = actual.map((a, j) => Math.abs(a - (forecast[j] as number)) ** power);
  const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
  return (power === 1 ? mean : Math.sqrt(mean)) / level;
}

function combine(rule: CombinationRule, rows: readonly (readonly number[])[]): number[] {
  const first = rows[0] ?? [];
  return first.map((_, j) => {
    const values = rows.map((row) => row[j] as number);
    if (rule.kind === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
    values.sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 === 1
      ? (values[mid] as number)
      : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
  });
}

/** Demand that was never negative is never forecast negative (nor its interval bounds). */
function clip(values: readonly number[], nonNegative: boolean): number[] {
  return nonNegative ? values.map((v) => Math.max(0, v)) : [...values];
}

/** A random walk's half-widths around `mean`: the fallback when nothing was backtested. */
function randomWalkBands(y: readonly number[], mean: readonly number[], horizon: number): Interval[] {
  const walk = MODELS.naive.forecast(y, horizon, 1);
  const last = y[y.length - 1] as number;
  return (walk.intervals ?? []).map((interval) => ({
    level: interval.level,
    lower: mean.map((m, j) => m - (last - (interval.lower[j] as number))),
    upper: mean.map((m, j) => m + ((interval.upper[j] as number) - last)),
  }));
}
