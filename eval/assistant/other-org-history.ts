import type { OrderStatus, ShipmentMode, ShipmentStatus } from '../../src/db/types.js';
import { Prng } from './other-org-random.js';
import {
  type CarrierKey,
  type CustomerSpec,
  carrierSpecs,
  customerSpecs,
  type FacilityCode,
  facilitySpecs,
  type Place,
  type ProductSpec,
  productSpecs,
  rateLevels,
  seasonOf,
  supplierSpecs,
  transferLanes,
} from './other-org-world.js';

/**
 * Two years of the second organization's business, as plain data keyed by names and codes (the
 * writer resolves them to ids): outbound orders and their shipments to customers, inbound
 * shipments from suppliers, transfers between its sites, weekly stock snapshots and daily
 * exchange rates. Each carrier has its own punctuality (worse in a Nordic winter; VistulaCargo
 * had a bad May 2026), so rankings, trends and "why" questions have a real answer.
 */

export interface PlannedLine {
  readonly sku: string;
  readonly qtyOrdered: number;
  readonly qtyShipped: number;
  readonly qtyDelivered: number;
  readonly unitPrice: number;
}

export interface PlannedOrder {
  readonly reference: string;
  readonly customerCode: string;
  readonly facilityCode: FacilityCode;
  readonly status: OrderStatus;
  readonly orderDate: string;
  readonly requestedDate: string | null;
  readonly promisedDate: string | null;
  readonly lines: readonly PlannedLine[];
}

export interface PlannedShipment {
  readonly reference: string;
  /** Index into the history's orders. */
  readonly order: number | null;
  readonly mode: ShipmentMode;
  readonly status: ShipmentStatus;
  readonly carrier: CarrierKey;
  readonly customerCode: string | null;
  readonly supplierCode: string | null;
  readonly commodity: string;
  readonly originFacility: FacilityCode | null;
  readonly destinationFacility: FacilityCode | null;
  readonly origin: Place;
  readonly destination: Place;
  readonly plannedPickupAt: Date;
  readonly plannedDeliveryAt: Date;
  readonly actualPickupAt: Date | null;
  readonly actualDeliveryAt: Date | null;
  readonly weightKg: number;
  readonly distanceKm: number;
  readonly freightCost: number | null;
  readonly goodsValue: number;
  readonly currency: string;
}

export interface PlannedSnapshot {
  readonly facilityCode: FacilityCode;
  readonly sku: string;
  readonly day: string;
  readonly onHand: number;
  readonly allocated: number;
  readonly onOrder: number;
}

export interface History {
  readonly orders: PlannedOrder[];
  readonly shipments: PlannedShipment[];
  readonly snapshots: PlannedSnapshot[];
  /** EUR per unit of each currency, per day. */
  readonly rates: { currency: string; day: string; rate: number }[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const HISTORY_DAYS = 730;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  // Roads are longer than great circles.
  return Math.max(5, Math.round(2 * 6371 * Math.asin(Math.sqrt(h)) * 1.25));
}

function transitDays(mode: ShipmentMode, km: number, international: boolean): number {
  switch (mode) {
    case 'parcel':
      return 1 + (km > 500 ? 1 : 0) + (international ? 1 : 0);
    case 'ltl':
      return 1 + Math.ceil(km / 550);
    case 'air':
      return km > 1800 ? 2 : 1;
    case 'rail':
      return 3 + Math.ceil(km / 900);
    case 'ocean':
      return 2 + Math.ceil(km / 600);
    default:
      return Math.max(1, Math.ceil(km / 700));
  }
}

/** Freight in EUR before the carrier's price level. */
function freightEur(mode: ShipmentMode, kg: number, km: number): number {
  switch (mode) {
    case 'parcel':
      return 6 + 0.9 * kg ** 0.8 + 0.002 * km;
    case 'ltl':
      return 40 + 0.05 * kg + 0.00011 * kg * km;
    case 'air':
      return 80 + 3.2 * kg;
    case 'rail':
      return 400 + 0.6 * km + 0.004 * kg;
    case 'ocean':
      return 600 + 0.25 * km + 0.01 * kg;
    case 'road':
      return 120 + 0.9 * km + 0.01 * kg;
    default:
      return 250 + 1.25 * km;
  }
}

const carrierOf = new Map(carrierSpecs.map((c) => [c.key, c]));
const facilityOf = new Map(facilitySpecs.map((f) => [f.code, f]));
// Sunday first (getUTCDay); fresh food moves on Sundays too, if less.
const weekday = [0.35, 1.3, 1.25, 1.25, 1.25, 1.2, 0.4];

/** Outbound carrier and mode for a delivery to a customer of this weight. */
function outboundCarrier(rng: Prng, to: Place, kg: number): { carrier: CarrierKey; mode: ShipmentMode } {
  const small = kg < 35;
  const heavy = kg >= 3000;
  switch (to.country) {
    case 'NO':
      if (small) return { carrier: 'nordpil', mode: 'parcel' };
      if (to.name === 'Tromsø' && kg < 1500 && rng.chance(0.3)) return { carrier: 'aurora', mode: 'air' };
      return { carrier: 'fjordfrakt', mode: heavy ? 'ftl' : 'ltl' };
    case 'SE':
    case 'FI':
      if (small) return { carrier: 'oresund', mode: 'parcel' };
      return heavy ? { carrier: 'jutlandia', mode: 'road' } : { carrier: 'oresund', mode: 'ltl' };
    case 'DK':
      if (small) return { carrier: 'oresund', mode: 'parcel' };
      return { carrier: 'jutlandia', mode: heavy ? 'road' : 'ltl' };
    case 'PL':
      return { carrier: 'vistula', mode: small ? 'parcel' : heavy ? 'ftl' : 'ltl' };
    case 'CH':
      return { carrier: 'alpentrans', mode: small ? 'parcel' : heavy ? 'ftl' : 'ltl' };
    default:
      if (heavy) return { carrier: 'alpentrans', mode: 'ftl' };
      return { carrier: 'donau', mode: small ? 'parcel' : 'ltl' };
  }
}

/** Share of a carrier's deliveries on time on a day (index from the first day). */
function onTimeShare(carrier: CarrierKey, day: number, index: number, from: Place, to: Place): number {
  const spec = carrierOf.get(carrier);
  let p = spec?.onTime ?? 0.9;
  const month = new Date(day * DAY_MS).getUTCMonth() + 1;
  const nordic = (c: string) => c === 'NO' || c === 'SE' || c === 'FI';
  if ((month === 12 || month <= 2) && (nordic(from.country) || nordic(to.country))) p -= 0.08;
  if (carrier === 'vistula' && isoDay(day).startsWith('2026-05')) p -= 0.3;
  if (carrier === 'baltic') p += 0.12 * (index / HISTORY_DAYS);
  return Math.min(0.99, Math.max(0.3, p));
}

class Rates {
  readonly #byCurrency = new Map<string, Map<number, number>>();

  constructor(rng: Prng, firstDay: number, lastDay: number) {
    for (const [currency, level] of Object.entries(rateLevels)) {
      const mean = Math.log(level);
      let x = mean;
      const days = new Map<number, number>();
      for (let day = firstDay; day <= lastDay; day++) {
        days.set(day, Number(Math.exp(x).toPrecision(6)));
        x += (Math.LN2 / 120) * (mean - x) + rng.normal() * (0.07 / Math.sqrt(365));
      }
      this.#byCurrency.set(currency, days);
    }
  }

  /** EUR per unit (1 for EUR). */
  rate(currency: string, day: number): number {
    return this.#byCurrency.get(currency)?.get(day) ?? 1;
  }

  rows(): History['rates'] {
    return [...this.#byCurrency].flatMap(([currency, days]) =>
      [...days].map(([day, rate]) => ({ currency, day: isoDay(day), rate })),
    );
  }
}

/** The organization's history, ending at `now`; the same seed and `now` give the same history. */
export function generateHistory(seed: number, now: Date): History {
  const rng = new Prng(seed);
  const nowMs = now.getTime();
  const lastDay = Math.floor(nowMs / DAY_MS);
  const firstDay = lastDay - HISTORY_DAYS + 1;
  const rates = new Rates(rng, firstDay - 30, lastDay);
  const orders: PlannedOrder[] = [];
  const shipments: PlannedShipment[] = [];
  let shipmentNo = 0;
  let orderNo = 0;
  const nextShipment = () => `NFS-${String(++shipmentNo).padStart(6, '0')}`;
  const nextOrder = () => `NFO-${String(10_000 + ++orderNo)}`;

  /** Times, status and money of one shipment; `booked` ones have not been picked up. */
  function move(input: {
    day: number;
    index: number;
    mode: ShipmentMode;
    carrier: CarrierKey;
    origin: Place;
    destination: Place;
    kg: number;
    goodsEur: number;
  }) {
    const { day, mode, carrier, origin, destination, kg } = input;
    const km = distanceKm(origin, destination);
    const plannedPickup = day * DAY_MS + rng.between(5, 10) * HOUR_MS;
    const transit = transitDays(mode, km, origin.country !== destination.country);
    const plannedDelivery = (day + transit) * DAY_MS + rng.between(12, 15) * HOUR_MS;
    let actualPickup: number | null = plannedPickup + rng.between(0, 3) * HOUR_MS;
    let actualDelivery: number | null;
    if (rng.chance(onTimeShare(carrier, day, input.index, origin, destination))) {
      actualDelivery = Math.max(actualPickup + HOUR_MS, plannedDelivery - rng.between(-2, 18) * HOUR_MS);
    } else {
      const late = rng.weighted([1, 2, 3, 4, 5], (d) => [60, 28, 6, 4, 2][d - 1] ?? 1);
      actualDelivery = plannedDelivery + late * DAY_MS + rng.between(-3, 3) * HOUR_MS;
    }
    let status: ShipmentStatus;
    const exceptionShare =
      (nowMs - plannedPickup < 40 * DAY_MS ? 0.05 : 0.004) * (carrier === 'baltic' ? 2 : 1);
    if (rng.chance(0.01)) {
      status = 'cancelled';
      actualPickup = null;
      actualDelivery = null;
    } else if (actualPickup > nowMs) {
      status = plannedPickup - nowMs > 3 * DAY_MS ? 'planned' : 'booked';
      actualPickup = null;
      actualDelivery = null;
    } else if (rng.chance(exceptionShare)) {
      status = 'exception';
      actualDelivery = null;
    } else if (actualDelivery > nowMs) {
      status = 'in_transit';
      actualDelivery = null;
    } else status = 'delivered';
    const spec = carrierOf.get(carrier);
    const currency = spec?.currency ?? 'EUR';
    const rate = rates.rate(currency, Math.min(day, lastDay));
    const eur = freightEur(mode, kg, km) * (spec?.price ?? 1) * Math.exp(rng.normal() * 0.08);
    return {
      mode,
      status,
      carrier,
      origin,
      destination,
      plannedPickupAt: new Date(plannedPickup),
      plannedDeliveryAt: new Date(plannedDelivery),
      actualPickupAt: actualPickup === null ? null : new Date(actualPickup),
      actualDeliveryAt: actualDelivery === null ? null : new Date(actualDelivery),
      weightKg: round(kg, 1),
      distanceKm: km,
      freightCost: rng.chance(0.03) ? null : round(eur / rate, 2),
      goodsValue: round(input.goodsEur / rate, 2),
      currency,
    };
  }

  function outbound(day: number, index: number, customer: CustomerSpec) {
    const month = new Date(day * DAY_MS).getUTCMonth() + 1;
    const count = Math.min(6, 1 + rng.poisson(1.3));
    const chosen = new Set<ProductSpec>();
    while (chosen.size < count)
      chosen.add(rng.weighted(productSpecs, (p) => p.popularity * seasonOf(p.category, month)));
    const bulk = rng.chance(0.08) ? 8 : 1;
    const lines = [...chosen].map((p) => ({
      product: p,
      qty: Math.max(1, Math.round(customer.units * bulk * Math.exp(rng.normal() * 0.8 - 0.3))),
    }));
    const kg = lines.reduce((sum, l) => sum + l.qty * l.product.kg * 1.1, 0);
    const heaviest = lines.reduce((a, b) => (b.qty * b.product.kg > a.qty * a.product.kg ? b : a));
    const from = facilityOf.get(customer.shipsFrom)?.place ?? customer.place;
    const goodsEur = lines.reduce((sum, l) => sum + l.qty * l.product.cost * 1.35, 0);
    const moved = move({
      day,
      index,
      ...outboundCarrier(rng, customer.place, kg),
      origin: from,
      destination: customer.place,
      kg,
      goodsEur,
    });
    const delivered = moved.status === 'delivered';
    const shipped = delivered || moved.status === 'in_transit' || moved.status === 'exception';
    const dueDay = isoDay(Math.floor(moved.plannedDeliveryAt.getTime() / DAY_MS));
    const orderDate = isoDay(Math.min(lastDay, day - rng.int(0, 3)));
    orders.push({
      reference: nextOrder(),
      customerCode: customer.code,
      facilityCode: customer.shipsFrom,
      status: delivered
        ? 'delivered'
        : shipped
          ? 'shipped'
          : moved.status === 'cancelled'
            ? 'cancelled'
            : 'allocated',
      orderDate,
      requestedDate: dueDay,
      promisedDate: rng.chance(0.1)
        ? isoDay(Math.floor(moved.plannedDeliveryAt.getTime() / DAY_MS) + 1)
        : dueDay,
      lines: lines.map((l) => {
        const partial = shipped && rng.chance(0.12);
        const qtyShipped = !shipped ? 0 : partial ? Math.floor(l.qty * rng.between(0.55, 0.95)) : l.qty;
        return {
          sku: l.product.sku,
          qtyOrdered: l.qty,
          qtyShipped,
          qtyDelivered: delivered ? qtyShipped : 0,
          unitPrice: round(l.product.cost * 1.35, 2),
        };
      }),
    });
    shipments.push({
      reference: nextShipment(),
      order: orders.length - 1,
      customerCode: customer.code,
      supplierCode: null,
      commodity: heaviest.product.category,
      originFacility: customer.shipsFrom,
      destinationFacility: null,
      ...moved,
    });
  }

  function inbound(day: number, index: number) {
    const supplier = rng.weighted(supplierSpecs, (s) => s.lanes.reduce((sum, l) => sum + l.weight, 0));
    const lane = rng.weighted(supplier.lanes, (l) => l.weight);
    const kg =
      lane.mode === 'ftl'
        ? rng.between(8000, 22000)
        : lane.mode === 'road'
          ? rng.between(2000, 12000)
          : lane.mode === 'air'
            ? rng.between(150, 1500)
            : rng.between(300, 2800);
    const perKg = { Dairy: 6, Seafood: 12, 'Fresh Produce': 3 }[supplier.category] ?? 7;
    const to = facilityOf.get(lane.to);
    if (!to) throw new Error(`no facility ${lane.to}`);
    shipments.push({
      reference: nextShipment(),
      order: null,
      customerCode: null,
      supplierCode: supplier.code,
      commodity: supplier.category,
      originFacility: null,
      destinationFacility: lane.to,
      ...move({
        day,
        index,
        mode: lane.mode,
        carrier: lane.carrier,
        origin: supplier.place,
        destination: to.place,
        kg,
        goodsEur: kg * perKg,
      }),
    });
  }

  function transfer(day: number, index: number) {
    const lane = rng.weighted(transferLanes, (l) => l.weight);
    const from = facilityOf.get(lane.from);
    const to = facilityOf.get(lane.to);
    if (!from || !to) throw new Error(`no facility on ${lane.from} → ${lane.to}`);
    const kg =
      lane.mode === 'rail'
        ? rng.between(12000, 30000)
        : lane.mode === 'ocean'
          ? rng.between(8000, 24000)
          : rng.between(6000, 20000);
    const category = rng.weighted(productSpecs, (p) => p.popularity).category;
    shipments.push({
      reference: nextShipment(),
      order: null,
      customerCode: null,
      supplierCode: null,
      commodity: category,
      originFacility: lane.from,
      destinationFacility: lane.to,
      ...move({
        day,
        index,
        mode: lane.mode,
        carrier: lane.carrier,
        origin: from.place,
        destination: to.place,
        kg,
        goodsEur: kg * 5,
      }),
    });
  }

  // Bookings run a few days past today: those are booked or planned, not yet picked up.
  for (let day = firstDay; day <= lastDay + 6; day++) {
    const index = day - firstDay;
    const date = new Date(day * DAY_MS);
    const month = date.getUTCMonth() + 1;
    const ahead = day > lastDay ? 0.35 : 1;
    const level = (0.85 + (0.3 * index) / HISTORY_DAYS) * (month === 12 ? 1.2 : month === 7 ? 0.85 : 1);
    const factor = (weekday[date.getUTCDay()] ?? 1) * level * ahead;
    for (let n = rng.poisson(3.6 * factor); n > 0; n--) {
      outbound(
        day,
        index,
        rng.weighted(customerSpecs, (c) => c.activity),
      );
    }
    for (let n = rng.poisson(1.35 * factor); n > 0; n--) inbound(day, index);
    for (let n = rng.poisson(0.8 * factor); n > 0; n--) transfer(day, index);
    // Orders not shipped: cancelled before anything moved, or new and still open.
    if (day >= lastDay - 3 && day <= lastDay) {
      for (let n = rng.poisson(3); n > 0; n--) openOrder(day, 'open');
    } else if (rng.chance(0.02 * factor)) openOrder(day, 'cancelled');
  }

  function openOrder(day: number, status: OrderStatus) {
    if (day > lastDay) return;
    const customer = rng.weighted(customerSpecs, (c) => c.activity);
    const p = rng.weighted(productSpecs, (x) => x.popularity);
    orders.push({
      reference: nextOrder(),
      customerCode: customer.code,
      facilityCode: customer.shipsFrom,
      status,
      orderDate: isoDay(day),
      requestedDate: isoDay(day + 4),
      promisedDate: null,
      lines: [
        {
          sku: p.sku,
          qtyOrdered: Math.max(1, Math.round(customer.units * rng.between(0.5, 1.5))),
          qtyShipped: 0,
          qtyDelivered: 0,
          unitPrice: round(p.cost * 1.35, 2),
        },
      ],
    });
  }

  return { orders, shipments, snapshots: stockSnapshots(rng, orders, lastDay), rates: rates.rows() };
}

/**
 * Weekly snapshots (Sundays) of the last half year for every product × facility that sold it:
 * on hand about some weeks of its recent demand. About one pair in seven runs lean (under two
 * weeks), so the stock-out list is not empty, and a few run dry.
 */
function stockSnapshots(rng: Prng, orders: readonly PlannedOrder[], lastDay: number): PlannedSnapshot[] {
  const lastSunday = lastDay - ((new Date(lastDay * DAY_MS).getUTCDay() + 7) % 7 || 7);
  const firstSunday = lastSunday - 25 * 7;
  const weekly = new Map<string, number[]>();
  for (const order of orders) {
    if (order.status === 'cancelled') continue;
    const day = Math.floor(Date.parse(`${order.orderDate}T00:00:00Z`) / DAY_MS);
    const week = Math.floor((day - (firstSunday - 8 * 7)) / 7);
    if (week < 0) continue;
    for (const line of order.lines) {
      const key = `${order.facilityCode}|${line.sku}`;
      const weeks = weekly.get(key) ?? [];
      weeks[week] = (weeks[week] ?? 0) + line.qtyOrdered;
      weekly.set(key, weeks);
    }
  }
  const snapshots: PlannedSnapshot[] = [];
  for (const [key, weeks] of [...weekly].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [facilityCode, sku] = key.split('|') as [FacilityCode, string];
    const lean = rng.chance(0.15);
    const cover = lean ? rng.between(0.2, 1.8) : rng.between(2.5, 8);
    const onOrderShare = rng.chance(0.4) ? rng.between(1, 3) : 0;
    for (let sunday = firstSunday; sunday <= lastSunday; sunday += 7) {
      const week = Math.floor((sunday - (firstSunday - 8 * 7)) / 7);
      let recent = 0;
      for (let w = week - 8; w < week; w++) recent += weeks[w] ?? 0;
      const perWeek = Math.max(1, recent / 8);
      const dry = lean && rng.chance(0.08);
      const onHand = dry ? 0 : Math.round(perWeek * cover * rng.between(0.8, 1.2));
      snapshots.push({
        facilityCode,
        sku,
        day: isoDay(sunday),
        onHand,
        allocated: Math.round(onHand * rng.between(0, 0.1)),
        onOrder: Math.round(perWeek * onOrderShare),
      });
    }
  }
  return snapshots;
}
