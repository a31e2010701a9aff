import { describe, expect, it } from 'vitest';
import { type Json, kindOf, problemsOf, specOf } from '../../../../test/support/chart-specs.js';
import { columns as c, carriers, resultOf } from '../../../../test/support/query-results.js';

const ranking = (n: number) =>
  resultOf(
    [c.carrier, c.onTimeRate],
    carriers(n).map((carrier, i) => ({ carrier, onTimeRate: 0.5 + i / (2 * n) })),
  );

describe('chartSpecOf: one dimension and one metric → ranking', () => {
  it('draws horizontal bars sorted by value, highest first, values at the bar ends', () => {
    const spec = specOf(ranking(20));
    expect(kindOf(spec)).toBe('bar');
    expect(spec.layer.map((l: Json) => l.mark.type)).toEqual(['bar', 'text']);
    expect(spec.encoding.y).toMatchObject({
      field: 'carrier',
      type: 'nominal',
      sort: { field: 'onTimeRate', order: 'descending' },
    });
    expect(spec.encoding.x).toMatchObject({
      field: 'onTimeRate',
      type: 'quantitative',
      title: 'On-time rate (%)',
    });
    expect(spec.layer[1].encoding.text.format).toBe('.1%');
    expect(spec.height).toEqual({ step: 22 });
    expect(spec.title.text).toBe('On-time rate by carrier');
    expect(spec.title.subtitle).toEqual(['All data']);
    expect(problemsOf(spec)).toEqual([]);
  });

  it('ranks lowest first when the query orders the metric ascending', () => {
    const result = ranking(5);
    result.query.orderBy = [{ field: 'onTimeRate', direction: 'asc' }];
    expect(specOf(result).encoding.y.sort).toMatchObject({ order: 'ascending' });
  });

  it('draws the top 50 of a longer ranking and says so', () => {
    const spec = specOf(ranking(80));
    expect(spec.transform).toContainEqual({ filter: 'datum._rank <= 50' });
    expect(spec.description).toContain('Only the highest 50 of 80 carrier values are drawn.');
  });

  it('names a null category "(none)" and says so', () => {
    const result = resultOf(
      [c.carrier, c.shipments],
      [
        { carrier: null, shipments: 4 },
        { carrier: 'A Freight', shipments: 9 },
      ],
    );
    const spec = specOf(result);
    expect(spec.data.values.map((v: Json) => v.carrier)).toEqual(['(none)', 'A Freight']);
    expect(spec.description).toContain('Rows without a carrier are shown as (none).');
  });

  it('formats currency with the unit in the title and decimals with two places', () => {
    const money = specOf(resultOf([c.carrier, c.freightCost], [{ carrier: 'A', freightCost: 1234.5 }]));
    expect(money.encoding.x).toMatchObject({ title: 'Freight cost (USD)', axis: { format: ',.0f' } });
    const weight = specOf(resultOf([c.carrier, c.weight], [{ carrier: 'A', weight: 12.5 }]));
    expect(weight.encoding.x).toMatchObject({ title: 'Weight (kg)', axis: { format: ',.2f' } });
    // Money below 100 everywhere (a cost per kg) keeps its cents.
    const perKg = { ...c.freightCost, name: 'costPerKg', label: 'Cost per kg' };
    const small = specOf(
      resultOf(
        [c.carrier, perKg],
        [
          { carrier: 'A', costPerKg: 0.42 },
          { carrier: 'B', costPerKg: null },
        ],
      ),
    );
    expect(small.encoding.x).toMatchObject({ title: 'Cost per kg (USD)', axis: { format: ',.2f' } });
    const days = specOf(resultOf([c.carrier, c.avgTransitDays], [{ carrier: 'A', avgTransitDays: 2.5 }]));
    expect(days.encoding.x.title).toBe('Average transit days');
  });
});

describe('chartSpecOf: shares → stacked bars', () => {
  const modes = ['road', 'ocean', 'air'];

  it('splits one bar into the parts of a share that adds up to 100 %', () => {
    const rows = modes.map((mode, i) => ({ mode, shipmentShare: [0.5, 0.3, 0.2][i] as number }));
    const spec = specOf(resultOf([c.mode, c.shipmentShare], rows));
    expect(kindOf(spec)).toBe('stacked-bar');
    expect(spec.encoding.x).toMatchObject({
      field: 'shipmentShare',
      stack: 'normalize',
      axis: { format: '.0%' },
    });
    expect(spec.encoding.color).toMatchObject({ field: 'mode' });
    expect(problemsOf(spec)).toEqual([]);
  });

  it('ranks a "share" that is not part of a total (it does not add up to 100 %)', () => {
    const rows = modes.map((mode) => ({ mode, shipmentShare: 0.6 }));
    expect(kindOf(specOf(resultOf([c.mode, c.shipmentShare], rows)))).toBe('bar');
  });

  it('stacks a count by two dimensions', () => {
    const rows = carriers(3).flatMap((carrier, i) =>
      modes.map((mode, j) => ({ carrier, mode, shipments: i + j })),
    );
    const spec = specOf(resultOf([c.carrier, c.mode, c.shipments], rows));
    expect(kindOf(spec)).toBe('stacked-bar');
    expect(spec.encoding).toMatchObject({
      y: { field: 'carrier', sort: '-x' },
      x: { field: 'shipments', stack: 'zero' },
      color: { field: 'mode' },
    });
    expect(spec.title.text).toBe('Shipments by carrier and mode');
    expect(problemsOf(spec)).toEqual([]);
  });

  it('normalises a share of each group by two dimensions', () => {
    const rows = carriers(2).flatMap((carrier) =>
      modes.map((mode, j) => ({ carrier, mode, shipmentShare: [0.5, 0.25, 0.25][j] as number })),
    );
    const spec = specOf(resultOf([c.carrier, c.mode, c.shipmentShare], rows));
    expect(kindOf(spec)).toBe('stacked-bar');
    expect(spec.encoding.x).toMatchObject({ stack: 'normalize', axis: { format: '.0%' } });
  });

  it('puts a rate by two dimensions side by side: rates do not add up', () => {
    const rows = carriers(3).flatMap((carrier) => modes.map((mode) => ({ carrier, mode, onTimeRate: 0.9 })));
    const spec = specOf(resultOf([c.carrier, c.mode, c.onTimeRate], rows));
    expect(kindOf(spec)).toBe('grouped-bar');
    expect(spec.encoding.yOffset).toMatchObject({ field: 'mode' });
    expect(spec.encoding.x.stack).toBeUndefined();
    expect(problemsOf(spec)).toEqual([]);
  });
});

describe('chartSpecOf: a single value → KPI', () => {
  it('shows the value formatted, its label with the unit, and the change against the previous period', () => {
    const result = resultOf(
      [c.onTimeRate, { ...c.onTimeRate, name: 'onTimeRateChangePct', label: 'On-time rate change' }],
      [{ onTimeRate: 0.934, onTimeRateChangePct: 0.021 }],
      {
        timeRange: { from: '2026-10-01', to: '2026-10-31' },
        requestedTimeRange: { relative: 'last_month' },
        compare: 'previous_period',
      },
    );
    const spec = specOf(result);
    expect(kindOf(spec)).toBe('kpi');
    const [value, noData, label, change] = spec.layer;
    expect(value.mark.type).toBe('text');
    expect(value.encoding.text).toMatchObject({ field: 'onTimeRate', format: '.1%' });
    expect(noData.encoding.text.value).toBe('No data');
    expect(label.encoding.text.value).toBe('On-time rate (%)');
    expect(change.transform[1].calculate).toContain("'+.1%'");
    expect(change.transform[1].calculate).toContain('vs previous period');
    expect(spec.title).toEqual({
      text: 'On-time rate',
      subtitle: ['Last month: 2026-10-01 to 2026-10-31, compared with the previous period'],
    });
    expect(problemsOf(spec)).toEqual([]);
  });

  it('shows several metrics as tiles, each with its own format', () => {
    const spec = specOf(
      resultOf([c.shipments, c.freightCost], [{ shipments: 48213, freightCost: 1234567.8 }]),
    );
    expect(kindOf(spec)).toBe('kpi');
    expect(spec.columns).toBe(2);
    expect(spec.concat.map((t: Json) => t.layer[0].encoding.text.format)).toEqual([',d', ',.0f']);
    expect(spec.concat[1].layer[2].encoding.text.value).toBe('Freight cost (USD)');
    expect(problemsOf(spec)).toEqual([]);
  });
});

describe('chartSpecOf: two metrics by one dimension → scatter', () => {
  it('draws one point per dimension value, named, with a tooltip', () => {
    const rows = carriers(8).map((carrier, i) => ({
      carrier,
      avgTransitDays: 2 + i,
      onTimeRate: 0.9 - i / 50,
    }));
    const spec = specOf(resultOf([c.carrier, c.avgTransitDays, c.onTimeRate], rows));
    expect(kindOf(spec)).toBe('scatter');
    expect(spec.layer[0].mark.type).toBe('point');
    expect(spec.encoding.x).toMatchObject({ field: 'avgTransitDays', axis: { format: ',.2f' } });
    expect(spec.encoding.y).toMatchObject({ field: 'onTimeRate', axis: { format: '.1%' } });
    expect(spec.encoding.tooltip.map((t: Json) => t.field)).toEqual([
      'carrier',
      'avgTransitDays',
      'onTimeRate',
    ]);
    expect(spec.layer[1].encoding.text.field).toBe('carrier');
    expect(problemsOf(spec)).toEqual([]);
  });
});

describe('chartSpecOf: anything else', () => {
  it('groups several metrics of one unit by one dimension', () => {
    const m3 = { ...c.lateShipments, name: 'exceptions', label: 'Exceptions' };
    const rows = carriers(3).map((carrier) => ({ carrier, shipments: 9, lateShipments: 2, exceptions: 1 }));
    const spec = specOf(resultOf([c.carrier, c.shipments, c.lateShipments, m3], rows));
    expect(kindOf(spec)).toBe('grouped-bar');
    expect(spec.transform[0]).toEqual({
      fold: ['shipments', 'lateShipments', 'exceptions'],
      as: ['_metric', '_value'],
    });
    expect(problemsOf(spec)).toEqual([]);
  });

  it('is a table for three dimensions, in query order, with formatted numbers and a row limit', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      carrier: `C${i}`,
      mode: 'road',
      lane: 'A → B',
      shipments: i,
      freightCost: i === 1 ? null : i * 10.5,
    }));
    const spec = specOf(resultOf([c.carrier, c.mode, c.lane, c.shipments, c.freightCost], rows));
    expect(kindOf(spec)).toBe('table');
    expect(spec.hconcat.map((col: Json) => col.title.text)).toEqual([
      'Carrier',
      'Mode',
      'Lane',
      'Shipments',
      'Freight cost (USD)',
    ]);
    expect(spec.hconcat.map((col: Json) => col.encoding.text.format)).toEqual([
      undefined,
      undefined,
      undefined,
      ',d',
      ',.0f',
    ]);
    expect(spec.transform).toContainEqual({ filter: 'datum._row <= 50' });
    expect(spec.description).toContain('The first 50 of 60 rows are shown.');
    expect(spec.description).toContain('1 of 60 rows have no freight cost value.');
    expect(problemsOf(spec)).toEqual([]);
  });

  it('is a table for metrics of several units by one dimension', () => {
    const rows = [{ carrier: 'A', shipments: 1, onTimeRate: 0.5, freightCost: 3 }];
    expect(kindOf(specOf(resultOf([c.carrier, c.shipments, c.onTimeRate, c.freightCost], rows)))).toBe(
      'table',
    );
  });

  it('is a table for a time series by two dimensions', () => {
    const rows = [{ period: '2025-01-01', carrier: 'A', mode: 'road', shipments: 1 }];
    expect(kindOf(specOf(resultOf([c.period('month'), c.carrier, c.mode, c.shipments], rows)))).toBe('table');
  });
});
