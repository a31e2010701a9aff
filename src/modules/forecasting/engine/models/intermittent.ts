import type { ForecastModel } from '../types.js';

/**
 * Croston, SBA and TSB: forecasts for intermittent demand (many zero periods). Each gives one flat
 * level for every step ahead; prediction intervals are left to the caller (conformal).
 *
 * Negative values (returns) are treated as periods without demand: these models forecast how much
 * is demanded and how often, and a return is neither.
 */

/** Croston's method, or its Syntetos–Boylan bias-corrected form. */
export type CrostonVariant = 'croston' | 'sba';

/** A fitted level and how well the fit predicted its own series one step ahead. */
export interface IntermittentFit {
  /** The forecast for every step ahead. */
  readonly level: number;
  /** Mean squared one-step-ahead error over the periods after the first demand; 0 if there are none. */
  readonly mse: number;
}

interface Fit {
  readonly level: number;
  readonly sse: number;
  /** Periods the squared errors were summed over. */
  readonly scored: number;
}

/**
 * Smoothing parameters the model objects try. This mirrors statsforecast's CrostonOptimized search
 * range [0.1, 0.3], widened a little at the low end, on a coarse grid so the search stays cheap.
 */
const GRID = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3] as const;
/** Used when no period can be scored (no demand before the last period): Croston's classic α. */
const DEFAULT_ALPHA = 0.1;

const demandOf = (v: number): number => Math.max(v, 0);
const toFit = (f: Fit): IntermittentFit => ({ level: f.level, mse: f.scored > 0 ? f.sse / f.scored : 0 });

/**
 * Croston (1972): smooth the non-zero demand sizes and the intervals between them with the same α,
 * updating only in periods with demand; forecast size / interval. Initialised as statsforecast's
 * Croston models are: the size with the first non-zero demand, the interval with that demand's
 * 1-based position (so demand first seen in period 3 starts the interval at 3).
 * SBA (Syntetos & Boylan 2005) multiplies the forecast by (1 − α/2), correcting most of the upward
 * bias Croston's ratio has.
 */
function fitCroston(y: readonly number[], alpha: number, variant: CrostonVariant): Fit {
  const factor = variant === 'sba' ? 1 - alpha / 2 : 1;
  let size = 0;
  let interval = 0;
  let since = 0;
  let seen = false;
  let sse = 0;
  let scored = 0;
  for (const v of y) {
    const d = demandOf(v);
    since++;
    if (seen) {
      const e = d - (factor * size) / interval;
      sse += e * e;
      scored++;
    }
    if (d > 0) {
      if (seen) {
        size += alpha * (d - size);
        interval += alpha * (since - interval);
      } else {
        size = d;
        interval = since;
        seen = true;
      }
      since = 0;
    }
  }
  // interval ≥ 1 once a demand is seen, so the division is safe.
  return { level: seen ? (factor * size) / interval : 0, sse, scored };
}

/**
 * TSB (Teunter, Syntetos & Babai 2011): smooth the probability of demand in every period (β), so the
 * forecast decays while no demand occurs, and the size only in periods with demand (α); forecast
 * probability × size. The size starts at the first non-zero demand; the probability at the share of
 * non-zero periods, so one early period does not pin it to 0 or 1.
 */
function fitTsb(y: readonly number[], alpha: number, beta: number): Fit {
  let first = 0;
  let nonZero = 0;
  for (const v of y) {
    if (v > 0) {
      if (nonZero === 0) first = v;
      nonZero++;
    }
  }
  if (nonZero === 0) return { level: 0, sse: 0, scored: 0 };
  let size = first;
  let prob = nonZero / y.length;
  let seen = false;
  let sse = 0;
  let scored = 0;
  for (const v of y) {
    const d = demandOf(v);
    // Scored from the period after the first demand, the same periods as Croston: before it the
    // size is only known in hindsight.
    if (seen) {
      const e = d - prob * size;
      sse += e * e;
      scored++;
    }
    if (d > 0) {
      size += alpha * (d - size);
      prob += beta * (1 - prob);
      seen = true;
    } else {
      prob -= beta * prob;
    }
  }
  return { level: prob * size, sse, scored };
}

/** Croston or SBA with smoothing parameter `alpha` (see fitCroston for the conventions). */
export function crostonForecast(
  y: readonly number[],
  alpha: number,
  variant: CrostonVariant = 'croston',
): IntermittentFit {
  return toFit(fitCroston(y, alpha, variant));
}

/** TSB with size smoothing `alpha` and probability smoothing `beta` (see fitTsb for the conventions). */
export function tsbForecast(y: readonly number[], alpha: number, beta: number): IntermittentFit {
  return toFit(fitTsb(y, alpha, beta));
}

/**
 * The level of the fit with the least in-sample MSE (ties keep the earlier, smoother, parameters).
 * Every parameter scores the same periods, so if one scores none they all fit equally: use `fallback`.
 */
function leastMse<P>(grid: readonly P[], fitWith: (p: P) => Fit, fallback: P): number {
  let best: Fit | undefined;
  for (const p of grid) {
    const f = fitWith(p);
    if (f.scored === 0) return fitWith(fallback).level;
    if (best === undefined || f.sse < best.sse) best = f;
  }
  return best?.level ?? 0;
}

const TSB_GRID = GRID.flatMap((a) => GRID.map((b) => [a, b] as const));

const flat = (level: number, horizon: number): number[] => Array.from({ length: horizon }, () => level);

function crostonModel(variant: CrostonVariant): ForecastModel {
  return {
    name: variant,
    minLength: () => 2,
    forecast: (y, horizon) => {
      const level = leastMse(GRID, (a) => fitCroston(y, a, variant), DEFAULT_ALPHA);
      return { mean: flat(level, horizon) };
    },
  };
}

/** Croston's method, α chosen on the grid by in-sample one-step MSE. */
export const croston: ForecastModel = crostonModel('croston');
/** Syntetos–Boylan approximation, α chosen on the grid by in-sample one-step MSE. */
export const sba: ForecastModel = crostonModel('sba');
/** Teunter–Syntetos–Babai, α and β chosen on the grid by in-sample one-step MSE. */
export const tsb: ForecastModel = {
  name: 'tsb',
  minLength: () => 2,
  forecast: (y, horizon) => {
    const level = leastMse(TSB_GRID, ([a, b]) => fitTsb(y, a, b), [DEFAULT_ALPHA, DEFAULT_ALPHA] as const);
    return { mean: flat(level, horizon) };
  },
};
