import { describe, expect, it } from 'vitest';
import { type Json, kindOf, problemsOf, specOf } from '../../../../test/support/chart-specs.js';
import { columns as c, carriers, months, resultOf, weeks } from '../../../../test/support/query-results.js';

const weekly = (n = 24) =>
  resultOf(
    [c.period('week'), c.shipments],
    weeks(n).map((period, i) => ({ period, shipments: 100 + i })),
    { timeRange: { from: '2026-01-05', to: '2026-06-21' }, requestedTimeRange: { last: 24, unit: 'weeks' } },
  );
const ranking = (n: number) =>
  resultOf(
    [c.carrier, c.onTimeRate],
    carriers(n).map((carrier, i) => ({ carrier, onTimeRate: 0.5 + i / (2 * n) })),
  );

describe('chartSpecOf: time series → line', () => {
  it('draws one line over the weeks, labelled as ISO weeks on Mondays, counts as integers', () => {
    const spec = specOf(weekly());
    expect(kindOf(spec)).toBe('line');
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(spec.mark).toMatchObject({ type: 'line' });
    expect(spec.encoding.x).toMatchObject({
      field: 'period',
      type: 'temporal',
      timeUnit: 'utcyearmonthdate',
      axis: { format: '%G-W%V' },
    });
    // Ticks are the periods themselves (every k-th), so every label is a Monday.
    const ticks: number[] = spec.encoding.x.axis.values;
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(640 / 70);
    for (const t of ticks) expect(new Date(t).getUTCDay()).toBe(1);
    expect(spec.encoding.y).toMatchObject({ field: 'shipments', title: 'Shipments', axis: { format: ',d' } });
    expect(spec.title).toEqual({
      text: 'Shipments by week',
      subtitle: ['Last 24 weeks: 2026-01-05 to 2026-06-21'],
    });
    expect(spec.data.values).toHaveLength(24);
    expect(spec.data.format.parse).toEqual({ period: 'utc:"%Y-%m-%d"' });
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
    expect(problemsOf(spec)).toEqual([]);
  });

  it.each([
    ['day', 'utcyearmonthdate', '%-d %b %Y', 'Shipments by day'],
    ['month', 'utcyearmonth', '%b %Y', 'Shipments by month'],
    ['quarter', 'utcyearquarter', 'Q%q %Y', 'Shipments by quarter'],
    ['year', 'utcyear', '%Y', 'Shipments by year'],
  ])('labels %s periods with the %s unit', (grain, timeUnit, format, title) => {
    const spec = specOf(resultOf([c.period(grain), c.shipments], [{ period: '2025-01-01', shipments: 3 }]));
    expect(spec.encoding.x).toMatchObject({ timeUnit, axis: { format } });
    expect(spec.title.text).toBe(title);
  });

  it('draws one line per value of a second dimension, with a colour legend', () => {
    const rows = months(6).flatMap((period, i) =>
      carriers(3).map((carrier, j) => ({ period, carrier, onTimeRate: 0.8 + (i + j) / 100 })),
    );
    const spec = specOf(resultOf([c.period('month'), c.carrier, c.onTimeRate], rows));
    expect(kindOf(spec)).toBe('line');
    expect(spec.encoding.color).toMatchObject({
      field: 'carrier',
      type: 'nominal',
      legend: { title: 'Carrier' },
    });
    expect(spec.encoding.y).toMatchObject({ title: 'On-time rate (%)', axis: { format: '.1%' } });
    expect(spec.title.text).toBe('On-time rate by carrier and month');
    expect(problemsOf(spec)).toEqual([]);
  });

  it('folds several metrics of one unit into one line each, named by their labels', () => {
    const rows = months(6).map((period, i) => ({ period, shipments: 100 + i, lateShipments: i }));
    const spec = specOf(resultOf([c.period('month'), c.shipments, c.lateShipments], rows));
    expect(spec.transform).toContainEqual({
      fold: ['shipments', 'lateShipments'],
      as: ['_metric', '_value'],
    });
    expect(spec.encoding.color).toMatchObject({ field: '_label', sort: ['Shipments', 'Late shipments'] });
    expect(spec.encoding.y.title).toBe('Shipments and late shipments');
    expect(spec.title.text).toBe('Shipments and late shipments by month');
    expect(problemsOf(spec)).toEqual([]);
  });

  it('gives metrics of different units a panel each on the same time axis', () => {
    const rows = months(6).map((period, i) => ({ period, shipments: 100 + i, onTimeRate: 0.9 }));
    const spec = specOf(resultOf([c.period('month'), c.shipments, c.onTimeRate], rows));
    expect(kindOf(spec)).toBe('line');
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat.map((p: Json) => p.encoding.y.axis.format)).toEqual([',d', '.1%']);
    expect(spec.vconcat.map((p: Json) => p.encoding.x.field)).toEqual(['period', 'period']);
    expect(problemsOf(spec)).toEqual([]);
  });

  it('leaves null values out of the line and says how many', () => {
    const rows = months(4).map((period, i) => ({ period, onTimeRate: i === 2 ? null : 0.9 }));
    const spec = specOf(resultOf([c.period('month'), c.onTimeRate], rows));
    expect(spec.transform).toContainEqual({ filter: { field: 'onTimeRate', valid: true } });
    expect(spec.description).toContain('Missing (null) values are left out of the marks.');
    expect(spec.description).toContain('1 of 4 rows have no on-time rate value.');
    // The data stay whole: a client can still show the row.
    expect(spec.data.values).toHaveLength(4);
  });
});

describe('chartSpecOf: options and notes', () => {
  it('takes the title and size asked for', () => {
    const spec = specOf(weekly(), { title: 'Weekly volume', width: 900, height: 300 });
    expect(spec.title.text).toBe('Weekly volume');
    expect(spec.width).toBe(900);
    expect(spec.height).toBe(300);
  });

  it('puts the result notes in the subtitle and the description', () => {
    const result = ranking(3);
    result.notes = ['12 shipments without an exchange rate are left out.'];
    const spec = specOf(result);
    expect(spec.title.subtitle).toEqual(['All data', '12 shipments without an exchange rate are left out.']);
    expect(spec.description).toContain('12 shipments without an exchange rate are left out.');
  });

  it('describes the chart in words', () => {
    expect(specOf(weekly()).description).toMatch(
      /^Line chart: Shipments by week\. Last 24 weeks: 2026-01-05 to 2026-06-21\./,
    );
  });

  it('ignores columns the query did not name when choosing, and keeps them in the data', () => {
    const helper = { ...c.carrier, name: 'carrierId', label: 'Carrier id', type: 'id' as const };
    const result = resultOf(
      [helper, c.carrier, c.shipments],
      [{ carrierId: 1, carrier: 'A', shipments: 3 }],
      {
        dimensions: ['carrier'],
      },
    );
    const spec = specOf(result);
    expect(kindOf(spec)).toBe('bar');
    expect(spec.data.values[0].carrierId).toBe(1);
  });
});
