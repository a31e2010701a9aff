import { HOUR_MS, isoDay, toInstant, weekday } from './calendar.js';
import type { Company, Pair, Site } from './company.js';
import { type PickPair, placeOrder } from './orders.js';
import { segmentProfile } from './parties.js';
import { cumulate, Random } from './random.js';
import { demandFactor, spreadOverDays } from './seasonality.js';
import { replenishStore } from './stores.js';
import { coverFor, isReviewDay, placePurchase, type SupplyPolicy, supplyPolicy } from './supply.js';
import { emitMovement, emptyRows, type Rows, takeId, type World } from './world.js';

/**
 * The day-by-day run: each day gets its share of the requested shipments (seasonality), which
 * go first to replenishment orders that are due, then store transfers, then customer orders;
 * then cycle counts adjust stock, the day closes in the ledger and, on Sundays, every stocked
 * SKU × site gets its snapshot. Rows are handed to `flush` in batches, so memory stays bounded.
 */

/** Intended share of shipments for inbound replenishment, and the share for store transfers. */
const INBOUND_SHARE = 0.12;
const TRANSFER_SHARE = 0.06;
const LOGNORMAL_MEAN = Math.exp(0.6 ** 2 / 2);

export interface DemandEstimate {
  /** Units requested per day of each SKU × site. */
  readonly rates: Float64Array;
  /** A large request (order line) of each SKU × site, in units. */
  readonly lots: Float64Array;
}

/** Expected demand of each SKU × site, before any history exists. */
export function expectedDemand(company: Company, shipments: number, days: number): DemandEstimate {
  const rates = new Float64Array(company.pairs.length);
  const lines = new Float64Array(company.pairs.length);
  const popularity = (site: Site) =>
    (company.pairsBySite.get(site.id) ?? []).reduce((s, p) => s + p.product.popularity, 0);
  const addSite = (site: Site | undefined, linesPerDay: number, units: number) => {
    if (!site) return;
    const total = popularity(site);
    for (const pair of company.pairsBySite.get(site.id) ?? []) {
      const share = pair.product.popularity / total;
      rates[pair.index] =
        (rates[pair.index] ?? 0) + linesPerDay * share * units * pair.product.lumpiness * LOGNORMAL_MEAN;
      lines[pair.index] = (lines[pair.index] ?? 0) + linesPerDay * share;
    }
  };
  const ordersPerDay = (shipments * (1 - INBOUND_SHARE - TRANSFER_SHARE)) / days;
  const activity = company.customers.reduce((s, c) => s + c.activity, 0);
  for (const customer of company.customers) {
    const profile = segmentProfile[customer.segment];
    const perDay =
      ((profile.lines[0] + profile.lines[1]) / 2) * ordersPerDay * (customer.activity / activity);
    addSite(customer.sites[0], perDay * 0.85, profile.units);
    addSite(customer.sites[1], perDay * 0.15, profile.units);
  }
  const transfersPerDay = (shipments * TRANSFER_SHARE) / days / Math.max(1, company.stores.length);
  for (const store of company.stores) addSite(store.from, transfersPerDay * 5.5, 12);
  // Big lines are several times the mean line.
  const lots = rates.map((rate, i) => (lines[i] ? (3 * rate) / (lines[i] as number) : 0));
  return { rates, lots };
}

export interface RunOptions {
  readonly shipments: number;
  /** Flush once this many shipments are waiting. */
  readonly batchShipments: number;
  readonly flush: (rows: Rows) => Promise<void>;
}

/** Runs the whole history into `world`, flushing rows as it goes. */
export async function runHistory(world: World, options: RunOptions): Promise<void> {
  const { company, firstDay, lastDay } = world;
  const days = lastDay - firstDay + 1;
  const perDay = spreadOverDays(options.shipments, firstDay, lastDay);
  // Order cycles are sized so that replenishment takes about its share of the shipments: a
  // small company orders each group rarely and holds more stock, a large one orders daily.
  const purchasesPerDay = (options.shipments * INBOUND_SHARE) / days / 1.5;
  const policy = supplyPolicy(new Random(world.seed, 'reviews'), company.groups.length, purchasesPerDay);
  openStock(world, policy);

  const customerWeights = cumulate(company.customers.map((c) => c.activity));
  let transferBudget = 0;
  let debt = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const rng = new Random(world.seed, 'day', day);
    const pickers = new Map<number, PickPair>();
    const pickerFor = (site: Site): PickPair => {
      let picker = pickers.get(site.id);
      if (!picker) {
        picker = demandPicker(world, site, day);
        pickers.set(site.id, picker);
      }
      return picker;
    };
    const budget = perDay[day - firstDay] ?? 0;
    let used = 0;
    for (const group of company.groups) {
      if (isReviewDay(policy, group, day - firstDay)) used += placePurchase(world, rng, day, group, policy);
    }
    transferBudget += budget * TRANSFER_SHARE;
    while (transferBudget >= 1) {
      transferBudget -= 1;
      const store = rng.pick(company.stores);
      if (replenishStore(world, rng, day, store, pickerFor(store.from))) used += 1;
    }
    let orders = budget - used - debt;
    debt = orders < 0 ? -orders : 0;
    for (; orders > 0; orders--) {
      const customer = company.customers[rng.weighted(customerWeights)];
      if (customer) placeOrder(world, rng, day, customer, pickerFor);
    }
    countCycles(world, rng, day);
    closeDay(world, day);
    if (world.rows.shipments.length >= options.batchShipments || day === lastDay) {
      const rows = world.rows;
      world.rows = emptyRows();
      await options.flush(rows);
    } else {
      // Let a batch being written make progress while the next one is generated.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Draws SKUs stocked at a site, weighted by popularity × the SKU's demand shape that day. */
function demandPicker(world: World, site: Site, day: number): PickPair {
  const pairs = world.company.pairsBySite.get(site.id) ?? [];
  const weights = cumulate(
    pairs.map((p) => p.product.popularity * demandFactor(p.product.shape, day, world.firstDay)),
  );
  return (rng) => pairs[rng.weighted(weights)] as Pair;
}

/** Opening stock the evening before the history starts: enough to reach each group's first receipt. */
function openStock(world: World, policy: SupplyPolicy): void {
  const day = world.firstDay - 1;
  for (const group of world.company.groups) {
    const untilReview = policy.offsets[group.index] ?? 0;
    for (const pair of group.pairs) {
      const units = Math.ceil(coverFor(world, pair, day, untilReview)) + 6;
      const at = toInstant(pair.site.city.zone, { day, minute: 18 * 60 });
      emitMovement(world, pair, at, 'adjustment', units, 'OPENING-BALANCE', null);
    }
  }
  world.ledger.close(day);
}

/** Cycle counts: about every six weeks a SKU × site is counted and corrected, mostly downwards. */
function countCycles(world: World, rng: Random, day: number): void {
  for (const pair of world.company.pairs) {
    if (!rng.chance(1 / 42)) continue;
    const at = toInstant(pair.site.city.zone, { day, minute: rng.int(10 * 60, 16 * 60) });
    const stock = world.ledger.available[pair.index] ?? 0;
    const delta = Math.round(rng.normal(-0.006, 0.015) * stock);
    if (delta === 0 || at > world.now) continue;
    const units = delta < 0 ? -world.ledger.withdraw(pair.index, -delta) : delta;
    if (units !== 0) emitMovement(world, pair, at, 'adjustment', units, `CC-${isoDay(day)}`, null);
  }
}

/** Closes a day in the ledger and writes Sunday snapshots of every stocked SKU × site. */
function closeDay(world: World, day: number): void {
  world.ledger.close(day);
  if (weekday(day) !== 0) return;
  for (const pair of world.company.pairs) {
    const zone = pair.site.city.zone;
    world.rows.inventorySnapshots.push({
      id: takeId(world, 'inventorySnapshots'),
      org_id: world.orgId,
      facility_id: pair.site.id,
      product_id: pair.product.id,
      snapshot_date: isoDay(day),
      on_hand: world.ledger.onHand[pair.index] ?? 0,
      allocated: world.ledger.allocated[pair.index] ?? 0,
      on_order: world.ledger.onOrder[pair.index] ?? 0,
      created_at: new Date(Math.min(world.now, toInstant(zone, { day: day + 1, minute: 0 }) + HOUR_MS)),
    });
  }
}
