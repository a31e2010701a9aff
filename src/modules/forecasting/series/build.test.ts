import { describe, expect, it } from 'vitest';
import { buildSeries } from './build.js';
import type { DailyTotal } from './load.js';

const names = {
  product: new Map([[1, 'SKU-1']]),
  facility: new Map([[9, 'AMS']]),
  carrier: new Map([[4, 'Rapid']]),
};
const demand = (day: string, value: number, facilityId: number | null = 9): DailyTotal => ({
  kind: 'demand',
  productId: 1,
  facilityId,
  carrierId: null,
  lane: null,
  day,
  value,
});

describe('buildSeries', () => {
  it('buckets days into ISO weeks, fills weeks without orders with 0 and stops before the current week', () => {
    // 2026-11-02 is a Monday. Weeks: 11-02 (3 + 4), 11-09 (none), 11-16 (5); 11-23 is current.
    const [series] = buildSeries(
      [demand('2026-11-03', 3), demand('2026-11-08', 4), demand('2026-11-20', 5), demand('2026-11-24', 99)],
      'week',
      '2026-11-23',
      names,
    );
    expect(series).toMatchObject({
      key: 'demand:week:product=1:facility=9',
      label: 'SKU-1 at AMS',
      start: '2026-11-02',
      values: [7, 0, 5],
    });
  });

  it('keeps one series per product and facility, lane and carrier, with stable keys and labels', () => {
    const totals: DailyTotal[] = [
      demand('2026-11-03', 1),
      demand('2026-11-03', 2, null),
      {
        kind: 'lane_volume',
        productId: null,
        facilityId: null,
        carrierId: null,
        lane: 'A → B',
        day: '2026-11-04',
        value: 3,
      },
      {
        kind: 'carrier_volume',
        productId: null,
        facilityId: null,
        carrierId: 4,
        lane: null,
        day: '2026-11-04',
        value: 3,
      },
    ];
    const series = buildSeries(totals, 'day', '2026-11-05', names);
    expect(series.map((s) => [s.key, s.label, s.values])).toEqual([
      ['carrier_volume:day:carrier=4', 'Rapid', [3]],
      ['demand:day:product=1:facility=9', 'SKU-1 at AMS', [1, 0]],
      ['demand:day:product=1:facility=none', 'SKU-1 at no facility', [2, 0]],
      ['lane_volume:day:lane=A → B', 'A → B', [3]],
    ]);
  });

  it('leaves out a series whose only data is in the current period or later', () => {
    expect(buildSeries([demand('2026-11-23', 5)], 'week', '2026-11-23', names)).toEqual([]);
  });
});
