import { minimize } from '../optimize.js';
import type { Interval } from '../types.js';

/**
 * Exponential smoothing with additive errors and no season — ETS(A,N,N), (A,A,N) and (A,Ad,N),
 * i.e. SES, Holt's linear trend and the damped trend of Gardner & McKenzie — in the state-space
 * form of Hyndman et al. (2008). Smoothing parameters and initial states are chosen by least
 * squares (for additive Gaussian errors the same optimum as maximum likelihood, which is what
 * R's `ses`/`holt` used by the M4 benchmarks do). Seasonal series are adjusted before they get here.
 */
export type TrendKind = 'none' | 'additive' | 'damped';

/** A fitted model: the parameters, the final states and the residual variance. */
export interface SmoothingFit {
  readonly alpha: number;
  /** The trend smoothing β = α·β* of the state-space form (0 without a trend). */
  readonly beta: number;
  /** The damping factor (1 for Holt, 0 without a trend). */
  readonly phi: number;
  readonly level: number;
  readonly trend: number;
  /** The one-step-ahead in-sample forecasts, aligned with the data. */
  readonly fitted: number[];
  /** Σe² ÷ (n − number of estimated parameters). */
  readonly sigma2: number;
}

const Z = { 0.8: 1.2815515655446004, 0.95: 1.959963984540054 } as const;
/** Both interval levels every forecast carries. */
export const INTERVAL_LEVELS = [0.8, 0.95] as const;

/** Runs the recursions for given parameters and initial states; returns the SSE and states. */
export function smooth(
  y: readonly number[],
  alpha: number,
  beta: number,
  phi: number,
  level0: number,
  trend0: number,
  fitted?: number[],
): { sse: number; level: number; trend: number } {
  let level = level0;
  let trend = trend0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const forecast = level + phi * trend;
    const error = (y[t] as number) - forecast;
    if (fitted) fitted[t] = forecast;
    sse += error * error;
    level = forecast + alpha * error;
    trend = phi * trend + beta * error;
  }
  return { sse, level, trend };
}

/** Fits SES, Holt or damped trend to `y` (at least 2 points; 3 with a trend). */
export function fitSmoothing(y: readonly number[], kind: TrendKind): SmoothingFit {
  const n = y.length;
  const window = Math.min(n, 10);
  const { intercept, slope } = leastSquaresLine(y.slice(0, window));
  const hasTrend = kind !== 'none';
  const level0 = hasTrend ? intercept - slope : mean(y.slice(0, window));
  const trend0 = hasTrend ? slope : 0;
  const spread = Math.max(standardDeviation(y), 1e-9 * Math.max(1, Math.abs(level0)));

  // x = [α, β*, φ, level offset, trend offset], the offsets in units of the series' spread.
  const unpack = (x: readonly number[]) => {
    const alpha = x[0] as number;
    const beta = hasTrend ? alpha * (x[1] as number) : 0;
    const phi = kind === 'damped' ? (x[2] as number) : hasTrend ? 1 : 0;
    return {
      alpha,
      beta,
      phi,
      level0: level0 + (x[3] as number) * spread,
      trend0: hasTrend ? trend0 + (x[4] as number) * spread * 0.1 : 0,
    };
  };
  const active = [true, hasTrend, kind === 'damped', true, hasTrend];
  const full = [0.3, 0.1, 0.95, 0, 0];
  const lower = [1e-4, 1e-4, 0.8, -3, -3];
  const upper = [0.9999, 0.9999, 0.98, 3, 3];
  const pick = <T>(values: T[]) => values.filter((_, i) => active[i]);
  const expand = (x: readonly number[]) => {
    let k = 0;
    return full.map((v, i) => (active[i] ? (x[k++] as number) : v));
  };
  const objective = (x: readonly number[]) => {
    const p = unpack(expand(x));
    return smooth(y, p.alpha, p.beta, p.phi, p.level0, p.trend0).sse;
  };
  const best = minimize(objective, pick(full), { lower: pick(lower), upper: pick(upper) });
  const p = unpack(expand(best.x));
  const fitted = new Array<number>(n);
  const final = smooth(y, p.alpha, p.beta, p.phi, p.level0, p.trend0, fitted);
  const parameters = active.filter(Boolean).length;
  return {
    alpha: p.alpha,
    beta: p.beta,
    phi: p.phi,
    level: final.level,
    trend: final.trend,
    fitted,
    sigma2: final.sse / Math.max(1, n - parameters),
  };
}

/** Point forecasts: ℓ + (φ + … + φʰ)·b. */
export function smoothingForecast(fit: SmoothingFit, horizon: number): number[] {
  const result: number[] = [];
  let damping = 0;
  let power = 1;
  for (let h = 1; h <= horizon; h++) {
    power *= fit.phi;
    damping += power;
    result.push(fit.level + damping * fit.trend);
  }
  return result;
}

/**
 * Analytic intervals of the linear models (Hyndman et al. 2008, class 1):
 * Var(h) = σ²·(1 + Σ_{j<h} c_j²) with c_j = α + β·(φ + … + φʲ).
 */
export function smoothingIntervals(fit: SmoothingFit, mean: readonly number[]): Interval[] {
  const sd: number[] = [];
  let sumSquares = 0;
  let damping = 0;
  let power = 1;
  for (let h = 1; h <= mean.length; h++) {
    sd.push(Math.sqrt(fit.sigma2 * (1 + sumSquares)));
    power *= fit.phi;
    damping += power;
    const c = fit.alpha + fit.beta * damping;
    sumSquares += c * c;
  }
  return INTERVAL_LEVELS.map((level) => ({
    level,
    lower: mean.map((m, i) => m - Z[level] * (sd[i] as number)),
    upper: mean.map((m, i) => m + Z[level] * (sd[i] as number)),
  }));
}

/** The intercept and slope of the least-squares line through (1, y₁) … (n, yₙ). */
export function leastSquaresLine(y: readonly number[]): { intercept: number; slope: number } {
  const n = y.length;
  if (n < 2) return { intercept: y[0] ?? 0, slope: 0 };
  const meanT = (n + 1) / 2;
  const meanY = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let t = 1; t <= n; t++) {
    sxy += (t - meanT) * ((y[t - 1] as number) - meanY);
    sxx += (t - meanT) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: meanY - slope * meanT, slope };
}

/** The normal quantile for each interval level. */
export function zOf(level: (typeof INTERVAL_LEVELS)[number]): number {
  return Z[level];
}

function mean(y: readonly number[]): number {
  let sum = 0;
  for (const v of y) sum += v;
  return sum / y.length;
}

function standardDeviation(y: readonly number[]): number {
  const m = mean(y);
  let sum = 0;
  for (const v of y) sum += (v - m) ** 2;
  return Math.sqrt(sum / Math.max(1, y.length - 1));
}
