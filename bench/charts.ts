import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { chartSpecOf, renderSvg } from '../src/modules/analytics/index.js';
import { type ChartCase, chartCases } from './chart-cases.js';
import { figure, section } from './report.js';

/**
 * Chart cost (issue #9): building the Vega-Lite spec and rendering it to SVG with vega on the
 * server, for a 24-point line, a 20-bar ranking and a KPI. Warm: p50/p95 over RUNS renders in
 * this process after a warm-up. Cold: the first render in a fresh process (bench/charts-cold.ts),
 * with the time to load the chart code (vega and vega-lite; through tsx, so it includes
 * transpiling our files) apart.
 */
const RUNS = 200;
const WARMUP = 20;

const cold = fileURLToPath(new URL('./charts-cold.ts', import.meta.url));

interface Cold {
  readonly loadMs: number;
  readonly specMs: number;
  readonly renderMs: number;
  readonly bytes: number;
}

async function coldRender(which: ChartCase): Promise<Cold> {
  const child = spawn(process.execPath, ['--import', 'tsx', cold, which], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`charts-cold ${which} exited with ${code}`);
  return JSON.parse(output) as Cold;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

export const benchmark = {
  name: 'charts',
  run: async () => {
    section(`Charts: Vega-Lite spec + server-side SVG (warm: ${RUNS} runs each; cold: a fresh process)`);
    for (const which of Object.keys(chartCases) as ChartCase[]) {
      const { label, result } = chartCases[which];
      const first = await coldRender(which);
      figure(`${label}: cold, load chart code (vega, vega-lite)`, first.loadMs, 'ms');
      figure(`${label}: cold, first spec + SVG`, first.specMs + first.renderMs, 'ms');

      for (let i = 0; i < WARMUP; i++) await renderSvg(chartSpecOf(result));
      const specs: number[] = [];
      const totals: number[] = [];
      let bytes = 0;
      // CPU time is steadier than wall-clock percentiles when other processes share the cores.
      const cpu = process.cpuUsage();
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const spec = chartSpecOf(result);
        const built = performance.now();
        const svg = await renderSvg(spec);
        totals.push(performance.now() - start);
        specs.push(built - start);
        bytes = svg.length;
      }
      const used = process.cpuUsage(cpu);
      specs.sort((a, b) => a - b);
      totals.sort((a, b) => a - b);
      figure(`${label}: warm spec p50`, percentile(specs, 0.5), 'ms');
      figure(`${label}: warm spec + SVG p50`, percentile(totals, 0.5), 'ms');
      figure(`${label}: warm spec + SVG p95`, percentile(totals, 0.95), 'ms');
      figure(`${label}: warm CPU per spec + SVG (mean)`, (used.user + used.system) / 1000 / RUNS, 'ms');
      figure(`${label}: SVG size`, bytes / 1024, 'KiB');
    }
  },
};
