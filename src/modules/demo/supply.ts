import type { ShipmentMode } from '../../db/types.js';
import { DAY_MS, toInstant } from './calendar.js';
import type { Pair, SupplyGroup } from './company.js';
import { chooseMode } from './modes.js';
import type { Random } from './random.js';
import { demandFactor, volumeLevel } from './seasonality.js';
import {
  emitMovement,
  emitShipment,
  mainCategory,
  type Place,
  type PlannedShipment,
  sitePlace,
  type World,
} from './world.js';

/**
 * Replenishment by periodic review, the (R, S) policy of most distributors: every R days each
 * supply group (a site's overseas, domestic or own-plant range) is reviewed and every SKU is
 * ordered up to S = the demand over lead time plus cycle, with a margin, plus a large order
 * line (slow movers sell in lumps). R is sized so replenishment takes about its intended share
 * of the shipments. Overseas goods sail to the site's port of entry and go on by truck or rail;
 * the receipt is booked when the last leg is delivered.
 */

export interface SupplyPolicy {
  /** Days between two reviews of a group. */
  readonly reviewDays: number;
  /** Each group's first review, in days after the history starts (spreads the reviews). */
  readonly offsets: readonly number[];
}

export function supplyPolicy(rng: Random, groups: number, purchasesPerDay: number): SupplyPolicy {
  // At least every three days: a large company consolidates rather than ordering each SKU daily.
  const reviewDays = Math.max(3, Math.round(groups / Math.max(purchasesPerDay, 1e-9)));
  return { reviewDays, offsets: Array.from({ length: groups }, () => rng.int(0, reviewDays - 1)) };
}

/** Whether a group is reviewed on the n-th day of the history. */
export function isReviewDay(policy: SupplyPolicy, group: SupplyGroup, n: number): boolean {
  const offset = policy.offsets[group.index] ?? 0;
  return n >= offset && (n - offset) % policy.reviewDays === 0;
}

// The smoothed rate reflects demand about this many days ago (the mean age of its memory).
const RATE_LAG_DAYS = 44;

/**
 * Units a SKU is ordered up to on `day` when `days` must be covered after the lead time: the
 * smoothed rate carried forward along the SKU's seasonal shape and the company's volume curve
 * (as a planner's forecast would), a margin for late freight, and safety stock for lumpy demand
 * (orders arrive as lines of very different sizes: the variance grows with rate × line size).
 */
export function coverFor(world: World, pair: Pair, day: number, days: number): number {
  const { firstDay } = world;
  const level = (d: number) => volumeLevel(d, firstDay) * demandFactor(pair.product.shape, d, firstDay);
  const horizon = pair.leadDays + days;
  const ahead = (level(day + horizon / 3) + level(day + (2 * horizon) / 3) + level(day + horizon)) / 3;
  const daily = ((world.ledger.rate[pair.index] ?? 0) * ahead) / level(day - RATE_LAG_DAYS);
  const lot = world.ledger.lot[pair.index] ?? 0;
  return daily * horizon * 1.15 + 1.65 * Math.sqrt(daily * horizon * lot) + 0.5 * lot;
}

/** Places a purchase order for the group on a day; returns the number of shipments created. */
export function placePurchase(
  world: World,
  rng: Random,
  day: number,
  group: SupplyGroup,
  policy: SupplyPolicy,
): number {
  const { site } = group;
  const lines: { pair: Pair; units: number }[] = [];
  let trigger: Pair | null = null;
  let lowest = Number.POSITIVE_INFINITY;
  for (const pair of group.pairs) {
    const rate = world.ledger.rate[pair.index] ?? 0;
    const position = world.ledger.position(pair.index);
    const short = coverFor(world, pair, day, policy.reviewDays) - position;
    // Whole cases of six; a SKU well stocked for the cycle waits for the next review.
    if (short >= 1) lines.push({ pair, units: Math.ceil(short / 6) * 6 });
    // The SKU with the fewest days of cover decides which supplier ships this order.
    const cover = position / Math.max(rate, 1e-9);
    if (short >= 1 && cover < lowest) {
      lowest = cover;
      trigger = pair;
    }
  }
  if (lines.length === 0 || !trigger) return 0;
  const { source } = trigger;

  const createdAt = Math.min(
    world.now - 60_000,
    toInstant(site.city.zone, { day, minute: rng.int(8 * 60, 17 * 60) }),
  );
  let kg = 0;
  let m3 = 0;
  let value = 0;
  for (const { pair, units } of lines) {
    world.ledger.order(pair.index, units);
    world.ledger.book(day, pair.index, 0, 0, units, 0);
    kg += units * pair.product.unitWeightKg;
    m3 += (units * pair.product.unitWeightKg) / pair.product.density;
    value += units * pair.product.unitCost;
  }
  const commodity = mainCategory(
    lines.map(({ pair, units }) => ({ pair, value: units * pair.product.unitCost })),
  );
  const purchase = `PO-${String(world.nextId.shipments).padStart(8, '0')}`;
  const from: Place = source.plant
    ? sitePlace(source.plant)
    : { site: null, city: source.city, key: source.key };
  const leg = (reference: string, a: Place, b: Place, readyAt: number, mode: (km: number) => ShipmentMode) =>
    emitShipment(world, rng, {
      reference,
      orderId: null,
      from: a,
      to: b,
      kg: kg * 1.03,
      m3: m3 * 1.08,
      goodsValue: value,
      customerId: null,
      supplierId: source.supplierId,
      commodity,
      createdAt,
      readyAt,
      cancelled: false,
      mayBeLost: false,
      mode,
    });
  const reference = () => `IB-${String(world.nextId.shipments).padStart(8, '0')}`;

  let last: PlannedShipment;
  let count = 1;
  if (source.port) {
    const ready = createdAt + rng.float(7, 14) * DAY_MS;
    const byAir = kg < 150 || rng.chance(0.07);
    if (byAir) last = leg(reference(), from, sitePlace(site), ready, () => 'air');
    else {
      const port = sitePlace(source.port);
      const sea = leg(reference(), from, port, ready, () => 'ocean');
      const landed = sea.journey.eventualDelivery ?? sea.journey.plannedDelivery;
      last = leg(reference(), port, sitePlace(site), landed + rng.float(1, 3) * DAY_MS, (km) =>
        chooseMode(rng, kg, km, false),
      );
      count = 2;
    }
  } else {
    const ready = createdAt + (source.plant ? rng.float(0.5, 2) : rng.float(1, 4)) * DAY_MS;
    last = leg(reference(), from, sitePlace(site), ready, (km) => chooseMode(rng, kg, km, false));
  }

  const received = last.journey.actualDelivery;
  if (received !== null) {
    for (const { pair, units } of lines)
      emitMovement(world, pair, received, 'receipt', units, purchase, null);
  }
  return count;
}
