import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import {
  assessmentOf,
  changeOf,
  emptyValue,
  filtersFor,
  metricOf,
  scopeOf,
  scorecardGrain,
  trendGrain,
} from './scope.js';

describe('scopeOf', () => {
  it('defaults to the last 30 days and turns parameters into equality filters', () => {
    expect(scopeOf({ mode: 'air', carrier: 'Acme', originCountry: 'US' })).toEqual({
      timeRange: { last: 30, unit: 'days' },
      days: 30,
      filters: [
        { field: 'mode', op: 'eq', value: 'air' },
        { field: 'carrier', op: 'eq', value: 'Acme' },
        { field: 'originCountry', op: 'eq', value: 'US' },
      ],
    });
  });

  it('names a carrier by id when it is all digits', () => {
    expect(scopeOf({ carrier: '42' }).filters).toEqual([{ field: 'carrier', op: 'eq', value: 42 }]);
    expect(scopeOf({ carrier: '042' }).filters).toEqual([{ field: 'carrier', op: 'eq', value: '042' }]);
  });

  it('takes both days or neither, in order, at most ten years apart', () => {
    expect(scopeOf({ from: '2026-03-01', to: '2026-03-31' })).toMatchObject({
      timeRange: { from: '2026-03-01', to: '2026-03-31' },
      days: 31,
    });
    expect(() => scopeOf({ from: '2026-03-01' })).toThrow(AppError);
    expect(() => scopeOf({ to: '2026-03-01' })).toThrow(/from and to go together/);
    expect(() => scopeOf({ from: '2026-03-02', to: '2026-03-01' })).toThrow(/after/);
    expect(() => scopeOf({ from: '2016-01-01', to: '2026-01-08' })).toThrow(/3660 days/);
  });
});

describe('grains', () => {
  it('trends by day up to 45 days, by week up to 366, by month beyond', () => {
    expect([45, 46, 366, 367].map(trendGrain)).toEqual(['day', 'week', 'week', 'month']);
    expect([92, 93].map(scorecardGrain)).toEqual(['week', 'month']);
  });
});

describe('filters, empty values and changes', () => {
  const filters = [
    { field: 'carrier', op: 'eq' as const, value: 'Acme' },
    { field: 'mode', op: 'eq' as const, value: 'air' },
  ];

  it('applies shipment filters to shipment metrics and says why order metrics ignore them', () => {
    expect(filtersFor(metricOf('onTimeRate'), filters)).toMatchObject({ applied: filters, ignored: [] });
    const otif = filtersFor(metricOf('otifRate'), filters);
    expect(otif.applied).toEqual([]);
    expect(otif.ignored).toEqual(['carrier', 'mode']);
    expect(otif.reasons).toEqual([
      'an order is not carried by one carrier: use a shipment metric',
      'mode is a dimension of shipments',
    ]);
  });

  it('gives counts and sums 0 over no rows, ratios null', () => {
    expect(emptyValue(metricOf('shipments'), 30)).toBe(0);
    expect(emptyValue(metricOf('freightCost'), 30)).toBe(0);
    expect(emptyValue(metricOf('onTimeRate'), 30)).toBeNull();
    expect(emptyValue(metricOf('transitDaysP90'), 30)).toBeNull();
  });

  it('rounds changes like the query answer and judges them by the metric direction', () => {
    expect(changeOf(metricOf('onTimeRate'), 0.7692, 0.5)).toEqual({ change: 0.2692, changePct: 0.5384 });
    expect(changeOf(metricOf('shipments'), 3, 0)).toEqual({ change: 3, changePct: null });
    expect(changeOf(metricOf('onTimeRate'), null, 0.5)).toEqual({ change: null, changePct: null });
    expect(assessmentOf(metricOf('onTimeRate'), 0.1)).toBe('improved');
    expect(assessmentOf(metricOf('costPerKg'), 0.1)).toBe('worsened');
    expect(assessmentOf(metricOf('costPerKg'), 0)).toBe('unchanged');
    expect(assessmentOf(metricOf('shipments'), 5)).toBeNull();
    expect(assessmentOf(metricOf('exceptions'), null)).toBeNull();
  });
});
