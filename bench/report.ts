/**
 * How benchmarks print: one line per figure, `name  value unit`, with the ratio to a baseline
 * where there is one. Benchmarks report numbers; they never pass or fail.
 */
export function figure(name: string, value: number, unit: string, decimals?: number): void {
  const shown = decimals === undefined ? format(value) : value.toFixed(decimals);
  process.stdout.write(`${name.padEnd(58)} ${shown.padStart(12)} ${unit}\n`);
}

/** Prints ours, the baseline and ours ÷ baseline (higher is better for throughputs). */
export function ratio(name: string, ours: number, baseline: number, unit: string, target?: number): void {
  figure(`${name} (ours)`, ours, unit);
  figure(`${name} (baseline)`, baseline, unit);
  const r = ours / baseline;
  const goal = target === undefined ? '' : `  (target ≥ ${target})`;
  process.stdout.write(`${`${name} ratio`.padEnd(58)} ${r.toFixed(3).padStart(12)}${goal}\n`);
}

export function section(title: string): void {
  process.stdout.write(`\n== ${title} ==\n`);
}

function format(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

/** Wall-clock milliseconds of an async body. */
export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await body();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
