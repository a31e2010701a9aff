import { HOUR_MS, toInstant } from './calendar.js';
import type { Pair, Site } from './company.js';
import { chooseMode } from './modes.js';
import type { PickPair } from './orders.js';
import type { Random } from './random.js';
import { emitMovement, emitShipment, mainCategory, sitePlace, type World } from './world.js';

/**
 * Store replenishment: a stocking site sends a mixed load to one of the company's stores.
 * No customer order is involved; the stock leaves as a transfer at pickup.
 */
export function replenishStore(
  world: World,
  rng: Random,
  day: number,
  store: { site: Site; from: Site },
  pickPair: PickPair,
): boolean {
  const pairs: Pair[] = [];
  const wanted = rng.int(3, 8);
  for (let tries = 0; pairs.length < wanted && tries < wanted * 3; tries++) {
    const pair = pickPair(rng);
    if (!pairs.includes(pair)) pairs.push(pair);
  }
  const lines = pairs
    .map((pair) => {
      const requested = Math.max(1, Math.round(12 * pair.product.lumpiness * rng.logNormal(1, 0.5)));
      return { pair, units: world.ledger.promise(pair.index, requested) };
    })
    .filter((l) => l.units > 0);
  if (lines.length === 0) return false;

  const zone = store.from.city.zone;
  const createdAt = Math.min(world.now - 60_000, toInstant(zone, { day, minute: rng.int(7 * 60, 15 * 60) }));
  let kg = 0;
  let m3 = 0;
  let value = 0;
  for (const { pair, units } of lines) {
    kg += units * pair.product.unitWeightKg;
    m3 += (units * pair.product.unitWeightKg) / pair.product.density;
    value += units * pair.product.unitCost;
    world.ledger.book(day, pair.index, 0, units, 0, 0);
  }
  const reference = `TR-${String(world.nextId.shipments).padStart(8, '0')}`;
  const { journey } = emitShipment(world, rng, {
    reference,
    orderId: null,
    from: sitePlace(store.from),
    to: sitePlace(store.site),
    kg: kg * 1.04,
    m3: m3 * 1.1,
    goodsValue: value,
    customerId: null,
    supplierId: null,
    commodity: mainCategory(lines.map(({ pair, units }) => ({ pair, value: units * pair.product.unitCost }))),
    createdAt,
    readyAt: createdAt + rng.float(8, 30) * HOUR_MS,
    cancelled: false,
    mayBeLost: false,
    // Stores take pallets, never parcels.
    mode: (km) => chooseMode(rng, Math.max(kg, 80), km, false),
  });
  const pickedUp = journey.actualPickup;
  if (pickedUp !== null) {
    for (const { pair, units } of lines)
      emitMovement(world, pair, pickedUp, 'transfer_out', -units, reference, null);
  }
  return true;
}
