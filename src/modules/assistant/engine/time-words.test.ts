import { describe, expect, it } from 'vitest';
import { readTime } from './time-words.js';

// A Thursday in Q2; the data runs up to it, so nothing is stale unless a test says so.
const today = '2026-05-14';
const current = { from: '2024-01-01', to: today };
const read = (text: string, on = today, dataRange: { from: string; to: string } | null = current) =>
  readTime(text, on, dataRange);
const rangeOf = (text: string, on = today) => read(text, on).range;

describe('readTime: named periods', () => {
  it.each([
    ['today', 'today'],
    ['yesterday', 'yesterday'],
    ['this week', 'this_week'],
    ['last week', 'last_week'],
    ['this month', 'this_month'],
    ['last month', 'last_month'],
    ['previous month', 'last_month'],
    ['this quarter', 'this_quarter'],
    ['current quarter', 'this_quarter'],
    ['last quarter', 'last_quarter'],
    ['this year', 'this_year'],
    ['last year', 'last_year'],
    ['year to date', 'year_to_date'],
    ['ytd', 'year_to_date'],
    ['so far this year', 'year_to_date'],
    ['mtd', 'this_month'],
    ['qtd', 'this_quarter'],
  ])('"%s" is the relative period %s', (text, relative) => {
    const reading = read(`on-time rate ${text}`);
    expect(reading.range).toEqual({ relative });
    expect(reading.comparison).toBe(false);
    expect(reading.assumptions).toEqual([]);
  });

  it('reports the span it took, so the rest of the question is read without it', () => {
    expect(read('freight cost last month by mode').spans).toEqual([[13, 23]]);
  });

  it('has no range without time words', () => {
    expect(read('freight cost by mode')).toEqual({
      comparison: false,
      future: false,
      spans: [],
      assumptions: [],
    });
  });
});

describe('readTime: rolling ranges', () => {
  it.each([
    ['last 90 days', { last: 90, unit: 'days' }],
    ['in the last 90 days', { last: 90, unit: 'days' }],
    ['past 6 months', { last: 6, unit: 'months' }],
    ['previous 4 weeks', { last: 4, unit: 'weeks' }],
    ['last twelve months', { last: 12, unit: 'months' }],
    ['last 2 years', { last: 24, unit: 'months' }],
    ['last 3 quarters', { last: 9, unit: 'months' }],
    ['the past fortnight', { last: 2, unit: 'weeks' }],
  ])('"%s" → %j', (text, range) => {
    expect(rangeOf(`shipments ${text}`)).toEqual(range);
  });
});

describe('readTime: quarters and halves', () => {
  it('reads a quarter with its year', () => {
    expect(rangeOf('on-time rate in q3 2025')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(rangeOf('3rd quarter of 2025')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(rangeOf('fourth quarter 2024')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  });

  it('reads a quarter without a year as the latest one that has started', () => {
    expect(rangeOf('shipments in q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    // Q2 2026 started on 1 April: the current one, not last year's.
    expect(rangeOf('shipments in q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(rangeOf('shipments in q3')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
  });

  it('reads halves, with and without a year', () => {
    expect(rangeOf('first half of 2024')).toEqual({ from: '2024-01-01', to: '2024-06-30' });
    expect(rangeOf('h2 2025')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(rangeOf('h1')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(rangeOf('second half')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
  });
});

describe('readTime: months and years', () => {
  it('reads "in March" as the latest March that has started', () => {
    expect(rangeOf('freight cost in march')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(rangeOf('freight cost in june')).toEqual({ from: '2025-06-01', to: '2025-06-30' });
  });

  it('reads "in March" asked in January as last year’s March', () => {
    expect(rangeOf('freight cost in march', '2026-01-20')).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(rangeOf('freight cost in january', '2026-01-20')).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });

  it('reads a month with its year and a bare year', () => {
    expect(rangeOf('shipments in may 2025')).toEqual({ from: '2025-05-01', to: '2025-05-31' });
    expect(rangeOf('shipments in 2025')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('reads "may" alone as a verb, and as the month with "in"/"during" or a year', () => {
    expect(read('may i see on-time by carrier').range).toBeUndefined();
    expect(read('may i see on-time by carrier').spans).toEqual([]);
    expect(read('which carriers may be late').range).toBeUndefined();
    expect(rangeOf('freight cost during may')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('does not read a number of kilograms as a year', () => {
    expect(read('shipments heavier than 2025 kg').range).toBeUndefined();
    expect(read('shipments over 2024 kg in 2025').range).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});

describe('readTime: spans of days', () => {
  it('reads "since June" as from the latest 1 June to today', () => {
    expect(rangeOf('shipments since june')).toEqual({ from: '2025-06-01', to: today });
    expect(rangeOf('shipments since 2025')).toEqual({ from: '2025-01-01', to: today });
  });

  it('reads days written out, both included', () => {
    expect(rangeOf('freight cost between 1 february and 15 april 2026')).toEqual({
      from: '2026-02-01',
      to: '2026-04-15',
    });
    expect(rangeOf('shipments from 2025-11-01 to 2025-11-30')).toEqual({
      from: '2025-11-01',
      to: '2025-11-30',
    });
    expect(rangeOf('shipments on 2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  it('reads a span of months', () => {
    expect(rangeOf('shipments from jan to mar')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
});

describe('readTime: the future', () => {
  it('reads "next 8 weeks" as tomorrow to today + 56 days', () => {
    const reading = read('forecast demand for the next 8 weeks');
    expect(reading.range).toEqual({ from: '2026-05-15', to: '2026-07-09' });
    expect(reading.future).toBe(true);
  });

  it('is not the future for past ranges', () => {
    expect(read('shipments last 8 weeks').future).toBe(false);
  });
});

describe('readTime: comparisons of periods', () => {
  it('reads "2024 vs 2025" as both years by year', () => {
    const reading = read('on-time rate 2024 vs 2025');
    expect(reading.range).toEqual({ from: '2024-01-01', to: '2025-12-31' });
    expect(reading.grain).toBe('year');
    expect(reading.comparison).toBe(true);
    expect(reading.compare).toBeUndefined();
  });

  it('reads "compare 2024 and 2025" as a comparison, "2024 and 2025" as one span', () => {
    expect(read('compare 2024 and 2025')).toMatchObject({ comparison: true, grain: 'year' });
    const span = read('shipments in 2024 and 2025');
    expect(span.range).toEqual({ from: '2024-01-01', to: '2025-12-31' });
    expect(span.comparison).toBe(false);
    expect(span.grain).toBeUndefined();
  });

  it('reads "march vs april" as both months by month, the latest started', () => {
    const reading = read('shipments march vs april');
    expect(reading.range).toEqual({ from: '2026-03-01', to: '2026-04-30' });
    expect(reading.grain).toBe('month');
    expect(reading.comparison).toBe(true);
    expect(read('march vs april', '2026-01-20').range).toEqual({ from: '2025-03-01', to: '2025-04-30' });
  });

  it('reads "this month vs last month" as this month against the previous period', () => {
    const reading = read('shipments this month vs last month');
    expect(reading.range).toEqual({ relative: 'this_month' });
    expect(reading.compare).toBe('previous_period');
    expect(reading.comparison).toBe(true);
  });

  it('reads "vs last year" and "year over year" as the same period last year', () => {
    expect(read('freight cost this month vs last year')).toMatchObject({
      range: { relative: 'this_month' },
      compare: 'same_period_last_year',
      comparison: true,
    });
    expect(read('on-time rate year over year')).toMatchObject({
      range: { relative: 'year_to_date' },
      compare: 'same_period_last_year',
    });
  });
});

describe('readTime: data that ended long ago', () => {
  const stale = { from: '2014-01-01', to: '2015-06-30' };
  const note = 'Relative to the latest data (2015-06-30), not today.';

  it.each([
    ['last month', { relative: 'last_month', asOf: '2015-06-30' }],
    ['yesterday', { relative: 'yesterday', asOf: '2015-06-30' }],
    ['last 90 days', { last: 90, unit: 'days', asOf: '2015-06-30' }],
    ['past fortnight', { last: 2, unit: 'weeks', asOf: '2015-06-30' }],
  ])('resolves "%s" against the last day of data and says so', (text, range) => {
    const reading = read(`shipments ${text}`, today, stale);
    expect(reading.range).toEqual(range);
    expect(reading.assumptions).toEqual([note]);
  });

  it('resolves a comparison against the last day of data too', () => {
    const reading = read('shipments this month vs last month', today, stale);
    expect(reading.range).toEqual({ relative: 'this_month', asOf: '2015-06-30' });
    expect(reading.compare).toBe('previous_period');
    expect(reading.assumptions).toEqual([note]);
  });

  it('leaves absolute periods alone', () => {
    const reading = read('shipments in 2015', today, stale);
    expect(reading.range).toEqual({ from: '2015-01-01', to: '2015-12-31' });
    expect(reading.assumptions).toEqual([]);
  });

  it('counts data ending 31 days ago as current, 32 days ago as stale', () => {
    expect(read('last month', today, { from: '2024-01-01', to: '2026-04-13' }).range).toEqual({
      relative: 'last_month',
    });
    expect(read('last month', today, { from: '2024-01-01', to: '2026-04-12' }).range).toEqual({
      relative: 'last_month',
      asOf: '2026-04-12',
    });
  });

  it('treats an organization without data as current', () => {
    expect(read('last month', today, null).range).toEqual({ relative: 'last_month' });
  });
});
