import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../lib/errors.js';
import {
  FORECAST_CSV_HEADER,
  type ForecastRow,
  FREQUENCIES,
  type Frequency,
  forecastSeries,
  formatForecastRow,
  futureDates,
  MODEL_NAMES,
  type ModelName,
  parseSeriesCsv,
  type SeriesFile,
  type SeriesForecast,
  type SeriesSpec,
  specForSeasons,
  specOf,
} from '../modules/forecasting/engine/index.js';
import { orgOption, withDatabaseOption } from './context.js';
import { forecastOrganization, type OrgForecastOptions } from './forecast-org.js';

/**
 * `lanewise forecast --input FILE`: forecasts every series of a file a planner brings (long
 * id,date,value rows or M4-style wide rows), without a database. Each series' rows are written
 * as soon as it is done, so 100,000 series never sit in memory as one output; failed series,
 * the file's notes and a summary go to stderr. Reading series and forecasting them are apart, so
 * another source of series can feed the same run.
 */

const MAX_HORIZON = 1000;
const NOTES_SHOWN = 10;

interface ForecastOptions {
  input?: string;
  horizon?: number;
  season?: number[];
  frequency?: Frequency;
  out?: string;
  models?: ModelName[];
  json?: boolean;
}

/** One series to forecast, wherever it comes from. */
export interface ForecastJob {
  readonly id: string;
  readonly values: readonly number[];
  readonly spec: SeriesSpec;
  /** The labels of the forecast periods, null when the series' dates are unknown or irregular. */
  readonly dates: readonly string[] | null;
}

/** What a run did, for its summary. */
export interface ForecastRunSummary {
  readonly series: number;
  readonly failed: number;
  /** How often each model (its label) was chosen. */
  readonly chosen: ReadonlyMap<string, number>;
  readonly mase: Mean;
  readonly smape: Mean;
  /** The first refusal, when series failed. */
  readonly firstFailure: AppError | null;
}

/** A running mean: the sum of the values seen and how many there were. */
export interface Mean {
  sum: number;
  count: number;
}

/** `lanewise forecast`: reads a series file, forecasts each series, writes CSV rows or JSON lines. */
export function forecastCommand(): Command {
  return withDatabaseOption(new Command('forecast'))
    .description(
      "Forecast every series of a CSV file (id,date,value rows, or one row per series), or an organization's own series (--org)",
    )
    .option(
      '--input <file>',
      'the series file (- reads standard input); without it, the organization’s series',
    )
    .option('--horizon <n>', `periods to forecast, 1–${MAX_HORIZON} (required with --input)`, horizonOf)
    .addOption(
      new Option('--season <m,...>', 'the season length(s) in periods, e.g. 7 or 24,168')
        .argParser(seasonsOf)
        .conflicts('frequency'),
    )
    .addOption(
      new Option('--frequency <f>', 'the period of the series (default: from the dates)').choices(
        FREQUENCIES,
      ),
    )
    .option('--out <file>', 'write the forecasts to a file (default: standard output)')
    .option('--models <a,b>', `only these models (${MODEL_NAMES.join(', ')})`, modelsOf)
    .option('--json', 'one JSON object per series (model, accuracy, candidates) instead of CSV rows')
    .addOption(orgOption())
    .addOption(
      new Option('--grain <grain>', 'with the organization: day or week')
        .choices(['day', 'week'])
        .default('week'),
    )
    .addOption(
      new Option('--kinds <kind...>', 'with the organization: only these kinds').choices([
        'demand',
        'lane_volume',
        'carrier_volume',
      ]),
    )
    .option('--series <key...>', 'with the organization: only these series keys')
    .addHelpText(
      'after',
      '\nExamples:\n  lanewise forecast --input demand.csv --horizon 28 --out forecast.csv\n  lanewise forecast --org demo --horizon 13\n',
    )
    .action(async (o: ForecastOptions & OrgForecastOptions) => {
      if (o.input === undefined) return forecastOrganization(refuseFileOptions(o));
      const { horizon } = o;
      if (horizon === undefined) throw new InvalidArgumentError('--horizon is required with --input.');
      const started = performance.now();
      const file = parseSeriesCsv(await readInput(o.input));
      const plan = planFile(file, { ...o, horizon });
      if (file.format === 'wide' && !o.season && !o.frequency) {
        tell('No --season or --frequency given: the series are forecast without a season.');
      }
      const stream = o.out === undefined ? process.stdout : createWriteStream(o.out);
      if (o.out !== undefined) await once(stream, 'open');
      let summary: ForecastRunSummary;
      try {
        summary = await runForecasts(plan.jobs, { ...o, horizon }, writerTo(stream));
      } catch (error) {
        // The reader went away (`| head`): stop quietly, as command-line tools do.
        if ((error as { code?: string }).code === 'EPIPE') return;
        throw error;
      }
      if (stream !== process.stdout) {
        stream.end();
        await once(stream, 'finish');
      }
      reportRun(summary, horizon, (performance.now() - started) / 1000, plan.frequencies, file.notes);
      const { firstFailure, failed, series } = summary;
      if (firstFailure) {
        throw new AppError(
          firstFailure.code,
          `${failed} of ${series} series could not be forecast (named above).`,
        );
      }
    });
}

/**
 * The labels of the `horizon` periods after `dates` and the frequency they step by; both null
 * when the dates are not evenly daily, weekly or monthly.
 */
export function seriesCalendar(
  dates: string[],
  horizon: number,
): { dates: string[] | null; frequency: Frequency | null } {
  const future = futureDates(dates, Math.max(horizon, 1));
  const last = dates.at(-1);
  const next = future?.[0];
  if (!future || last === undefined || next === undefined) return { dates: null, frequency: null };
  // The engine's calendar steps by whole days, weeks or months, so the first step tells which.
  const days = (Date.parse(next.slice(0, 10)) - Date.parse(last.slice(0, 10))) / 86_400_000;
  const frequency = days === 1 ? 'day' : days === 7 ? 'week' : days >= 28 && days <= 31 ? 'month' : null;
  return { dates: future.slice(0, horizon), frequency };
}

/**
 * The file's series as jobs, built one at a time (a series' future dates are made when it is
 * reached). Without --season or --frequency a dated series takes the frequency of its dates;
 * `frequencies` counts them, with `none` for series left without a season.
 */
function planFile(
  file: SeriesFile,
  o: ForecastOptions & { horizon: number },
): { jobs: Iterable<ForecastJob>; frequencies: Map<string, number> } {
  const given = o.season ? specForSeasons(o.season) : o.frequency ? specOf(o.frequency) : null;
  const frequencies = new Map<string, number>();
  function* jobs(): Generator<ForecastJob> {
    for (const series of file.series) {
      const calendar = series.dates ? seriesCalendar(series.dates, o.horizon) : null;
      let spec = given;
      if (!spec) {
        const frequency = calendar?.frequency ?? 'none';
        frequencies.set(frequency, (frequencies.get(frequency) ?? 0) + 1);
        spec = frequency === 'none' ? specForSeasons([1]) : specOf(frequency);
      }
      yield { id: series.id, values: series.values, spec, dates: calendar?.dates ?? null };
    }
  }
  return { jobs: jobs(), frequencies: file.format === 'long' ? frequencies : new Map() };
}

/**
 * Forecasts each job and writes its CSV rows (or its JSON line). A series the engine refuses is
 * named on stderr and the others go on; the summary holds the first refusal.
 */
export async function runForecasts(
  jobs: Iterable<ForecastJob>,
  o: { horizon: number; models?: readonly ModelName[]; json?: boolean },
  write: (chunk: string) => Promise<void>,
): Promise<ForecastRunSummary> {
  const chosen = new Map<string, number>();
  const mase: Mean = { sum: 0, count: 0 };
  const smape: Mean = { sum: 0, count: 0 };
  let series = 0;
  let firstFailure: AppError | null = null;
  let failed = 0;
  if (!o.json) await write(`${FORECAST_CSV_HEADER}\n`);
  for (const job of jobs) {
    series++;
    let forecast: SeriesForecast;
    try {
      forecast = forecastSeries(job.values, {
        horizon: o.horizon,
        spec: job.spec,
        ...(o.models ? { models: o.models } : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failed++;
      firstFailure ??= error;
      tell(`lanewise: series ${JSON.stringify(job.id)} was not forecast: ${error.message} [${error.code}]`);
      continue;
    }
    chosen.set(forecast.label, (chosen.get(forecast.label) ?? 0) + 1);
    add(mase, forecast.accuracy.mase);
    add(smape, forecast.accuracy.smape);
    await write(o.json ? jsonLine(job, forecast) : csvRows(job, forecast));
  }
  return { series, failed, chosen, mase, smape, firstFailure };
}

function csvRows(job: ForecastJob, f: SeriesForecast): string {
  const band = (level: number) => f.intervals.find((i) => i.level === level);
  const i80 = band(0.8);
  const i95 = band(0.95);
  const rows: ForecastRow[] = f.mean.map((forecast, j) => ({
    id: job.id,
    step: j + 1,
    date: job.dates?.[j] ?? null,
    model: f.label,
    forecast,
    lo80: i80?.lower[j] ?? Number.NaN,
    hi80: i80?.upper[j] ?? Number.NaN,
    lo95: i95?.lower[j] ?? Number.NaN,
    hi95: i95?.upper[j] ?? Number.NaN,
  }));
  return rows.map((row) => `${formatForecastRow(row)}\n`).join('');
}

function jsonLine(job: ForecastJob, f: SeriesForecast): string {
  const line = {
    id: job.id,
    model: f.label,
    components: f.components,
    class: f.seriesClass,
    adi: f.adi,
    cv2: f.cv2,
    dates: job.dates,
    mean: f.mean,
    intervals: f.intervals,
    accuracy: f.accuracy,
    candidates: f.candidates,
    skipped: f.skipped,
    notes: f.notes,
  };
  return `${JSON.stringify(line)}\n`;
}

/** The summary on stderr. */
function reportRun(
  s: ForecastRunSummary,
  horizon: number,
  seconds: number,
  frequencies: ReadonlyMap<string, number>,
  notes: readonly string[],
): void {
  const done = s.series - s.failed;
  const timing = ` in ${seconds.toFixed(2)} s (${(s.series / Math.max(seconds, 1e-3)).toFixed(1)} series/s)`;
  const failedPart = s.failed > 0 ? `, ${s.failed} failed` : '';
  tell(`${done} of ${s.series} series forecast ${horizon} periods ahead${failedPart}${timing}.`);
  if (s.chosen.size > 0) tell(`Models chosen: ${counts(s.chosen)}.`);
  if (done > 0) {
    const measure = (name: string, mean: Mean, digits: number, unit: string) => {
      if (mean.count === 0) return `${name} n/a`;
      const over = mean.count < done ? ` (${mean.count} of ${done} series)` : '';
      return `${name} ${(mean.sum / mean.count).toFixed(digits)}${unit}${over}`;
    };
    tell(
      `Backtest of the chosen models: mean ${measure('MASE', s.mase, 3, '')}, mean ${measure('sMAPE', s.smape, 2, ' %')}.`,
    );
  }
  if (frequencies.size > 0) {
    tell(`Frequency from the dates (no --season or --frequency given): ${counts(frequencies)}.`);
    if (frequencies.has('none'))
      tell('Series with frequency none were forecast without a season; give --season to set one.');
  }
  if (notes.length > 0) {
    tell('Notes on the file:');
    for (const note of notes.slice(0, NOTES_SHOWN)) tell(`  ${note}`);
    if (notes.length > NOTES_SHOWN) tell(`  … and ${notes.length - NOTES_SHOWN} more`);
  }
}

function counts(map: ReadonlyMap<string, number>): string {
  return [...map]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

function add(mean: Mean, value: number | null): void {
  if (value === null || !Number.isFinite(value)) return;
  mean.sum += value;
  mean.count++;
}

/** Writes to `stream`, waiting whenever its buffer is full; a write error fails the next write. */
function writerTo(stream: Writable): (chunk: string) => Promise<void> {
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure = error;
  });
  return async (chunk) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}

async function readInput(input: string): Promise<string> {
  try {
    if (input !== '-') return await readFile(input, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw new AppError('FORECAST_INPUT_INVALID', `Cannot read ${input}: ${(error as Error).message}.`);
  }
}

/** The organization mode forecasts stored series: the file mode's options mean nothing there. */
function refuseFileOptions<T extends ForecastOptions & OrgForecastOptions>(o: T): T {
  const fileOnly = (['season', 'frequency', 'out', 'models'] as const).filter((k) => o[k] !== undefined);
  if (fileOnly.length > 0) {
    throw new InvalidArgumentError(`--${fileOnly.join(', --')} only apply with --input (a series file).`);
  }
  return o;
}

function tell(line: string): void {
  process.stderr.write(`${line}\n`);
}

function horizonOf(value: string): number {
  const n = /^\d{1,4}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_HORIZON)) {
    throw new InvalidArgumentError(`the horizon must be a whole number from 1 to ${MAX_HORIZON}.`);
  }
  return n;
}

function seasonsOf(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (!parts.every((part) => /^[1-9]\d{0,5}$/.test(part))) {
    throw new InvalidArgumentError(
      'give season lengths as whole numbers ≥ 1, comma-separated (e.g. 7 or 24,168).',
    );
  }
  return parts.map(Number);
}

function modelsOf(value: string): ModelName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(MODEL_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `${unknown.length > 0 ? `unknown model ${unknown.join(', ')}; ` : ''}choose from ${MODEL_NAMES.join(', ')}.`,
    );
  }
  return [...new Set(names)] as ModelName[];
}
