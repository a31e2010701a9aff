import type { ShipmentMode, ShipmentStatus } from '../../db/types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, monthOf, nextWindow, toInstant, toLocal, weekday } from './calendar.js';
import type { Carrier } from './company.js';
import { deliversOn, plannedTransitDays } from './modes.js';
import type { City } from './places.js';
import type { Random } from './random.js';

/**
 * A shipment's life: the plan (pickup window, published transit, delivery appointment) and what
 * actually happened (pickup slip, lateness driven by carrier, lane, weekday and season,
 * exceptions), cut at `now`: anything after it has not happened yet, so the status follows.
 */

export interface JourneyInput {
  readonly mode: ShipmentMode;
  readonly carrier: Carrier;
  readonly from: City;
  readonly to: City;
  readonly km: number;
  /** When the goods can be collected at the earliest (epoch ms). */
  readonly readyAt: number;
  /** When the shipment was created (epoch ms); the carrier is tendered after it. */
  readonly createdAt: number;
  readonly laneBias: number;
  readonly crossBorder: boolean;
  readonly now: number;
  readonly cancelled: boolean;
  /** Whether an exception may end the journey for good (lost or refused goods). */
  readonly mayBeLost: boolean;
}

export type ExceptionReason = 'weather' | 'damage' | 'customs' | 'appointment' | 'address' | 'lost';

export interface Journey {
  readonly status: ShipmentStatus;
  readonly plannedPickup: number;
  readonly plannedDelivery: number;
  /** Local day of the planned delivery at the destination (the promised date). */
  readonly plannedDeliveryDay: number;
  readonly actualPickup: number | null;
  readonly actualDelivery: number | null;
  /** When the delivery will happen or happened, even if after now (for follow-on legs). */
  readonly eventualDelivery: number | null;
  readonly exception: { readonly at: number; readonly reason: ExceptionReason } | null;
  /** When the freight moved on after a solved exception. */
  readonly resumedAt: number | null;
  /** Whether the carrier was tendered by now (a planned shipment has no carrier yet). */
  readonly tendered: boolean;
}

// Sunday … Saturday pickups: Friday loads sit over the weekend, mid-week flows best.
const weekdayLateness = [0.04, -0.01, -0.02, 0, 0.02, 0.06, 0.05];
// January … December: winter weather and the pre-holiday peak strain the networks.
const monthLateness = [0.05, 0.03, 0.01, 0, -0.01, 0, 0.01, 0, 0, 0.01, 0.03, 0.07];

/** The first day from `day` on which the mode works (no Sundays; Saturdays only for parcels). */
function serviceDay(mode: ShipmentMode, day: number): number {
  let d = day;
  while (!deliversOn(mode, weekday(d))) d++;
  return d;
}

/** Plans and plays out a shipment. */
export function playJourney(rng: Random, j: JourneyInput): Journey {
  const { mode, carrier, from, to, now } = j;
  // Plan: the first pickup window after the goods are ready, then the published transit.
  const window = nextWindow(from.zone, j.readyAt, 8 * 60, 16 * 60);
  const pickup = { day: serviceDay(mode, window.day), minute: window.minute };
  if (pickup.day !== window.day) pickup.minute = rng.int(8 * 60, 14 * 60);
  const plannedPickup = toInstant(from.zone, pickup);
  const transit = plannedTransitDays(mode, j.km);
  const plannedDay = serviceDay(mode, toLocal(to.zone, plannedPickup).day + transit);
  const plannedDelivery = toInstant(to.zone, { day: plannedDay, minute: rng.int(9 * 60, 17 * 60) });
  const tenderAt = Math.max(j.createdAt + 2 * HOUR_MS, plannedPickup - 2 * DAY_MS);
  const tendered = now >= tenderAt;

  const planOnly = {
    plannedPickup,
    plannedDelivery,
    plannedDeliveryDay: plannedDay,
    exception: null,
    resumedAt: null,
  };
  if (j.cancelled) {
    return {
      ...planOnly,
      status: 'cancelled',
      actualPickup: null,
      actualDelivery: null,
      eventualDelivery: null,
      tendered,
    };
  }

  // Pickup: mostly on time, sometimes later in the day, now and then the next working day.
  const slip = rng.next();
  let actualPickup =
    slip < 0.78
      ? plannedPickup + rng.int(-30, 75) * MINUTE_MS
      : slip < 0.95
        ? plannedPickup + rng.int(2 * 60, 7 * 60) * MINUTE_MS
        : toInstant(from.zone, { day: serviceDay(mode, pickup.day + 1), minute: rng.int(8 * 60, 15 * 60) });
  actualPickup = Math.max(actualPickup, j.createdAt + 30 * MINUTE_MS);

  // Delivery day: carrier reliability, shifted by lane, weekday and season.
  const lateChance = Math.min(
    0.9,
    Math.max(
      0.01,
      1 -
        carrier.onTime +
        j.laneBias +
        (weekdayLateness[weekday(pickup.day)] ?? 0) +
        (monthLateness[monthOf(pickup.day)] ?? 0),
    ),
  );
  let shift = 0;
  if (rng.chance(lateChance)) shift = 1 + Math.floor(rng.exponential(carrier.lateSpreadDays));
  else if (transit >= 2 && rng.chance(0.12)) shift = -1;

  // Exceptions (twice as likely across a border) delay the freight, or now and then lose it.
  let reason: ExceptionReason | null = null;
  if (rng.chance(carrier.exceptionRate * (j.crossBorder ? 2 : 1))) {
    const reasons: ExceptionReason[] = ['weather', 'damage', 'appointment', 'address'];
    if (j.crossBorder) reasons.push('customs', 'customs');
    reason = j.mayBeLost && rng.chance(0.12) ? 'lost' : rng.pick(reasons);
    if (reason !== 'lost') shift = Math.max(shift, 0) + rng.int(1, 3);
  }
  const lost = reason === 'lost';

  const day = serviceDay(mode, plannedDay + shift);
  const latestMinute = mode === 'parcel' ? 20 * 60 : 18 * 60;
  let delivered = toInstant(to.zone, { day, minute: rng.int(7 * 60, latestMinute) });
  // Trucks cannot beat physics: at least about half the published transit after pickup.
  const fastest = actualPickup + Math.max(3 * HOUR_MS, transit * 0.45 * DAY_MS);
  if (delivered < fastest) delivered = toInstant(to.zone, nextWindow(to.zone, fastest, 6 * 60, 20 * 60));

  let exception: Journey['exception'] = null;
  let resumedAt: number | null = null;
  if (reason) {
    const at = Math.round(actualPickup + rng.float(0.2, 0.8) * (delivered - actualPickup));
    exception = { at, reason };
    if (!lost) resumedAt = Math.round(at + Math.min(rng.float(12, 24) * HOUR_MS, 0.5 * (delivered - at)));
  }

  const base = { ...planOnly, exception, resumedAt, tendered: true };
  if (actualPickup > now) {
    return {
      ...base,
      status: tendered ? 'booked' : 'planned',
      actualPickup: null,
      actualDelivery: null,
      eventualDelivery: delivered,
      exception: null,
      resumedAt: null,
      tendered,
    };
  }
  if (lost && exception) {
    const status = exception.at <= now ? 'exception' : 'in_transit';
    return { ...base, status, actualPickup, actualDelivery: null, eventualDelivery: null };
  }
  if (delivered <= now) {
    return {
      ...base,
      status: 'delivered',
      actualPickup,
      actualDelivery: delivered,
      eventualDelivery: delivered,
    };
  }
  // An exception stays open until the freight moves again.
  const open = exception !== null && exception.at <= now && resumedAt !== null && now < resumedAt;
  return {
    ...base,
    status: open ? 'exception' : 'in_transit',
    actualPickup,
    actualDelivery: null,
    eventualDelivery: delivered,
  };
}
