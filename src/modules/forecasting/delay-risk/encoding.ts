/**
 * Target encoding: a carrier, a lane or a carrier × lane becomes its smoothed late rate, the
 * m-estimate (late + m·prior) / (n + m) with m = 20 — a carrier with 20 known shipments is
 * trusted half-way between its own rate and the prior, one with 200 almost fully. The priors are
 * hierarchical: carrier and lane shrink toward the global rate, carrier × lane toward the
 * carrier's rate, recent rates toward the all-time rate of the same carrier or lane.
 *
 * Nothing an example could not have known enters its rates: `sweepOutcomes` walks the examples
 * in order of planned pickup and counts only outcomes that became known before it, adding each
 * outcome once and (from the recent window) removing it once — O(n log n) for the two sorts.
 */
import type { KnownExample, ShipmentExample, TargetEncodings } from './types.js';

export const M_ESTIMATE = 20;
export const RECENT_DAYS = 90;
const DAY_MS = 86_400_000;

/** Late and total counts, mutable while a sweep runs. */
export interface Count {
  late: number;
  total: number;
}

/** Counts of known outcomes by carrier, lane and carrier × lane, and overall. */
export interface Tallies {
  readonly global: Count;
  readonly carriers: Map<number, Count>;
  readonly lanes: Map<string, Count>;
  readonly carrierLanes: Map<string, Count>;
}

/** The smoothed late rates of one shipment's carrier, lane and carrier × lane. */
export interface Rates {
  readonly prior: number;
  readonly carrier: number;
  readonly lane: number;
  readonly carrierLane: number;
  readonly recentCarrier: number;
  readonly recentLane: number;
}

/** The m-estimate of a rate: (late + m·prior) / (n + m). */
export function smoothedRate(late: number, total: number, prior: number, m = M_ESTIMATE): number {
  return (late + m * prior) / (total + m);
}

/** Whether the example's outcome is known, and when. */
export function isKnown(example: ShipmentExample): example is KnownExample {
  return example.late !== null && example.deliveredAt !== null;
}

/** The key of a carrier × lane; a carrier id holds no '|', so the first one splits it. */
const pairKey = (carrierId: number, lane: string) => `${carrierId}|${lane}`;

/** Counts with nothing counted yet. */
export function emptyTallies(): Tallies {
  return { global: { late: 0, total: 0 }, carriers: new Map(), lanes: new Map(), carrierLanes: new Map() };
}

function bump<K>(map: Map<K, Count>, key: K, late: number, sign: 1 | -1): void {
  const count = map.get(key);
  if (count) {
    count.late += sign * late;
    count.total += sign;
  } else map.set(key, { late: late * sign, total: sign });
}

/** Adds (sign 1) or removes (sign −1) one outcome. */
export function tally(tallies: Tallies, example: KnownExample, sign: 1 | -1 = 1): void {
  const late = example.late ? 1 : 0;
  tallies.global.late += sign * late;
  tallies.global.total += sign;
  if (example.carrierId !== null) bump(tallies.carriers, example.carrierId, late, sign);
  if (example.lane !== null) bump(tallies.lanes, example.lane, late, sign);
  if (example.carrierId !== null && example.lane !== null) {
    bump(tallies.carrierLanes, pairKey(example.carrierId, example.lane), late, sign);
  }
}

/**
 * The global rate by Laplace's rule, (late + 1) / (n + 2): the first shipments, with nothing
 * known before them, get ½ rather than 0/0, and every rate stays strictly inside (0, 1).
 */
export function globalPrior(tallies: Tallies): number {
  return (tallies.global.late + 1) / (tallies.global.total + 2);
}

function rateOf<K>(map: Map<K, Count>, key: K | null, prior: number, m: number): number {
  const count = key === null ? undefined : map.get(key);
  return count ? smoothedRate(count.late, count.total, prior, m) : prior;
}

/**
 * The rates of a shipment from all-time counts (and recent ones, when given); without recent
 * counts the recent rates equal the all-time ones. A missing carrier or lane has the prior's rate.
 */
export function ratesFor(
  example: ShipmentExample,
  allTime: Tallies,
  recent?: Tallies,
  m = M_ESTIMATE,
): Rates {
  const prior = globalPrior(allTime);
  const { carrierId, lane: laneName } = example;
  const carrier = rateOf(allTime.carriers, carrierId, prior, m);
  const lane = rateOf(allTime.lanes, laneName, prior, m);
  const key = carrierId !== null && laneName !== null ? pairKey(carrierId, laneName) : null;
  return {
    prior,
    carrier,
    lane,
    carrierLane: rateOf(allTime.carrierLanes, key, carrier, m),
    recentCarrier: recent ? rateOf(recent.carriers, carrierId, carrier, m) : carrier,
    recentLane: recent ? rateOf(recent.lanes, laneName, lane, m) : lane,
  };
}

/** Indices of `items` in ascending order of `time`, ties by id, so every run is the same. */
export function orderBy<T extends { readonly id: number }>(items: readonly T[], time: (item: T) => number) {
  const order = items.map((_, i) => i);
  const at = (i: number) => items[i] as T;
  return order.sort((a, b) => time(at(a)) - time(at(b)) || at(a).id - at(b).id);
}

/**
 * Calls `visit` for each query in order of planned pickup, with the counts of the `outcomes`
 * known strictly before that pickup: all of them, and those of the trailing `recentDays`. A
 * shipment's own outcome (same id) never counts for it, even when it was delivered before its
 * planned pickup — an early move, or a plan entered late — as its rates would then hold its label.
 */
export function sweepOutcomes(
  queries: readonly ShipmentExample[],
  outcomes: readonly KnownExample[],
  visit: (index: number, allTime: Tallies, recent: Tallies) => void,
  recentDays = RECENT_DAYS,
): void {
  const events = orderBy(outcomes, (e) => e.deliveredAt).map((i) => outcomes[i] as KnownExample);
  const byId = new Map(outcomes.map((e) => [e.id, e]));
  const allTime = emptyTallies();
  const recent = emptyTallies();
  let added = 0;
  let expired = 0;
  for (const index of orderBy(queries, (e) => e.plannedPickupAt)) {
    const query = queries[index] as ShipmentExample;
    const pickup = query.plannedPickupAt;
    for (let e = events[added]; e && e.deliveredAt < pickup; e = events[++added]) {
      tally(allTime, e);
      tally(recent, e);
    }
    const windowStart = pickup - recentDays * DAY_MS;
    for (
      let e = events[expired];
      e && expired < added && e.deliveredAt < windowStart;
      e = events[++expired]
    ) {
      tally(recent, e, -1);
    }
    const own = byId.get(query.id);
    const counted = own !== undefined && own.deliveredAt < pickup;
    const inWindow = counted && own.deliveredAt >= windowStart;
    if (counted) tally(allTime, own, -1);
    if (inWindow) tally(recent, own, -1);
    visit(index, allTime, recent);
    if (counted) tally(allTime, own);
    if (inWindow) tally(recent, own);
  }
}

/** The counts as JSON data, sorted by key so the same data always gives the same text. */
export function encodingsToJson(tallies: Tallies): TargetEncodings {
  const entries = <K>(map: Map<K, Count>) =>
    [...map].filter(([, c]) => c.total > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    m: M_ESTIMATE,
    global: { ...tallies.global },
    carriers: entries(tallies.carriers).map(([id, c]) => [id, c.late, c.total] as const),
    lanes: entries(tallies.lanes).map(([lane, c]) => [lane, c.late, c.total] as const),
    carrierLanes: entries(tallies.carrierLanes).map(([key, c]) => {
      const split = key.indexOf('|');
      return [Number(key.slice(0, split)), key.slice(split + 1), c.late, c.total] as const;
    }),
  };
}

/** The counts back from JSON data. */
export function encodingsFromJson(json: TargetEncodings): Tallies {
  const count = (late: number, total: number): Count => ({ late, total });
  return {
    global: count(json.global.late, json.global.total),
    carriers: new Map(json.carriers.map(([id, late, total]) => [id, count(late, total)])),
    lanes: new Map(json.lanes.map(([lane, late, total]) => [lane, count(late, total)])),
    carrierLanes: new Map(json.carrierLanes.map(([id, lane, l, t]) => [pairKey(id, lane), count(l, t)])),
  };
}
