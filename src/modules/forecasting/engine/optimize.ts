/**
 * Nelder–Mead minimisation inside a box: every point is clamped to the bounds, which is all the
 * smoothing models need (a handful of parameters, each in a known range). Written here rather
 * than taken from npm because the one maintained-looking package (fmin) has no bounds and has
 * not changed since 2017; see ADR 0022.
 */
export interface Box {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** Options: the iteration budget and the spread of values at which the simplex has converged. */
export interface MinimizeOptions {
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/** The minimising point and its value. */
export interface Minimum {
  readonly x: number[];
  readonly value: number;
}

/** Minimises `f` from `start`, never leaving `box`; the first simplex steps 10 % of each range. */
export function minimize(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  box: Box,
  { maxIterations = 200 * start.length, tolerance = 1e-8 }: MinimizeOptions = {},
): Minimum {
  const dim = start.length;
  const clamp = (x: number[]): number[] =>
    x.map((v, i) => Math.min(box.upper[i] as number, Math.max(box.lower[i] as number, v)));
  const evaluate = (x: number[]): { x: number[]; value: number } => {
    const value = f(x);
    return { x, value: Number.isFinite(value) ? value : Number.POSITIVE_INFINITY };
  };
  const origin = clamp([...start]);
  const simplex = [evaluate(origin)];
  for (let i = 0; i < dim; i++) {
    const point = [...origin];
    const range = (box.upper[i] as number) - (box.lower[i] as number);
    const step = 0.1 * range;
    point[i] = (point[i] as number) + ((point[i] as number) + step > (box.upper[i] as number) ? -step : step);
    simplex.push(evaluate(clamp(point)));
  }
  const combine = (a: number[], b: number[], t: number): number[] =>
    clamp(a.map((v, i) => v + t * ((b[i] as number) - v)));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0] as { x: number[]; value: number };
    const worst = simplex[dim] as { x: number[]; value: number };
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let k = 0; k < dim; k++) {
      const point = (simplex[k] as { x: number[] }).x;
      for (let i = 0; i < dim; i++) centroid[i] = (centroid[i] as number) + (point[i] as number) / dim;
    }
    const reflected = evaluate(combine(centroid, worst.x, -1));
    const secondWorst = simplex[dim - 1] as { value: number };
    if (reflected.value < best.value) {
      const expanded = evaluate(combine(centroid, worst.x, -2));
      simplex[dim] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[dim] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(combine(centroid, worst.x, outside ? -0.5 : 0.5));
      if (contracted.value < Math.min(worst.value, reflected.value)) {
        simplex[dim] = contracted;
      } else {
        for (let k = 1; k <= dim; k++) {
          simplex[k] = evaluate(combine(best.x, (simplex[k] as { x: number[] }).x, 0.5));
        }
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const winner = simplex[0] as { x: number[]; value: number };
  return { x: winner.x, value: winner.value };
}
