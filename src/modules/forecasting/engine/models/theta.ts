import { minimize } from '../optimize.js';
import type { ForecastModel } from '../types.js';
import { forecastAdjusted } from './adjusted.js';
import { fitSmoothing, leastSquaresLine, smoothingForecast } from './exponential-smoothing.js';

/**
 * The Theta method. `theta` is the M4 benchmark (Assimakopoulos & Nikolopoulos 2000 as coded in
 * the M4 repository): SES on the θ=2 line 2y − L, averaged with the extrapolated regression line
 * L. `optimizedTheta` writes Theta as SES with drift (Hyndman & Billah 2003),
 * ŷ(n+h) = ℓₙ + (1 − 1/θ)·b·(h − 1 + 1/α − (1 − α)ⁿ/α), and chooses θ ≥ 1 together with α and
 * ℓ₀ by in-sample one-step MSE, as the optimised Theta model of Fiorucci et al. (2016) does.
 * Both run on the seasonally adjusted series and have no analytic intervals (conformal ones
 * come from their backtest errors).
 */

/** Forecasts of the classic Theta method on an already adjusted series. */
export function classicTheta(y: readonly number[], horizon: number): number[] {
  const n = y.length;
  const { intercept, slope } = leastSquaresLine(y);
  const thetaLine = y.map((v, t) => 2 * v - (intercept + slope * (t + 1)));
  const ses = smoothingForecast(fitSmoothing(thetaLine, 'none'), horizon);
  return ses.map((s, h) => 0.5 * s + 0.5 * (intercept + slope * (n + h + 1)));
}

/** In-sample SSE and final level of SES with drift for given θ, α and ℓ₀. */
export function thetaWithDrift(
  y: readonly number[],
  theta: number,
  alpha: number,
  level0: number,
  slope: number,
): { sse: number; level: number } {
  const drift = (1 - 1 / theta) * slope;
  let level = level0;
  let decay = 1; // (1 − α)^t
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const forecast = level + (drift * (1 - decay)) / alpha;
    const error = (y[t] as number) - forecast;
    sse += error * error;
    level = alpha * (y[t] as number) + (1 - alpha) * level;
    decay *= 1 - alpha;
  }
  return { sse, level };
}

/** Forecasts of the optimised Theta method on an already adjusted series. */
export function optimizedThetaForecast(y: readonly number[], horizon: number): number[] {
  const n = y.length;
  const { slope } = leastSquaresLine(y);
  const first = y[0] as number;
  const spread = Math.max(1e-9, Math.abs(first) + Math.abs(slope));
  const objective = (x: readonly number[]) =>
    thetaWithDrift(y, x[0] as number, x[1] as number, first + (x[2] as number) * spread, slope).sse;
  const best = minimize(objective, [2, 0.5, 0], { lower: [1, 0.01, -3], upper: [5, 0.99, 3] });
  const [theta, alpha, offset] = best.x as [number, number, number];
  const { level } = thetaWithDrift(y, theta, alpha, first + offset * spread, slope);
  const drift = (1 - 1 / theta) * slope;
  const decayN = (1 - alpha) ** n;
  return Array.from({ length: horizon }, (_, k) => level + drift * (k + 1 - 1 + 1 / alpha - decayN / alpha));
}

/** The M4 Theta benchmark. */
export const theta: ForecastModel = {
  name: 'theta',
  minLength: () => 4,
  forecast: (y, horizon, season) =>
    forecastAdjusted(y, horizon, season, (a, h) => ({ mean: classicTheta(a, h) })),
};

/** Optimised Theta (θ, α and ℓ₀ by in-sample MSE). */
export const optimizedTheta: ForecastModel = {
  name: 'optimized_theta',
  minLength: () => 4,
  forecast: (y, horizon, season) =>
    forecastAdjusted(y, horizon, season, (a, h) => ({ mean: optimizedThetaForecast(a, h) })),
};
