/**
 * L2-regularised logistic regression by Newton's method (IRLS) on standardised features. The
 * objective Σ log-loss + (l2 / 2)·‖β‖² is convex with a positive-definite Hessian, so Newton
 * steps with a backtracking line search decrease it every step and converge in a handful of
 * iterations; the intercept is not penalised. With a couple of dozen features a step costs one
 * pass over the rows (n·d² for the Hessian) and a d × d Cholesky solve. Nothing is random.
 */
import type { LogisticFit } from './types.js';

/** Options: the ridge penalty on the standardised coefficients and the iteration budget. */
export interface LogisticOptions {
  readonly l2?: number;
  readonly maxIterations?: number;
}

/** 1 / (1 + e^−z), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z), without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Training mean and sd of each column; a constant column gets scale 1, so it standardises to 0. */
function standardisation(rows: readonly (readonly number[])[], d: number) {
  const means = new Array<number>(d).fill(0);
  const scales = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) means[j] = (means[j] as number) + (row[j] ?? 0);
  for (let j = 0; j < d; j++) means[j] = (means[j] as number) / rows.length;
  for (const row of rows)
    for (let j = 0; j < d; j++)
      scales[j] = (scales[j] as number) + ((row[j] ?? 0) - (means[j] as number)) ** 2;
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt((scales[j] as number) / rows.length);
    scales[j] = sd > 1e-12 * Math.max(1, Math.abs(means[j] as number)) ? sd : 1;
  }
  return { means, scales };
}

/**
 * Solves A·x = b for a symmetric positive-definite A (row-major, k × k) by Cholesky, in place
 * of a copy; a tiny jitter keeps a numerically singular direction solvable.
 */
function solveSpd(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * k + j] as number) + (i === j ? 1e-10 : 0);
      for (let p = 0; p < j; p++) sum -= (l[i * k + p] as number) * (l[j * k + p] as number);
      l[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / (l[j * k + j] as number);
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i] as number;
    for (let p = 0; p < i; p++) sum -= (l[i * k + p] as number) * (y[p] as number);
    y[i] = sum / (l[i * k + i] as number);
  }
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let p = i + 1; p < k; p++) sum -= (l[p * k + i] as number) * (y[p] as number);
    y[i] = sum / (l[i * k + i] as number);
  }
  return y;
}

/**
 * Fits P(y = 1 | x) = σ(b + β·z), z the standardised x. With only one class in the labels the
 * maximum is at an infinite intercept, so the fit is β = 0 and b = logit((k + ½) / (n + 1)).
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  { l2 = 1, maxIterations = 50 }: LogisticOptions = {},
): LogisticFit {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0 || labels.length !== n) throw new RangeError('fitLogistic needs rows and one label per row');
  if (!(l2 >= 0)) throw new RangeError('l2 must be ≥ 0');
  const { means, scales } = standardisation(rows, d);
  const positives = labels.filter(Boolean).length;
  if (positives === 0 || positives === n) {
    const rate = (positives + 0.5) / (n + 1);
    const coefficients = new Array<number>(d).fill(0);
    return {
      means,
      scales,
      coefficients,
      intercept: Math.log(rate / (1 - rate)),
      l2,
      iterations: 0,
      converged: true,
    };
  }

  // The design matrix with the intercept as column d, standardised once.
  const k = d + 1;
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as readonly number[];
    for (let j = 0; j < d; j++) x[i * k + j] = ((row[j] ?? 0) - (means[j] as number)) / (scales[j] as number);
    x[i * k + d] = 1;
    y[i] = labels[i] ? 1 : 0;
  }
  const margins = (theta: Float64Array) => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += (x[i * k + j] as number) * (theta[j] as number);
      z[i] = s;
    }
    return z;
  };
  const objective = (theta: Float64Array, z: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) f += softplus(z[i] as number) - (y[i] as number) * (z[i] as number);
    for (let j = 0; j < d; j++) f += 0.5 * l2 * (theta[j] as number) ** 2;
    return f;
  };

  // Start at the intercept-only optimum: the log-odds of the training late rate.
  let theta = new Float64Array(k);
  theta[d] = Math.log(positives / (n - positives));
  let z = margins(theta);
  let f = objective(theta, z);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const gradient = new Float64Array(k);
    const hessian = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i] as number);
      const residual = p - (y[i] as number);
      const w = p * (1 - p);
      const base = i * k;
      for (let a = 0; a < k; a++) {
        const xa = x[base + a] as number;
        gradient[a] = (gradient[a] as number) + residual * xa;
        const wxa = w * xa;
        for (let b = 0; b <= a; b++)
          hessian[a * k + b] = (hessian[a * k + b] as number) + wxa * (x[base + b] as number);
      }
    }
    for (let j = 0; j < d; j++) {
      gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
      hessian[j * k + j] = (hessian[j * k + j] as number) + l2;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) hessian[b * k + a] = hessian[a * k + b] as number;
    const step = solveSpd(hessian, gradient, k);
    // gᵀH⁻¹g / 2 estimates how far the objective is above its minimum (the Newton decrement).
    let decrement = 0;
    for (let j = 0; j < k; j++) decrement += (gradient[j] as number) * (step[j] as number);
    if (decrement / 2 < 1e-10) {
      converged = true;
      break;
    }
    let accepted = false;
    for (let t = 1, halvings = 0; halvings < 30 && !accepted; halvings++, t /= 2) {
      const next = theta.map((v, j) => v - t * (step[j] as number));
      const nextZ = margins(next);
      const nextF = objective(next, nextZ);
      if (nextF <= f - 1e-4 * t * decrement) {
        theta = next;
        z = nextZ;
        f = nextF;
        accepted = true;
      }
    }
    // No step of 2⁻³⁰ of Newton's improves the objective: what is left is rounding noise.
    if (!accepted) converged = true;
  }
  const coefficients = Array.from(theta.subarray(0, d));
  return { means, scales, coefficients, intercept: theta[d] as number, l2, iterations, converged };
}

/** The standardised features of a raw vector. */
export function standardise(fit: LogisticFit, x: readonly number[]): number[] {
  return fit.means.map((mean, j) => ((x[j] ?? 0) - mean) / (fit.scales[j] as number));
}

/** The fitted log-odds of a raw feature vector. */
export function logOdds(fit: LogisticFit, x: readonly number[]): number {
  const z = standardise(fit, x);
  return fit.coefficients.reduce((sum, c, j) => sum + c * (z[j] as number), fit.intercept);
}

/** The fitted probability of a raw feature vector. */
export function predictLogistic(fit: LogisticFit, x: readonly number[]): number {
  return sigmoid(logOdds(fit, x));
}
