import { describe, expect, it } from 'vitest';
import { emptyTallies, smoothedRate, tally } from './encoding.js';
import { featureNames, featureVector, predictionRates, trainingRates, weekdayOf } from './features.js';
import type { FeatureSchema, KnownExample } from './types.js';

const DAY = 86_400_000;
const MONDAY = Date.UTC(2025, 0, 6);
const day = (n: number) => MONDAY + n * DAY;

let nextId = 1;
/** A delivered shipment picked up on `pickup` and known on `delivered` (days after MONDAY). */
function delivered(
  pickup: number,
  deliveredDay: number,
  late: boolean,
  carrierId = 7,
  lane = 'A',
): KnownExample {
  return {
    id: nextId++,
    carrierId,
    lane,
    mode: 'FTL',
    plannedPickupAt: day(pickup),
    plannedDeliveryAt: day(pickup + 1),
    distanceKm: 500,
    late,
    deliveredAt: day(deliveredDay),
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('trainingRates', () => {
  // Ten on-time shipments known by day 30, ten more picked up days 95–99 that are still in
  // transit when the target is picked up on day 100.
  const before = range(10).map((i) => delivered(20 + i, 21 + i, false));
  const target = delivered(100, 101, false);
  const inTransit = (late: boolean, knownOn: (i: number) => number) =>
    range(10).map((i) => delivered(95 + (i >> 1), knownOn(i), late));
  const targetRates = (others: KnownExample[]) => trainingRates([...before, ...others, target]).at(-1);

  it('uses only outcomes known before the planned pickup', () => {
    const rates = targetRates(inTransit(true, (i) => 101 + i));
    // Known before day 100: 10 on time. Prior (0 + 1) / (10 + 2) = 1/12.
    // Carrier: (0 + 20 · 1/12) / (10 + 20) = 1/18; lane the same.
    // Carrier × lane toward the carrier: (0 + 20 · 1/18) / 30 = 1/27; recent carrier the same.
    expect(rates?.prior).toBeCloseTo(1 / 12, 12);
    expect(rates?.carrier).toBeCloseTo(1 / 18, 12);
    expect(rates?.lane).toBeCloseTo(1 / 18, 12);
    expect(rates?.carrierLane).toBeCloseTo(1 / 27, 12);
    expect(rates?.recentCarrier).toBeCloseTo(1 / 27, 12);
  });

  it('gives the same rates whatever the in-transit shipments turn out to be', () => {
    const ifLate = targetRates(inTransit(true, (i) => 101 + i));
    const ifOnTime = targetRates(inTransit(false, (i) => 101 + i));
    expect(ifLate).toEqual(ifOnTime);
    // The same late outcomes known on day 99 do move the rates: the test can tell.
    const knownEarlier = targetRates(inTransit(true, () => 99));
    expect(knownEarlier?.carrier).toBeGreaterThan((ifLate?.carrier ?? 1) + 0.1);
  });

  it("never counts a shipment's own outcome, even one known before its planned pickup", () => {
    const early = { ...target, late: true, deliveredAt: day(99) };
    const rates = trainingRates([...before, early]).at(-1);
    expect(rates?.carrier).toBeCloseTo(1 / 18, 12);
    expect(rates?.recentCarrier).toBeCloseTo(1 / 27, 12);
  });

  it('counts an outcome known exactly at the pickup as not yet known', () => {
    const atPickup = targetRates(inTransit(true, () => 100));
    expect(atPickup?.carrier).toBeCloseTo(1 / 18, 12);
  });

  it('reads recent rates from the trailing 90 days only', () => {
    // Carrier 8: ten late known on days 1–10, ten on time known on days 151–160; target on day 200.
    const old = range(10).map((i) => delivered(i, i + 1, true, 8, 'B'));
    const recent = range(10).map((i) => delivered(150 + i, 151 + i, false, 8, 'B'));
    const rates = trainingRates([...old, ...recent, delivered(200, 201, false, 8, 'B')]).at(-1);
    // All-time: prior (10 + 1) / (20 + 2) = ½; carrier (10 + 20 · ½) / 40 = ½.
    // Recent (days 110–199): 0 late of 10 toward the carrier's ½: (0 + 10) / 30 = 1/3.
    expect(rates?.carrier).toBeCloseTo(0.5, 12);
    expect(rates?.recentCarrier).toBeCloseTo(1 / 3, 12);
    expect(rates?.recentLane).toBeCloseTo(1 / 3, 12);
  });
});

describe('predictionRates', () => {
  const trained = emptyTallies();
  for (const i of range(40)) tally(trained, delivered(i, i + 1, i % 4 === 0));
  const open = { ...delivered(300, 301, false), late: null, deliveredAt: null };

  it('reads recent rates from the history known before the pickup, all-time ones from training', () => {
    const lateHistory = range(10).map((i) => delivered(280 + i, 281 + i, true));
    const [rates] = predictionRates([open], trained, lateHistory, 90, 20);
    // Training: 10 late of 40; prior 11/42; carrier (10 + 20 · 11/42) / 60.
    const carrier = smoothedRate(10, 40, 11 / 42);
    expect(rates?.carrier).toBeCloseTo(carrier, 12);
    expect(rates?.recentCarrier).toBeCloseTo(smoothedRate(10, 10, carrier), 12);
  });

  it('ignores history known after the pickup', () => {
    const future = range(10).map((i) => delivered(299, 302 + i, true));
    const [rates] = predictionRates([open], trained, future, 90, 20);
    expect(rates?.recentCarrier).toBe(rates?.carrier);
  });
});

describe('featureVector', () => {
  const schema: FeatureSchema = { modes: ['FTL', 'LTL'], distanceFill: 6, recentDays: 90 };
  const rates = {
    prior: 0.1,
    carrier: 0.2,
    lane: 0.25,
    carrierLane: 0.5,
    recentCarrier: 0.2,
    recentLane: 0.1,
  };

  it('has one value per name, rates as log-odds and the pickup weekday one-hot', () => {
    const friday = { ...delivered(4, 6, false), plannedDeliveryAt: day(4) + 11 * 3_600_000 };
    const x = featureVector(friday, rates, schema);
    const names = featureNames(schema);
    expect(x).toHaveLength(names.length);
    const value = (name: string) => x[names.indexOf(name)];
    expect(value('carrier_late_rate')).toBeCloseTo(Math.log(0.2 / 0.8), 12);
    expect(value('carrier_lane_late_rate')).toBe(0);
    expect(value('mode=FTL')).toBe(1);
    expect(value('mode=LTL')).toBe(0);
    expect(names.filter((n) => n.startsWith('weekday=') && value(n) === 1)).toEqual(['weekday=fri']);
    // 11 h planned transit: log(1 + 11) = log 12
    expect(value('log_transit_hours')).toBeCloseTo(Math.log(12), 12);
    expect(value('log_distance_km')).toBeCloseTo(Math.log(501), 12);
    expect(value('distance_missing')).toBe(0);
  });

  it('fills a missing distance with the training mean and flags it; an unseen mode sets no column', () => {
    const x = featureVector({ ...delivered(0, 1, false), distanceKm: null, mode: 'rail' }, rates, schema);
    const names = featureNames(schema);
    expect(x[names.indexOf('log_distance_km')]).toBe(6);
    expect(x[names.indexOf('distance_missing')]).toBe(1);
    expect(x[names.indexOf('mode=FTL')]).toBe(0);
    expect(x[names.indexOf('mode=LTL')]).toBe(0);
  });
});

describe('weekdayOf', () => {
  it('numbers UTC weekdays from Monday = 0', () => {
    expect(weekdayOf(MONDAY)).toBe(0);
    expect(weekdayOf(MONDAY + 4 * DAY + 23 * 3_600_000)).toBe(4);
    expect(weekdayOf(0)).toBe(3); // 1 January 1970, a Thursday
    expect(weekdayOf(-1)).toBe(2); // the last millisecond of a Wednesday
  });
});
