import { AppError } from '../lib/errors.js';
import { systemCaller } from '../modules/auth/index.js';
import { createForecastRun, executeForecastRun, getForecastRun } from '../modules/forecasting/index.js';
import { configFrom, orgIdOf, say, withDatabase } from './context.js';

/**
 * `lanewise forecast --org SLUG`: a forecast run of an organization's own series (demand,
 * lane and carrier volumes), executed in this process rather than queued, with its progress on
 * stderr and its summary at the end; the run is stored like one the API starts.
 */

/** What the organization mode reads from the command line. */
export interface OrgForecastOptions {
  readonly databaseUrl?: string;
  readonly org?: string;
  readonly grain: 'day' | 'week';
  readonly horizon?: number;
  readonly kinds?: ('demand' | 'lane_volume' | 'carrier_volume')[];
  readonly series?: string[];
  readonly json?: boolean;
}

/** Runs the forecasts of an organization and prints the run. */
export async function forecastOrganization(o: OrgForecastOptions): Promise<void> {
  const config = configFrom(o);
  if (o.horizon !== undefined && o.horizon > config.forecasting.maxHorizon) {
    throw new AppError(
      'REQUEST_INVALID',
      `The horizon is at most ${config.forecasting.maxHorizon} periods (LANEWISE_FORECAST_MAX_HORIZON).`,
    );
  }
  await withDatabase(config, { migrate: true }, async ({ db }) => {
    const orgId = await orgIdOf(db, o.org);
    const runId = await createForecastRun(db, systemCaller(orgId), {
      grain: o.grain,
      horizon: o.horizon,
      kinds: o.kinds,
      series: o.series,
    });
    let shown = 0;
    await executeForecastRun(db, orgId, runId, {
      now: new Date(),
      progress: (done, total) => {
        // A line every 10 % keeps a long run visibly alive without flooding the terminal.
        if (done === total || done - shown >= Math.max(1, Math.ceil(total / 10))) {
          shown = done;
          process.stderr.write(`forecast run ${runId}: ${done} of ${total} series\n`);
        }
      },
    });
    const run = await getForecastRun(db, orgId, runId);
    if (o.json) return say(JSON.stringify(run, null, 2));
    const s = run.summary;
    say(
      `Forecast run ${run.id}: ${run.seriesTotal ?? 0} series, ${run.grain} grain, horizon ${run.horizon}.`,
    );
    if (!s) return;
    const fixed = (v: number | null, digits = 3) => (v === null ? 'n/a' : v.toFixed(digits));
    say(
      `Models chosen: ${
        Object.entries(s.byModel)
          .map(([m, n]) => `${m} ${n}`)
          .join(', ') || 'none'
      }.`,
    );
    say(
      `Classes: ${
        Object.entries(s.byClass)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none'
      }.`,
    );
    say(
      `Backtest: MASE ${fixed(s.mase)}, sMAPE ${fixed(s.smape, 2)} %, WAPE ${fixed(s.wape)}, 80 % coverage ${fixed(s.coverage80)}, 95 % coverage ${fixed(s.coverage95)}; ${s.seconds} s.`,
    );
    if (s.failed > 0) say(`${s.failed} series could not be forecast.`);
  });
}
