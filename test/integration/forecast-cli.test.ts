import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ForecastJob, runForecasts } from '../../src/cli/forecast.js';
import { specForSeasons } from '../../src/modules/forecasting/engine/index.js';
import { runCli } from '../support/cli.js';

/** `lanewise forecast` as a planner runs it on a file, no database involved. */

const HEADER = 'id,step,date,model,forecast,lo80,hi80,lo95,hi95';
// A week of demand: quiet early in the week, busy at its end.
const WEEK = [0, 5, 8, 12, 9, 30, 40];

interface Row {
  id: string;
  step: number;
  date: string;
  model: string;
  forecast: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** The rows of a forecast CSV (ids and models hold no commas here). */
function rowsOf(csv: string): Row[] {
  const [header, ...lines] = csv.trimEnd().split('\n');
  expect(header).toBe(HEADER);
  return lines.map((line) => {
    const [id, step, date, model, ...numbers] = line.split(',');
    const [forecast, lo80, hi80, lo95, hi95] = numbers.map(Number) as number[];
    return {
      id: id as string,
      step: Number(step),
      date: date as string,
      model: model as string,
      forecast: forecast as number,
      lo80: lo80 as number,
      hi80: hi80 as number,
      lo95: lo95 as number,
      hi95: hi95 as number,
    };
  });
}

/** A long file of daily series from 2024-01-01 with a weekly pattern; `skip` leaves days out. */
function dailyFile(series: { id: string; level: number; skip?: number[] }[], days: number): string {
  const lines = ['id,date,value'];
  for (const { id, level, skip = [] } of series) {
    for (let d = 0; d < days; d++) {
      if (skip.includes(d)) continue;
      const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
      lines.push(`${id},${date},${level + (WEEK[d % 7] as number) + ((d * 7919) % 5)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** An M4-style wide file (header V1…): quarterly series with a trend and a strong 4th quarter. */
function wideFile(ids: Record<string, number>, length: number): string {
  const header = Array.from({ length: length + 1 }, (_, i) => `"V${i + 1}"`).join(',');
  const rows = Object.entries(ids).map(([id, level]) =>
    [id, ...Array.from({ length }, (_, t) => level + t + ([0, 20, -10, 35][t % 4] as number))].join(','),
  );
  return `${header}\n${rows.join('\n')}\n`;
}

function expectOrderedBands(rows: readonly Row[]): void {
  for (const r of rows) {
    expect(r.lo95, `${r.id} step ${r.step}`).toBeLessThanOrEqual(r.lo80);
    expect(r.lo80).toBeLessThanOrEqual(r.forecast);
    expect(r.forecast).toBeLessThanOrEqual(r.hi80);
    expect(r.hi80).toBeLessThanOrEqual(r.hi95);
  }
}

describe('lanewise forecast', () => {
  let dir: string;
  let daily: string;
  let wide: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-forecast-cli-'));
    daily = file('daily.csv');
    wide = file('wide.csv');
    // Series B misses 2024-02-01 (day 31), which is filled with 0 and noted.
    await writeFile(
      daily,
      dailyFile(
        [
          { id: 'A', level: 100 },
          { id: 'B', level: 50, skip: [31] },
        ],
        70,
      ),
    );
    await writeFile(wide, wideFile({ Q1: 100, Q2: 40 }, 24));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('forecasts a daily file: dates continue each series, bands nest, the week shows, the summary names the models', async () => {
    const run = await runCli(['forecast', '--input', daily, '--horizon', '7']);
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(run.stdout);
    for (const id of ['A', 'B']) {
      const own = rows.filter((r) => r.id === id);
      expect(own.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // The history ends on 2024-03-10, a day-0 (quiet) day of the pattern.
      expect(own.map((r) => r.date)).toEqual([
        '2024-03-11',
        '2024-03-12',
        '2024-03-13',
        '2024-03-14',
        '2024-03-15',
        '2024-03-16',
        '2024-03-17',
      ]);
      const [first, last] = [own[0] as Row, own[6] as Row];
      expect(last.forecast - first.forecast, `${id}: the busy day above the quiet one`).toBeGreaterThan(20);
    }
    expectOrderedBands(rows);
    const models = [...new Set(rows.map((r) => r.model))];
    for (const model of models)
      expect(run.stderr).toMatch(new RegExp(`Models chosen: .*${regexpText(model)} \\d`));
    expect(run.stderr).toContain('2 of 2 series forecast 7 periods ahead');
    expect(run.stderr).toMatch(/mean MASE \d+\.\d{3}, mean sMAPE \d+\.\d{2} %/);
    expect(run.stderr).toContain('Frequency from the dates (no --season or --frequency given): day 2.');
    expect(run.stderr).toMatch(
      /Notes on the file:\n {2}Series "B": 1 missing day filled with 0 \(the first is 2024-02-01\)/,
    );
  });

  it('forecasts an M4-style wide file with --season 4: no dates, the season in the forecasts', async () => {
    const [seasonal, plain] = await Promise.all([
      runCli(['forecast', '--input', wide, '--horizon', '4', '--season', '4']),
      runCli(['forecast', '--input', wide, '--horizon', '4']),
    ]);
    expect(seasonal.code, seasonal.stderr).toBe(0);
    const rows = rowsOf(seasonal.stdout);
    expect(rows.map((r) => `${r.id}/${r.step}/${r.date}`)).toEqual(
      ['Q1', 'Q2'].flatMap((id) => [1, 2, 3, 4].map((step) => `${id}/${step}/`)),
    );
    expectOrderedBands(rows);
    for (const id of ['Q1', 'Q2']) {
      const [, , third, fourth] = rows.filter((r) => r.id === id) as [Row, Row, Row, Row];
      // 24 values: the next four are quarters 1–4 again, the 4th 45 above the 3rd.
      expect(fourth.forecast - third.forecast, id).toBeGreaterThan(30);
    }
    expect(seasonal.stderr).not.toContain('without a season');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(
      'No --season or --frequency given: the series are forecast without a season.',
    );
  });

  it('--out writes the same rows to a file and nothing to stdout', async () => {
    const out = file('out.csv');
    const [written, printed] = await Promise.all([
      runCli(['forecast', '--input', wide, '--horizon', '3', '--season', '4', '--out', out]),
      runCli(['forecast', '--input', wide, '--horizon', '3', '--season', '4']),
    ]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(await readFile(out, 'utf8')).toBe(printed.stdout);
    expect(rowsOf(printed.stdout)).toHaveLength(6);
  });

  it('--json writes one object per series with its model, accuracy and candidates', async () => {
    const run = await runCli(['forecast', '--input', daily, '--horizon', '5', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const objects = lines.map((line) => JSON.parse(line));
    expect(objects.map((o) => o.id)).toEqual(['A', 'B']);
    for (const o of objects) {
      expect(o.mean).toHaveLength(5);
      expect(o.dates).toEqual(['2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15']);
      expect(o.intervals.map((i: { level: number }) => i.level)).toEqual([0.8, 0.95]);
      expect(o.class).toBe('smooth');
      expect(o.accuracy.origins).toBe(3);
      expect(o.candidates.map((c: { label: string }) => c.label)).toContain(o.model);
      expect(o.components.length).toBeGreaterThan(0);
      for (const key of ['adi', 'cv2', 'skipped', 'notes']) expect(o).toHaveProperty(key);
    }
    expect(run.stderr).toContain(`Models chosen: `);
  });

  it('refuses a horizon that is not a whole number from 1 to 1000', async () => {
    const runs = await Promise.all(
      ['0', '1001', 'x'].map((h) => runCli(['forecast', '--input', wide, '--horizon', h])),
    );
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('the horizon must be a whole number from 1 to 1000');
    }
  });

  it('refuses a file with a value that is not a number, naming its line, and writes no output', async () => {
    const bad = file('bad.csv');
    const out = file('never.csv');
    await writeFile(bad, 'id,date,value\nA,2024-01-01,3\nA,2024-01-02,three\n');
    const run = await runCli(['forecast', '--input', bad, '--horizon', '2', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lanewise: Line 3: .*"three" is not a number.*\[FORECAST_INPUT_INVALID\]\n$/);
    expect(existsSync(out)).toBe(false);
    const missing = await runCli(['forecast', '--input', file('absent.csv'), '--horizon', '2']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*absent\.csv.*\[FORECAST_INPUT_INVALID\]/);
  });

  it('forecasts series with irregular dates without dates or a season, and cuts the notes at 10', async () => {
    const irregular = file('irregular.csv');
    const lines = ['id,date,value'];
    for (let s = 1; s <= 12; s++)
      lines.push(`S${s},2024-01-01,4`, `S${s},2024-01-03,6`, `S${s},2024-01-08,5`);
    await writeFile(irregular, `${lines.join('\n')}\n`);
    const run = await runCli(['forecast', '--input', irregular, '--horizon', '2']);
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(run.stdout);
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.date === '')).toBe(true);
    expect(run.stderr).toContain('Frequency from the dates (no --season or --frequency given): none 12.');
    expect(run.stderr).toContain('give --season to set one');
    expect(run.stderr.match(/^ {2}Series "S\d+": its dates are not evenly/gm)).toHaveLength(10);
    expect(run.stderr).toContain('  … and 2 more');
  });
});

describe('runForecasts', () => {
  it('names a series the engine refuses and goes on with the others', async () => {
    const spec = specForSeasons([1]);
    const jobs: ForecastJob[] = [
      { id: 'ok-1', values: [3, 4, 5, 4, 3, 4, 5, 4], spec, dates: null },
      { id: 'empty', values: [], spec, dates: null },
      { id: 'ok-2', values: [10, 12, 11, 13, 12, 14, 13, 15], spec, dates: null },
    ];
    const chunks: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const summary = await runForecasts(jobs, { horizon: 2 }, async (chunk) => {
        chunks.push(chunk);
      });
      expect(summary.series).toBe(3);
      expect(summary.failed).toBe(1);
      expect(summary.firstFailure?.code).toBe('FORECAST_INPUT_INVALID');
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/^lanewise: series "empty" was not forecast: .*\[FORECAST_INPUT_INVALID\]\n$/),
      );
    } finally {
      stderr.mockRestore();
    }
    const ids = rowsOf(chunks.join('')).map((r) => r.id);
    expect(ids).toEqual(['ok-1', 'ok-1', 'ok-2', 'ok-2']);
  });
});

function regexpText(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
