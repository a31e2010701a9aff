import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../lib/errors.js';
import {
  type ForecastRow,
  formatForecastCsv,
  formatNumber,
  futureDates,
  MAX_SERIES,
  MAX_SERIES_LENGTH,
  parseSeriesCsv,
} from './index.js';

/** The refusal `parseSeriesCsv` gives for `text`. */
function refusal(text: string): AppError {
  let caught: unknown;
  try {
    parseSeriesCsv(text);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code).toBe('FORECAST_INPUT_INVALID');
  expect(err.status).toBe(422);
  return err;
}

/** A long file with a header and one row per [id, date, value]. */
function longFile(rows: [string, string, string | number][], header = 'id,date,value'): string {
  return `${header}\n${rows.map((row) => row.join(',')).join('\n')}\n`;
}

describe('parseSeriesCsv, wide (M4) files', () => {
  it('skips an all-text header and drops trailing empty cells', () => {
    expect(parseSeriesCsv('"V1","V2","V3"\n"W1","1.5","2",""\n')).toEqual({
      format: 'wide',
      series: [{ id: 'W1', values: [1.5, 2], dates: null }],
      notes: [],
    });
  });

  it('reads rows of any length without a header, with signs, exponents and spaces', () => {
    const file = parseSeriesCsv('A,1,-2.5,3e2,.5\r\nB, 7 ,,\r\n');
    expect(file.series).toEqual([
      { id: 'A', values: [1, -2.5, 300, 0.5], dates: null },
      { id: 'B', values: [7], dates: null },
    ]);
  });

  it('refuses a hole, a non-number and a repeated id, naming the line', () => {
    expect(refusal('W1,1,2\nW2,1,,3\n').message).toMatch(/^Line 2: column 3 of series "W2" is empty/);
    expect(refusal('"V1","V2"\nW1,1\nW2,12a\n').message).toMatch(/^Line 3: column 2 "12a" is not a number/);
    expect(refusal('W1,1\nW1,2\n').message).toMatch(/^Lines 1 and 2 both hold series "W1"/);
    expect(refusal('W1,1,1e999\n').message).toMatch(/^Line 1: column 3 "1e999" is too large/);
  });

  it('says a long file needs its header when the first row holds a date', () => {
    expect(refusal('A,2024-01-01,5\n').message).toMatch(/needs a header row naming its id, date and value/);
  });
});

describe('parseSeriesCsv, long files', () => {
  it.each([
    ['id,date,value', 'A,2024-01-01,1'],
    ['Series,DS,Y', 'A,2024-01-01,1'],
    ['unique_id,period,quantity', 'A,2024-01-01,1'],
    ['timestamp,note,Demand,ID', '2024-01-01,x,1,A'],
  ])('finds the columns of the header %s', (header, row) => {
    expect(parseSeriesCsv(`${header}\n${row}\n`)).toMatchObject({
      format: 'long',
      series: [{ id: 'A', values: [1], dates: ['2024-01-01'] }],
    });
  });

  it('sorts each series by date, keeping series in order of first appearance', () => {
    const file = parseSeriesCsv(
      longFile([
        ['B', '2024-01-02', 20],
        ['A', '2024-01-03', 3],
        ['A', '2024-01-01', 1],
        ['B', '2024-01-01', 10],
        ['A', '2024-01-02', 2],
      ]),
    );
    expect(file.series).toEqual([
      { id: 'B', values: [10, 20], dates: ['2024-01-01', '2024-01-02'] },
      { id: 'A', values: [1, 2, 3], dates: ['2024-01-01', '2024-01-02', '2024-01-03'] },
    ]);
    expect(file.notes).toEqual([]);
  });

  it('orders date-times by instant, whatever their offsets', () => {
    const file = parseSeriesCsv(
      longFile([
        ['A', '2024-01-01T09:00:00Z', 2],
        ['A', '2024-01-01T10:00:00+02:00', 1],
      ]),
    );
    // 10:00+02:00 is 08:00Z: before 09:00Z, though it sorts after it as text.
    expect(file.series[0]).toMatchObject({
      values: [1, 2],
      dates: ['2024-01-01T10:00:00+02:00', '2024-01-01T09:00:00Z'],
    });
  });

  it('fills missing days, weeks and month-ends with 0 and says so', () => {
    const daily = parseSeriesCsv(
      longFile([
        ['A', '2024-01-01', 1],
        ['A', '2024-01-02', 2],
        ['A', '2024-01-05', 5],
      ]),
    );
    expect(daily.series[0]).toEqual({
      id: 'A',
      values: [1, 2, 0, 0, 5],
      dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
    });
    expect(daily.notes).toEqual(['Series "A": 2 missing days filled with 0 (the first is 2024-01-03).']);

    const weekly = parseSeriesCsv(
      longFile([
        ['W', '2024-01-01', 1],
        ['W', '2024-01-08', 2],
        ['W', '2024-01-22', 4],
      ]),
    );
    expect(weekly.series[0]?.dates).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
    expect(weekly.notes).toEqual(['Series "W": 1 missing week filled with 0 (the first is 2024-01-15).']);

    const ends = parseSeriesCsv(
      longFile([
        ['M', '2024-01-31', 1],
        ['M', '2024-02-29', 2],
        ['M', '2024-04-30', 4],
      ]),
    );
    expect(ends.series[0]).toMatchObject({
      values: [1, 2, 0, 4],
      dates: ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'],
    });
  });

  it('keeps irregular dates as given, with a note', () => {
    const file = parseSeriesCsv(
      longFile([
        ['A', '2024-01-01', 1],
        ['A', '2024-01-04', 2],
        ['A', '2024-01-06', 3],
      ]),
    );
    expect(file.series[0]).toEqual({
      id: 'A',
      values: [1, 2, 3],
      dates: ['2024-01-01', '2024-01-04', '2024-01-06'],
    });
    expect(file.notes).toEqual([
      expect.stringMatching(/^Series "A": its dates are not evenly daily, weekly or monthly/),
    ]);
  });

  it('refuses a repeated id and date, naming both lines', () => {
    const text = longFile([
      ['A', '2024-01-02', 1],
      ['B', '2024-01-01', 1],
      ['A', '2024-01-01', 2],
      ['A', '2024-01-02', 3],
    ]);
    expect(refusal(text).message).toBe(
      'Lines 2 and 5 both give series "A" a value for "2024-01-02"; keep one row per id and date.',
    );
  });

  it('refuses a non-number, an empty value and a date that is not ISO, naming the line', () => {
    expect(
      refusal(
        longFile([
          ['A', '2024-01-01', 1],
          ['A', '2024-01-02', 'n/a'],
        ]),
      ).message,
    ).toMatch(/^Line 3: the "value" \(column 3\) "n\/a" is not a number; write plain numbers/);
    expect(refusal(longFile([['A', '2024-01-01', '']])).message).toMatch(
      /^Line 2: the "value" \(column 3\) cell is empty/,
    );
    expect(refusal(longFile([['A', '01/02/2024', 1]])).message).toMatch(
      /^Line 2: the date "01\/02\/2024" is not an ISO date/,
    );
    expect(refusal(longFile([['A', '2023-02-29', 1]])).message).toMatch(/^Line 2: the date "2023-02-29"/);
  });

  it('counts lines as an editor does, past blank lines and a quoted line break', () => {
    const text = 'id,date,value\n\n"A\nB",2024-01-01,1\r\nA,2024-01-01,x\n';
    expect(refusal(text).message).toMatch(/^Line 5: /);
    expect(refusal('id,date,value\nA,2024-01-01,1\n"A,2024-01-02,2\n').message).toMatch(
      /^Line 3: a quoted cell/,
    );
  });

  it('refuses a header that lacks a column, or a file separated by semicolons', () => {
    expect(refusal('id,date,amount\nA,2024-01-01,1\n').message).toMatch(
      /^Line 1 looks like a header but names no value column/,
    );
    expect(refusal('id;date;value\nA;2024-01-01;1\n').message).toMatch(/separate the cells with commas/);
  });
});

describe('parseSeriesCsv, empty files and limits', () => {
  it.each(['', '\n\n', ' , \n'])('refuses the empty file %j', (text) => {
    expect(refusal(text).message).toMatch(/^The file is empty/);
  });

  it('refuses a header without rows', () => {
    expect(refusal('id,date,value\n').message).toMatch(/header \(line 1\) but no rows/);
    expect(refusal('"V1","V2"\n').message).toMatch(/header \(line 1\) but no series rows/);
  });

  it('refuses more series, or longer ones, than the limits', () => {
    const many = Array.from({ length: MAX_SERIES + 1 }, (_, i) => `s${i},1`).join('\n');
    expect(refusal(many).message).toMatch(
      `Line ${MAX_SERIES + 1}: the file holds more than ${MAX_SERIES} series`,
    );
    const long = `W1${',1'.repeat(MAX_SERIES_LENGTH + 1)}\n`;
    expect(refusal(long).message).toMatch(`more than ${MAX_SERIES_LENGTH}`);
    const span = longFile([
      ['A', '1900-01-01', 1],
      ['A', '1900-01-02', 1],
      ['A', '2200-01-01', 1],
    ]);
    expect(refusal(span).message).toMatch(/^Series "A" runs 109574 days from 1900-01-01 to 2200-01-01/);
  });
});

describe('futureDates', () => {
  it.each([
    ['daily', ['2024-02-27', '2024-02-28'], ['2024-02-29', '2024-03-01']],
    ['weekly', ['2024-12-16', '2024-12-23'], ['2024-12-30', '2025-01-06']],
    ['monthly', ['2024-11-15', '2024-12-15'], ['2025-01-15', '2025-02-15']],
    ['month-end', ['2024-01-31', '2024-02-29'], ['2024-03-31', '2024-04-30']],
    ['day 30, short February', ['2023-12-30', '2024-01-30'], ['2024-02-29', '2024-03-30']],
    [
      'daily date-times',
      ['2024-01-01T08:00:00Z', '2024-01-02T08:00:00Z'],
      ['2024-01-03T08:00:00Z', '2024-01-04T08:00:00Z'],
    ],
  ])('continues a %s series', (_, dates, next) => {
    expect(futureDates(dates, 2)).toEqual(next);
  });

  it.each([
    ['irregular', ['2024-01-01', '2024-01-04', '2024-01-06']],
    ['every other week', ['2024-01-01', '2024-01-15']],
    ['one date', ['2024-01-01']],
    ['mixed times of day', ['2024-01-01T08:00', '2024-01-02T09:00']],
    ['not ISO', ['01/01/2024', '02/01/2024']],
    ['descending', ['2024-01-02', '2024-01-01']],
  ])('is null for %s dates', (_, dates) => {
    expect(futureDates(dates, 3)).toBeNull();
  });

  it('continues after a gap and gives nothing for horizon 0', () => {
    expect(futureDates(['2024-01-01', '2024-01-02', '2024-01-05'], 1)).toEqual(['2024-01-06']);
    expect(futureDates(['2024-01-01', '2024-01-02'], 0)).toEqual([]);
  });
});

describe('formatForecastCsv', () => {
  const row = (id: string, date: string | null, forecast: number): ForecastRow => ({
    id,
    step: 1,
    date,
    model: 'ets',
    forecast,
    lo80: forecast - 1,
    hi80: forecast + 1,
    lo95: forecast - 2,
    hi95: forecast + 2,
  });

  it('writes the header and quotes ids holding a comma, a quote or a line break', () => {
    expect(
      formatForecastCsv([
        row('A', '2024-01-01', 10),
        row('B,1', null, 1),
        row('say "x"', null, 1),
        row('a\nb', null, 1),
      ]),
    ).toBe(
      [
        'id,step,date,model,forecast,lo80,hi80,lo95,hi95',
        'A,1,2024-01-01,ets,10,9,11,8,12',
        '"B,1",1,,ets,1,0,2,-1,3',
        '"say ""x""",1,,ets,1,0,2,-1,3',
        '"a\nb",1,,ets,1,0,2,-1,3',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [1 / 3, '0.333333'],
    [0.1 + 0.2, '0.3'],
    [2, '2'],
    [-1.5, '-1.5'],
    [1e-7, '0'],
    [-1e-7, '0'],
    [0.0000126, '0.000013'],
    [1234567.8912346, '1234567.891235'],
    [1e20, '100000000000000000000'],
    [Number.NaN, ''],
  ])('prints %d as %j', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});
