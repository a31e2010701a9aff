import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic, sigmoid } from './logistic.js';
import type { LogisticFit } from './types.js';

/** mulberry32: a tiny seeded PRNG, so the synthetic data are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw by Box–Muller. */
const normal = (random: () => number) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Coefficients and intercept on the raw features: β/scale, b − Σ β·mean/scale. */
function rawCoefficients(fit: LogisticFit) {
  const coefficients = fit.coefficients.map((c, j) => c / (fit.scales[j] as number));
  const intercept = fit.coefficients.reduce(
    (b, c, j) => b - (c * (fit.means[j] as number)) / (fit.scales[j] as number),
    fit.intercept,
  );
  return { coefficients, intercept };
}

/** Rows drawn from P(late) = σ(−1 + 1.5·x₁ − 0.4·x₂ + 0.8·x₃), x₁ ~ N(0, 1), x₂ ~ U(0, 10), x₃ ∈ {0, 1}. */
function synthetic(n: number, seed: number) {
  const random = mulberry32(seed);
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const x = [normal(random), 10 * random(), random() < 0.3 ? 1 : 0];
    const [x1, x2, x3] = x as [number, number, number];
    rows.push(x);
    labels.push(random() < sigmoid(-1 + 1.5 * x1 - 0.4 * x2 + 0.8 * x3));
  }
  return { rows, labels };
}

describe('fitLogistic', () => {
  it('recovers the coefficients that generated the data', () => {
    const { rows, labels } = synthetic(20_000, 7);
    const fit = fitLogistic(rows, labels, { l2: 1e-6 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(15);
    const raw = rawCoefficients(fit);
    // Standard errors at n = 20,000 are about 0.02–0.05; 0.1 is several of them.
    expect(Math.abs(raw.intercept + 1)).toBeLessThan(0.1);
    expect(Math.abs((raw.coefficients[0] as number) - 1.5)).toBeLessThan(0.1);
    expect(Math.abs((raw.coefficients[1] as number) + 0.4)).toBeLessThan(0.03);
    expect(Math.abs((raw.coefficients[2] as number) - 0.8)).toBeLessThan(0.1);
  });

  it('predicts what the raw coefficients say', () => {
    const { rows, labels } = synthetic(2_000, 3);
    const fit = fitLogistic(rows, labels);
    const raw = rawCoefficients(fit);
    const x = [0.5, 4, 1];
    const z = raw.coefficients.reduce((s, c, j) => s + c * (x[j] as number), raw.intercept);
    expect(predictLogistic(fit, x)).toBeCloseTo(sigmoid(z), 12);
  });

  it('shrinks coefficients toward 0 as the penalty grows', () => {
    const { rows, labels } = synthetic(2_000, 5);
    const size = (fit: LogisticFit) => Math.hypot(...fit.coefficients);
    expect(size(fitLogistic(rows, labels, { l2: 1000 }))).toBeLessThan(
      size(fitLogistic(rows, labels, { l2: 1 })),
    );
  });

  it('is deterministic', () => {
    const { rows, labels } = synthetic(3_000, 11);
    expect(fitLogistic(rows, labels)).toEqual(fitLogistic(rows, labels));
  });

  it('gives a constant feature scale 1 and no weight', () => {
    const { rows, labels } = synthetic(2_000, 13);
    const fit = fitLogistic(
      rows.map((r) => [...r, 42]),
      labels,
    );
    expect(fit.means[3]).toBe(42);
    expect(fit.scales[3]).toBe(1);
    expect(fit.coefficients[3]).toBe(0);
  });

  it('keeps separable data finite through the penalty', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map(([x]) => (x as number) >= 50);
    const fit = fitLogistic(rows, labels, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
    expect(predictLogistic(fit, [99])).toBeGreaterThan(0.99);
    expect(predictLogistic(fit, [0])).toBeLessThan(0.01);
  });

  it('fits one class to its smoothed rate instead of an infinite intercept', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [i, i % 7]);
    const allLate = fitLogistic(
      rows,
      rows.map(() => true),
    );
    // (60 + ½) / 61 = 0.99180…
    expect(allLate.coefficients).toEqual([0, 0]);
    expect(predictLogistic(allLate, [3, 3])).toBeCloseTo(60.5 / 61, 12);
    const allOnTime = fitLogistic(
      rows,
      rows.map(() => false),
    );
    expect(predictLogistic(allOnTime, [3, 3])).toBeCloseTo(0.5 / 61, 12);
  });

  it('refuses no rows, or labels that do not match the rows', () => {
    expect(() => fitLogistic([], [])).toThrow(RangeError);
    expect(() => fitLogistic([[1]], [true, false])).toThrow(RangeError);
  });
});

describe('sigmoid', () => {
  it('saturates without overflow', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-30)).toBeGreaterThan(0);
  });
});
