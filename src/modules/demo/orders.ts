import type { OrderStatus, ShipmentStatus } from '../../db/types.js';
import { deriveOrderFacts } from '../orders/index.js';
import { HOUR_MS, isoDay, toInstant, toLocal } from './calendar.js';
import type { Customer, Pair, Site } from './company.js';
import { chooseMode } from './modes.js';
import { segmentProfile } from './parties.js';
import type { Random } from './random.js';
import {
  emitMovement,
  emitShipment,
  mainCategory,
  type Place,
  sitePlace,
  takeId,
  type World,
} from './world.js';

/**
 * Customer orders: lines drawn from what the shipping site stocks (weighted by each SKU's
 * demand that week), filled from available stock (short stock makes partial fills), shipped
 * as one shipment, picked from stock at the actual pickup, sometimes partly returned.
 */

const orderStatus: Record<ShipmentStatus, OrderStatus> = {
  planned: 'open',
  booked: 'allocated',
  in_transit: 'shipped',
  exception: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
};

export type PickPair = (rng: Random) => Pair;

/** Places one order of a customer on a day (the shipping site's local day). */
export function placeOrder(
  world: World,
  rng: Random,
  day: number,
  customer: Customer,
  pickerFor: (site: Site) => PickPair,
): void {
  const site = (rng.chance(0.85) ? customer.sites[0] : customer.sites[1]) ?? customer.sites[0];
  if (!site) return;
  const pickPair = pickerFor(site);
  const profile = segmentProfile[customer.segment];
  const zone = site.city.zone;
  const createdAt = Math.min(world.now - 60_000, toInstant(zone, { day, minute: rng.int(6 * 60, 20 * 60) }));
  const orderId = takeId(world, 'orders');
  const reference = `SO-${String(orderId).padStart(8, '0')}`;

  // Distinct SKUs for the lines; a few retries keep small sites from repeating one SKU.
  const lineCount = rng.int(profile.lines[0], profile.lines[1]);
  const pairs: Pair[] = [];
  for (let tries = 0; pairs.length < lineCount && tries < lineCount * 3; tries++) {
    const pair = pickPair(rng);
    if (!pairs.includes(pair)) pairs.push(pair);
  }
  const ordered = pairs.map((p) =>
    Math.max(1, Math.round(profile.units * p.product.lumpiness * rng.logNormal(1, 0.6))),
  );
  const granted = pairs.map((p, i) => world.ledger.promise(p.index, ordered[i] ?? 0));
  const cancelled = granted.every((q) => q === 0) || rng.chance(0.006);
  if (cancelled) {
    for (const [i, p] of pairs.entries()) world.ledger.release(p.index, granted[i] ?? 0);
  }
  const shipped = granted.map((q) => (cancelled ? 0 : q));
  // A cancelled shipment keeps the weight it was planned with.
  const planned = cancelled ? ordered : shipped;

  let kg = 0;
  let m3 = 0;
  let value = 0;
  pairs.forEach((p, i) => {
    const q = planned[i] ?? 0;
    kg += q * p.product.unitWeightKg;
    m3 += (q * p.product.unitWeightKg) / p.product.density;
    value += q * p.product.unitPrice;
  });
  const to: Place = { site: null, city: customer.city, key: customer.code };
  // Parcel customers are picked within hours; pallets wait for the next wave.
  const handling = customer.segment === 'ecommerce' ? rng.float(1, 6) : rng.float(10, 40);
  const shipmentReference = `SH-${reference.slice(3)}`;
  const shipment = emitShipment(world, rng, {
    reference: shipmentReference,
    orderId,
    from: sitePlace(site),
    to,
    kg: kg * 1.04,
    m3: m3 * 1.1,
    goodsValue: value,
    customerId: customer.id,
    supplierId: null,
    commodity: mainCategory(
      pairs.map((pair, i) => ({ pair, value: (planned[i] ?? 0) * pair.product.unitPrice })),
    ),
    createdAt,
    readyAt: createdAt + handling * HOUR_MS,
    cancelled,
    mayBeLost: true,
    mode: (km) => chooseMode(rng, kg, km, false),
  });
  const { journey } = shipment;

  const dates = {
    status: orderStatus[journey.status],
    order_date: isoDay(day),
    requested_date: isoDay(day + Math.max(1, Math.round(rng.normal(profile.leadDays, 1.5)))),
    promised_date: cancelled ? null : isoDay(journey.plannedDeliveryDay),
  };
  // The orders module's derivation, on the one shipment as it will be stored.
  const facts = deriveOrderFacts(
    dates,
    [
      {
        status: journey.status,
        archived_at: null,
        actual_delivery_at: journey.actualDelivery === null ? null : new Date(journey.actualDelivery),
        destination_timezone: customer.city.zone,
      },
    ],
    world.reportingZone,
  );
  world.rows.orders.push({
    id: orderId,
    org_id: world.orgId,
    reference,
    customer_id: customer.id,
    ship_from_facility_id: site.id,
    ...dates,
    ...facts,
    // Order lines are priced in the reporting currency (freight may be invoiced in another).
    currency: 'USD',
    created_at: new Date(createdAt),
    updated_at: new Date(Math.min(world.now, journey.actualDelivery ?? journey.actualPickup ?? createdAt)),
  });

  const pickedUp = journey.actualPickup;
  const delivered = journey.actualDelivery;
  const damaged =
    journey.exception?.reason === 'damage' && delivered !== null ? rng.int(0, pairs.length - 1) : -1;
  pairs.forEach((pair, i) => {
    const q = shipped[i] ?? 0;
    let qDelivered = delivered !== null ? q : 0;
    if (qDelivered > 0 && (i === damaged || rng.chance(0.004))) qDelivered -= rng.int(1, Math.ceil(q * 0.3));
    const lineId = takeId(world, 'orderLines');
    world.rows.orderLines.push({
      id: lineId,
      org_id: world.orgId,
      order_id: orderId,
      line_no: i + 1,
      product_id: pair.product.id,
      qty_ordered: ordered[i] ?? 0,
      qty_shipped: pickedUp !== null ? q : 0,
      qty_delivered: qDelivered,
      unit_price: pair.product.unitPrice,
      created_at: new Date(createdAt),
      updated_at: new Date(Math.min(world.now, delivered ?? pickedUp ?? createdAt)),
    });
    if (q === 0) return;
    // Promised stock is allocated on the order day and leaves the shelf at pickup.
    world.ledger.book(day, pair.index, 0, q, 0, 0);
    if (pickedUp === null) return;
    emitMovement(world, pair, pickedUp, 'shipment', -q, shipmentReference, lineId);
    if (delivered !== null && qDelivered > 0 && rng.chance(0.015)) {
      const back = toLocal(zone, delivered).day + rng.int(3, 20);
      const at = toInstant(zone, { day: back, minute: rng.int(9 * 60, 17 * 60) });
      if (at <= world.now) emitMovement(world, pair, at, 'return', rng.int(1, qDelivered), reference, lineId);
    }
  });
}
