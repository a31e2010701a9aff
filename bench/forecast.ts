import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { seedDemoCompany } from '../src/modules/demo/index.js';
import {
  forecastSeries,
  MODELS,
  type ModelName,
  mase,
  owa,
  rmsse,
  type SeriesSpec,
  smape,
  specOf,
} from '../src/modules/forecasting/engine/index.js';
import { createForecastRun, executeForecastRun } from '../src/modules/forecasting/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import {
  forecastDataAvailable,
  loadCarparts,
  loadM4,
  loadOfficialNaive2,
  M4_FREQUENCIES,
  type M4Frequency,
  type M4Series,
} from './forecast-data.js';
import { figure, section } from './report.js';

/**
 * Forecast accuracy and speed on public data (issue #10), scored as the M4 competition scores:
 * sMAPE and MASE per frequency, OWA against the official Naive2. The official Naive2 forecasts
 * are scored first (the README of ../shared/data gives the exact figures, a check of the
 * scoring), then our Naive2 (a check of the seasonal adjustment), the competition's statistical
 * benchmarks as implemented here, and the automatic selection. Speed is series per second on
 * one core (this process). Car parts: MASE and RMSSE of the intermittent models and the
 * automatic selection against naive and the zero forecast, on the last 6 months. Last, a full
 * weekly run over the demo company (LANEWISE_BENCH_FORECAST_SHIPMENTS, default 20,000
 * shipments) on each database: series built from the data, forecast and stored.
 */

const BENCHMARK_MODELS: Exclude<ModelName, 'combination'>[] = [
  'naive2',
  'ses',
  'holt',
  'damped',
  'theta',
  'ets',
];
const TARGET_OWA: Record<M4Frequency, number> = { Weekly: 0.9, Hourly: 0.55 };
const SPEC_OF: Record<M4Frequency, SeriesSpec> = { Weekly: specOf('week'), Hourly: specOf('hour') };
const CARPARTS_HORIZON = 6;
const DEMO_SHIPMENTS = Number(process.env.LANEWISE_BENCH_FORECAST_SHIPMENTS ?? '') || 20_000;

interface Scores {
  smape: number;
  mase: number;
}

function scoreAll(
  series: readonly M4Series[],
  season: number,
  forecastOf: (s: M4Series, i: number) => number[],
): Scores {
  let smapeSum = 0;
  let maseSum = 0;
  series.forEach((s, i) => {
    const forecast = forecastOf(s, i);
    smapeSum += smape(s.test, forecast);
    maseSum += mase(s.train, s.test, forecast, season) ?? 0;
  });
  return { smape: smapeSum / series.length, mase: maseSum / series.length };
}

function m4(frequency: M4Frequency): void {
  const { horizon, season } = M4_FREQUENCIES[frequency];
  const series = loadM4(frequency);
  const official = loadOfficialNaive2();
  section(`forecast: M4 ${frequency} (${series.length} series, horizon ${horizon}, MASE season ${season})`);
  const naive2 = scoreAll(series, season, (s) => (official.get(s.id) ?? []).slice(0, horizon));
  figure(`M4 ${frequency} official Naive2 sMAPE`, naive2.smape, '%', 3);
  figure(`M4 ${frequency} official Naive2 MASE`, naive2.mase, '', 3);
  const report = (name: string, scores: Scores) => {
    figure(`M4 ${frequency} ${name} sMAPE`, scores.smape, '%', 3);
    figure(`M4 ${frequency} ${name} MASE`, scores.mase, '', 3);
    process.stdout.write(
      `${`M4 ${frequency} ${name} OWA`.padEnd(58)} ${owa(scores, naive2).toFixed(3).padStart(12)}\n`,
    );
  };
  for (const name of BENCHMARK_MODELS) {
    const started = performance.now();
    const scores = scoreAll(series, season, (s) => MODELS[name].forecast(s.train, horizon, season).mean);
    report(name, scores);
    figure(
      `M4 ${frequency} ${name} speed`,
      (series.length / (performance.now() - started)) * 1000,
      'series/s',
    );
  }

  const spec = SPEC_OF[frequency];
  const chosen = new Map<string, number>();
  let covered80 = 0;
  let covered95 = 0;
  const started = performance.now();
  const scores = scoreAll(series, season, (s) => {
    const result = forecastSeries(s.train, { horizon, spec });
    chosen.set(result.label, (chosen.get(result.label) ?? 0) + 1);
    const inside = (level: number) => {
      const band = result.intervals.find((i) => i.level === level);
      return band
        ? s.test.filter((a, j) => a >= (band.lower[j] as number) && a <= (band.upper[j] as number)).length /
            s.test.length
        : 0;
    };
    covered80 += inside(0.8);
    covered95 += inside(0.95);
    return result.mean;
  });
  const seconds = (performance.now() - started) / 1000;
  report('automatic selection', scores);
  process.stdout.write(
    `${`M4 ${frequency} automatic selection OWA target`.padEnd(58)} ${`≤ ${TARGET_OWA[frequency]}`.padStart(12)}\n`,
  );
  figure(
    `M4 ${frequency} automatic selection 80 % interval coverage`,
    (100 * covered80) / series.length,
    '%',
  );
  figure(
    `M4 ${frequency} automatic selection 95 % interval coverage`,
    (100 * covered95) / series.length,
    '%',
  );
  figure(`M4 ${frequency} automatic selection speed (one core)`, series.length / seconds, 'series/s');
  const top = [...chosen.entries()].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ${n}`);
  process.stdout.write(`M4 ${frequency} models chosen: ${top.join(', ')}\n`);
}

function carparts(): void {
  const series = loadCarparts(CARPARTS_HORIZON);
  section(
    `forecast: car parts, intermittent (${series.length} complete series, last ${CARPARTS_HORIZON} months held out)`,
  );
  const spec = specOf('month');
  const methods: [string, (s: M4Series) => number[]][] = [
    ['zero', () => new Array<number>(CARPARTS_HORIZON).fill(0)],
    ['naive', (s) => MODELS.naive.forecast(s.train, CARPARTS_HORIZON, 1).mean],
    ['croston', (s) => MODELS.croston.forecast(s.train, CARPARTS_HORIZON, 1).mean],
    ['sba', (s) => MODELS.sba.forecast(s.train, CARPARTS_HORIZON, 1).mean],
    ['tsb', (s) => MODELS.tsb.forecast(s.train, CARPARTS_HORIZON, 1).mean],
    ['automatic selection', (s) => forecastSeries(s.train, { horizon: CARPARTS_HORIZON, spec }).mean],
  ];
  // MASE and RMSSE use the one-step naive scale (M5); a history with no change has none and is left out.
  const scored = series.filter((s) => mase(s.train, s.test, s.test, 1) !== null);
  figure('car parts series with a scale (used)', scored.length, 'series');
  for (const [name, forecastOf] of methods) {
    let maseSum = 0;
    let rmsseSum = 0;
    const started = performance.now();
    for (const s of scored) {
      const forecast = forecastOf(s);
      maseSum += mase(s.train, s.test, forecast, 1) ?? 0;
      rmsseSum += rmsse(s.train, s.test, forecast, 1) ?? 0;
    }
    const ms = performance.now() - started;
    figure(`car parts ${name} MASE`, maseSum / scored.length, '', 3);
    figure(`car parts ${name} RMSSE`, rmsseSum / scored.length, '', 3);
    if (name === 'automatic selection')
      figure('car parts automatic selection speed', (scored.length / ms) * 1000, 'series/s');
  }
}

async function demoRuns(): Promise<void> {
  section(
    `forecast: a weekly run over the demo company (${DEMO_SHIPMENTS.toLocaleString('en-US')} shipments)`,
  );
  const now = new Date('2026-11-30T08:00:00Z');
  for (const dialect of testDialects) {
    const test = await createTestDatabase(dialect);
    const database = connect(test.target);
    try {
      await migrateToLatest(database.db);
      const { orgId } = await seedDemoCompany(database.db, { shipments: DEMO_SHIPMENTS, seed: 42, now });
      const runId = await createForecastRun(database.db, systemCaller(orgId), { grain: 'week' });
      const started = performance.now();
      const summary = await executeForecastRun(database.db, orgId, runId, { now });
      const seconds = (performance.now() - started) / 1000;
      figure(`demo run on ${dialect}: series`, summary.series, 'series');
      figure(`demo run on ${dialect}: wall time`, seconds, 's');
      figure(`demo run on ${dialect}: speed`, summary.series / seconds, 'series/s');
      figure(`demo run on ${dialect}: mean backtest MASE`, summary.mase ?? Number.NaN, '', 3);
      figure(
        `demo run on ${dialect}: 80 % / 95 % backtest coverage`,
        100 * (summary.coverage80 ?? Number.NaN),
        `% / ${(100 * (summary.coverage95 ?? Number.NaN)).toFixed(1)} %`,
      );
    } finally {
      await database.close();
      await test.drop();
    }
  }
}

export const benchmark = {
  name: 'forecast',
  async run(): Promise<void> {
    if (forecastDataAvailable()) {
      m4('Weekly');
      m4('Hourly');
      carparts();
    } else {
      section('forecast: public data skipped — ../shared/data is not on this machine');
    }
    await demoRuns();
  },
};
