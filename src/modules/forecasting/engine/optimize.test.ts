import { describe, expect, it } from 'vitest';
import { type Box, minimize } from './optimize.js';

/** `f`, recording every point it is evaluated at. */
const recording = (f: (x: readonly number[]) => number) => {
  const points: number[][] = [];
  return {
    points,
    f: (x: readonly number[]) => {
      points.push([...x]);
      return f(x);
    },
  };
};

const inside = (x: readonly number[], box: Box) =>
  x.every((v, i) => v >= (box.lower[i] as number) && v <= (box.upper[i] as number));

describe('minimize', () => {
  it('finds the minimum of a quadratic inside the box', () => {
    // (x − 1)² + 2(y + 0.5)² is smallest, 0, at (1, −0.5)
    const best = minimize((x) => ((x[0] as number) - 1) ** 2 + 2 * ((x[1] as number) + 0.5) ** 2, [0, 0], {
      lower: [-3, -3],
      upper: [3, 3],
    });
    expect(best.x[0]).toBeCloseTo(1, 4);
    expect(best.x[1]).toBeCloseTo(-0.5, 4);
    expect(best.value).toBeCloseTo(0, 8);
  });

  it('stops on the bound when the unconstrained minimum lies outside, and never leaves the box', () => {
    // (x − 5)² + (y − 1)² on x ∈ [0, 2], y ∈ [0, 3]: the nearest point to (5, 1) is (2, 1), value 9
    const box = { lower: [0, 0], upper: [2, 3] };
    const { f, points } = recording((x) => ((x[0] as number) - 5) ** 2 + ((x[1] as number) - 1) ** 2);
    const best = minimize(f, [0.5, 0.5], box);
    expect(best.x[0]).toBe(2);
    expect(best.x[1]).toBeCloseTo(1, 3);
    expect(best.value).toBeCloseTo(9, 6);
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((x) => inside(x, box))).toBe(true);
  });

  it('steers clear of where the function is NaN or infinite', () => {
    // x − ln x has its minimum 1 at x = 1; ln is NaN below 0 and −∞ at 0 (value +∞)
    const f = (x: readonly number[]) => (x[0] as number) - Math.log(x[0] as number);
    const box = { lower: [-1], upper: [5] };
    for (const start of [3, -0.5]) {
      const best = minimize(f, [start], box);
      expect(best.x[0]).toBeCloseTo(1, 3);
      expect(best.value).toBeCloseTo(1, 6);
    }
  });

  it('rejects points in an infinite region in two dimensions', () => {
    // The bowl at (1.5, 0.5) is walled off at x > 2 (value +∞): the wall does not trap it
    const wall = (x: readonly number[]) =>
      (x[0] as number) > 2
        ? Number.POSITIVE_INFINITY
        : ((x[0] as number) - 1.5) ** 2 + ((x[1] as number) - 0.5) ** 2;
    const best = minimize(wall, [0, 0], { lower: [-3, -3], upper: [3, 3] });
    expect(best.x[0]).toBeCloseTo(1.5, 4);
    expect(best.x[1]).toBeCloseTo(0.5, 4);
  });

  it('solves Rosenbrock in 2-D within the default budget', () => {
    // (1 − x)² + 100(y − x²)², the classic start (−1.2, 1); minimum 0 at (1, 1).
    // The default budget is 200 iterations per dimension. An iteration evaluates at most 4 points
    // (reflect, contract, then a shrink of the other 2), so 3 + 400·4 bounds the evaluations.
    const { f, points } = recording(
      (x) => (1 - (x[0] as number)) ** 2 + 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2,
    );
    const best = minimize(f, [-1.2, 1], { lower: [-2, -2], upper: [2, 2] });
    expect(Math.abs((best.x[0] as number) - 1)).toBeLessThan(1e-3);
    expect(Math.abs((best.x[1] as number) - 1)).toBeLessThan(1e-3);
    expect(best.value).toBeLessThan(1e-6);
    expect(points.length).toBeLessThanOrEqual(3 + 400 * 4);
  });

  it('stops after maxIterations', () => {
    // With no iterations only the first simplex is evaluated: the start and one step of 10 % of
    // each range (0.2), downwards where upwards would leave the box.
    const { f, points } = recording((x) => ((x[0] as number) - 0.9) ** 2 + (x[1] as number) ** 2);
    const best = minimize(f, [0, 0.9], { lower: [-1, -1], upper: [1, 1] }, { maxIterations: 0 });
    expect(points).toHaveLength(3);
    expect(points[1]?.[0]).toBeCloseTo(0.2, 12);
    expect(points[2]?.[1]).toBeCloseTo(0.7, 12);
    // The start scores 0.81 + 0.81 = 1.62, (0.2, 0.9) 0.49 + 0.81 = 1.30, (0, 0.7) 0.81 + 0.49 = 1.30
    expect(best.value).toBeCloseTo(1.3, 12);
  });
});
