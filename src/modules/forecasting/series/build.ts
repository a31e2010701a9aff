import { bucketStart, nextBucket } from '../../../lib/calendar-days.js';
import type { DailyTotal } from './load.js';
import type { BuiltSeries, SeriesGrain, SeriesIdentity } from './types.js';

/**
 * Turns daily totals into series: one per product × facility, lane or carrier, bucketed into
 * days or ISO weeks, from its first period with data to the last complete period before
 * `current` (the period the forecast starts with), gaps filled with zeros — a period with no
 * order is a period with no demand.
 */

/** Names the labels use, by id. */
export interface SeriesNames {
  readonly product: ReadonlyMap<number, string>;
  readonly facility: ReadonlyMap<number, string>;
  readonly carrier: ReadonlyMap<number, string>;
}

/** The series of the totals at `grain`; `current` is the first day of the period being forecast. */
export function buildSeries(
  totals: readonly DailyTotal[],
  grain: SeriesGrain,
  current: string,
  names: SeriesNames,
): BuiltSeries[] {
  const groups = new Map<string, { identity: SeriesIdentity; byPeriod: Map<string, number> }>();
  for (const total of totals) {
    const identity = identityOf(total, grain, names);
    let group = groups.get(identity.key);
    if (!group) {
      group = { identity, byPeriod: new Map() };
      groups.set(identity.key, group);
    }
    const period = bucketStart(total.day, grain);
    if (period >= current) continue;
    group.byPeriod.set(period, (group.byPeriod.get(period) ?? 0) + total.value);
  }
  const result: BuiltSeries[] = [];
  for (const { identity, byPeriod } of groups.values()) {
    if (byPeriod.size === 0) continue;
    const start = [...byPeriod.keys()].sort()[0] as string;
    const values: number[] = [];
    for (let p = start; p < current; p = nextBucket(p, grain)) values.push(byPeriod.get(p) ?? 0);
    result.push({ ...identity, start, values });
  }
  return result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The key and label of the series a daily total belongs to. */
export function identityOf(total: DailyTotal, grain: SeriesGrain, names: SeriesNames): SeriesIdentity {
  const base = { kind: total.kind, grain, productId: null, facilityId: null, carrierId: null, lane: null };
  switch (total.kind) {
    case 'demand': {
      const facility = total.facilityId === null ? 'none' : String(total.facilityId);
      const sku = names.product.get(total.productId ?? -1) ?? `product ${total.productId}`;
      const site =
        total.facilityId === null
          ? 'no facility'
          : (names.facility.get(total.facilityId) ?? `facility ${total.facilityId}`);
      return {
        ...base,
        key: `demand:${grain}:product=${total.productId}:facility=${facility}`,
        productId: total.productId,
        facilityId: total.facilityId,
        label: `${sku} at ${site}`,
      };
    }
    case 'lane_volume':
      return {
        ...base,
        key: `lane_volume:${grain}:lane=${total.lane}`,
        lane: total.lane,
        label: total.lane ?? '',
      };
    case 'carrier_volume':
      return {
        ...base,
        key: `carrier_volume:${grain}:carrier=${total.carrierId}`,
        carrierId: total.carrierId,
        label: names.carrier.get(total.carrierId ?? -1) ?? `carrier ${total.carrierId}`,
      };
  }
}
