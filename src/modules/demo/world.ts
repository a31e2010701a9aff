import type { MovementKind, NewRow, ShipmentMode } from '../../db/types.js';
import type { ShipmentWrite } from '../shipments/index.js';
import { toLocal } from './calendar.js';
import type { Company, Pair, Site } from './company.js';
import { freightCurrency, type RateBook } from './currencies.js';
import type { StockLedger } from './inventory.js';
import { type Journey, playJourney } from './journey.js';
import type { CarrierMarket, LaneBook } from './lanes.js';
import { routeKm, tariff, usesPallets } from './modes.js';
import type { City } from './places.js';
import type { Random } from './random.js';
import { trackingSteps } from './tracking.js';

/**
 * The state a simulation day works on, and the helpers that turn decisions into rows: rows
 * get their ids here, in generation order, so they can reference each other before any insert.
 */

export interface Rows {
  orders: NewRow<'orders'>[];
  orderLines: NewRow<'order_lines'>[];
  shipments: ShipmentWrite[];
  trackingEvents: NewRow<'tracking_events'>[];
  inventoryMovements: NewRow<'inventory_movements'>[];
  inventorySnapshots: NewRow<'inventory_snapshots'>[];
}

export type RowKind = keyof Rows;

export function emptyRows(): Rows {
  return {
    orders: [],
    orderLines: [],
    shipments: [],
    trackingEvents: [],
    inventoryMovements: [],
    inventorySnapshots: [],
  };
}

export interface World {
  readonly orgId: number;
  readonly seed: number;
  readonly now: number;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly company: Company;
  readonly ledger: StockLedger;
  readonly lanes: LaneBook;
  /** Daily exchange rates into the reporting currency. */
  readonly rates: RateBook;
  /** The organization's reporting time zone (the head office's). */
  readonly reportingZone: string;
  /** The next id of each generated table. */
  readonly nextId: Record<RowKind, number>;
  /** Rows generated since the last flush. */
  rows: Rows;
  /** Rows generated so far, per table. */
  readonly counts: Record<RowKind, number>;
}

export function takeId(world: World, kind: RowKind): number {
  world.counts[kind]++;
  return world.nextId[kind]++;
}

/** One end of a shipment: one of our sites, or a customer's or supplier's address. */
export interface Place {
  readonly site: Site | null;
  readonly city: City;
  /** Identifies the place in lane keys. */
  readonly key: string;
}

export function sitePlace(site: Site): Place {
  return { site, city: site.city, key: site.code };
}

export interface ShipmentPlan {
  readonly reference: string;
  readonly orderId: number | null;
  readonly from: Place;
  readonly to: Place;
  readonly kg: number;
  readonly m3: number;
  /** In USD; priced in the lane's currency at the shipment's day. */
  readonly goodsValue: number;
  /** The consignee when it is a customer (outbound deliveries). */
  readonly customerId: number | null;
  /** The shipper when it is a supplier (inbound supply). */
  readonly supplierId: number | null;
  /** The main product category of what it carries. */
  readonly commodity: string | null;
  readonly createdAt: number;
  readonly readyAt: number;
  readonly cancelled: boolean;
  readonly mayBeLost: boolean;
  /** Picks the mode once the route length is known. */
  readonly mode: (km: number) => ShipmentMode;
}

export interface PlannedShipment {
  readonly id: number;
  readonly journey: Journey;
  readonly mode: ShipmentMode;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function carrierMarket(from: City, to: City): CarrierMarket {
  return from.market === to.market && from.market !== 'AS' ? from.market : 'global';
}

/** Plays out a shipment and emits its row and tracking events; returns its id and journey. */
export function emitShipment(world: World, rng: Random, plan: ShipmentPlan): PlannedShipment {
  const { from, to } = plan;
  const laneKey = `${from.key}>${to.key}`;
  const lane = world.lanes.lane(laneKey, from.city, to.city);
  const market = carrierMarket(from.city, to.city);
  let mode = plan.mode(routeKm('road', from.city, to.city));
  let carrier = world.lanes.carrier(rng, laneKey, lane, mode, market);
  if (!carrier) {
    // No carrier offers this mode here (e.g. rail in a small market): book a truck instead.
    mode = 'ftl';
    carrier = world.lanes.carrier(rng, laneKey, lane, mode, market);
    if (!carrier) throw new Error(`no demo carrier serves ${laneKey} by ${mode}`);
  }
  const km = routeKm(mode, from.city, to.city);
  const journey = playJourney(rng, {
    mode,
    carrier,
    from: from.city,
    to: to.city,
    km,
    readyAt: plan.readyAt,
    createdAt: plan.createdAt,
    laneBias: lane.bias,
    crossBorder: lane.crossBorder,
    now: world.now,
    cancelled: plan.cancelled,
    mayBeLost: plan.mayBeLost,
  });
  const id = takeId(world, 'shipments');
  const pallets = usesPallets(mode) ? Math.max(1, Math.ceil(plan.m3 / 1.6)) : null;
  const kg = plan.kg + (pallets ?? 0) * 22;
  const hubs = world.company.hubs.filter((h) => h.city.market === to.city.market);
  const hub = hubs.length ? rng.pick(hubs).city : to.city;
  const steps = trackingSteps(rng, journey, mode, carrier, from.city, to.city, hub, world.now);
  const lastEvent = steps.at(-1)?.at ?? plan.createdAt;
  const price = tariff(mode, km, kg, plan.m3) * carrier.costLevel * rng.float(0.95, 1.06);
  // Amounts are in the carrier's invoicing currency at the rate of the shipment's day (the
  // reporting-zone day of its pickup), so converting them back gives the USD tariff.
  const currency = freightCurrency(from.city, to.city);
  const shipDay = toLocal(world.reportingZone, journey.actualPickup ?? journey.plannedPickup).day;
  world.rows.shipments.push({
    id,
    org_id: world.orgId,
    source: 'demo',
    reference: plan.reference,
    order_id: plan.orderId,
    mode,
    status: journey.status,
    carrier_id: journey.tendered ? carrier.id : null,
    origin_facility_id: from.site?.id ?? null,
    destination_facility_id: to.site?.id ?? null,
    origin_city: from.city.name,
    origin_region: from.city.region,
    origin_country: from.city.country,
    destination_city: to.city.name,
    destination_region: to.city.region,
    destination_country: to.city.country,
    destination_timezone: to.city.zone,
    planned_pickup_at: new Date(journey.plannedPickup),
    planned_delivery_at: new Date(journey.plannedDelivery),
    actual_pickup_at: journey.actualPickup === null ? null : new Date(journey.actualPickup),
    actual_delivery_at: journey.actualDelivery === null ? null : new Date(journey.actualDelivery),
    weight_kg: round(kg, 3),
    volume_m3: round(plan.m3, 3),
    pallets,
    distance_km: round(km, 1),
    freight_cost: plan.cancelled ? null : world.rates.fromUsd(price, currency, shipDay),
    currency,
    goods_value: world.rates.fromUsd(plan.goodsValue, currency, shipDay),
    customer_id: plan.customerId,
    supplier_id: plan.supplierId,
    commodity: plan.commodity,
    created_at: new Date(plan.createdAt),
    updated_at: new Date(Math.max(plan.createdAt, lastEvent)),
  });
  for (const step of steps) {
    world.rows.trackingEvents.push({
      id: takeId(world, 'trackingEvents'),
      org_id: world.orgId,
      shipment_id: id,
      code: step.code,
      raw_code: step.rawCode,
      occurred_at: new Date(step.at),
      city: step.place.city,
      country: step.place.country,
      latitude: round(step.place.lat, 4),
      longitude: round(step.place.lng, 4),
      source: carrier.feed,
      message: step.message,
      // Feeds report a few minutes after the fact.
      created_at: new Date(Math.min(world.now, step.at + rng.int(1, 20) * 60_000)),
    });
  }
  return { id, journey, mode };
}

/**
 * The category that makes up most of a load's value (the first such in line order on a tie):
 * the commodity a shipment is declared as.
 */
export function mainCategory(lines: readonly { pair: Pair; value: number }[]): string | null {
  const byCategory = new Map<string, number>();
  let best: string | null = null;
  let bestValue = -1;
  for (const { pair, value } of lines) {
    const category = pair.product.category;
    const total = (byCategory.get(category) ?? 0) + value;
    byCategory.set(category, total);
    if (total > bestValue) {
      best = category;
      bestValue = total;
    }
  }
  return best;
}

/** Books a stock change into the ledger and emits its movement row. */
export function emitMovement(
  world: World,
  pair: Pair,
  at: number,
  kind: MovementKind,
  quantity: number,
  reference: string,
  orderLineId: number | null,
): void {
  const day = toLocal(pair.site.city.zone, at).day;
  // Inbound stock becomes promisable when its day closes; outbound was promised already.
  const promisable = Math.max(quantity, 0);
  const onOrder = kind === 'receipt' ? -quantity : 0;
  const allocated = kind === 'shipment' || kind === 'transfer_out' ? quantity : 0;
  world.ledger.book(day, pair.index, quantity, allocated, onOrder, promisable);
  world.rows.inventoryMovements.push({
    id: takeId(world, 'inventoryMovements'),
    org_id: world.orgId,
    facility_id: pair.site.id,
    product_id: pair.product.id,
    occurred_at: new Date(at),
    kind,
    quantity,
    reference,
    order_line_id: orderLineId,
    created_at: new Date(Math.min(world.now, at + 5 * 60_000)),
  });
}
