import type { SeriesSpec } from './frequency.js';
import { MODELS } from './models/index.js';
import type { ModelName, SeriesClass } from './types.js';

/**
 * Which models compete for a series. A candidate is a model with the season it uses: seasonal
 * naive competes once per season of the series (a day and a week of hours), the others with
 * the series' season. The combination is built from other candidates' forecasts, never fitted:
 * with one season, the mean of ETS, damped trend and MSTL (Theta where MSTL cannot run); with
 * several, the median of seasonal naive at each season and MSTL — the smoothers see only one
 * season after adjustment, and the median keeps the middle forecast where the seasonal naives
 * disagree (a holiday week). Measured on M4 in ADR 0022.
 */

export type FittedModel = Exclude<ModelName, 'combination'>;

/** A model with the season it runs with. */
export interface Candidate {
  readonly model: FittedModel;
  readonly season: number;
  /** How scores and choices name it: the model, with the season where a model has several. */
  readonly label: string;
}

/** How the combination is formed from other candidates. */
export interface CombinationRule {
  readonly kind: 'mean' | 'median';
  readonly parts: readonly string[];
}

const CONTINUOUS: readonly FittedModel[] = [
  'naive',
  'seasonal_naive',
  'ses',
  'holt',
  'damped',
  'theta',
  'optimized_theta',
  'ets',
  'mstl',
];
const INTERMITTENT: readonly FittedModel[] = ['naive', 'ses', 'croston', 'sba', 'tsb'];

/** Whether the series is forecast as intermittent demand. */
export function isIntermittent(seriesClass: SeriesClass): boolean {
  return seriesClass === 'intermittent' || seriesClass === 'lumpy';
}

/**
 * The candidates for a series: those of its pattern (`intermittent` picks Croston and kin), or
 * exactly the named models when the caller names them, whatever the pattern.
 */
export function candidatesFor(
  intermittent: boolean,
  spec: SeriesSpec,
  only?: readonly ModelName[],
): Candidate[] {
  const models = only
    ? [...new Set([...CONTINUOUS, ...INTERMITTENT])].filter((m) => only.includes(m))
    : intermittent
      ? INTERMITTENT
      : CONTINUOUS;
  const result: Candidate[] = [];
  for (const model of models) {
    if (model === 'seasonal_naive') {
      for (const season of seasonsOf(spec))
        result.push({ model, season, label: `seasonal_naive(${season})` });
    } else if (model === 'mstl') {
      // MSTL runs with the spec's periods; its season says the shortest of them.
      result.push({ model, season: spec.periods[0] ?? spec.season, label: model });
    } else {
      result.push({ model, season: spec.season, label: model });
    }
  }
  return result;
}

/** The combination over the candidates that could be backtested; null when its parts are missing. */
export function combinationRule(spec: SeriesSpec, available: readonly string[]): CombinationRule | null {
  const seasons = seasonsOf(spec);
  const rule: CombinationRule =
    spec.periods.length >= 2
      ? { kind: 'median', parts: [...seasons.map((s) => `seasonal_naive(${s})`), 'mstl'] }
      : { kind: 'mean', parts: ['ets', 'damped', available.includes('mstl') ? 'mstl' : 'theta'] };
  return rule.parts.every((p) => available.includes(p)) ? rule : null;
}

/** The fewest observations a candidate needs. */
export function minLengthOf(candidate: Candidate, spec: SeriesSpec): number {
  return MODELS[candidate.model].minLength(candidate.season, spec.periods);
}

/** Seasons above 1, the series' own first. */
function seasonsOf(spec: SeriesSpec): number[] {
  return [...new Set([spec.season, ...spec.periods])].filter((s) => s > 1);
}
