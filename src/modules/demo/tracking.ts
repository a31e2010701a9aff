import type { ShipmentMode } from '../../db/types.js';
import type { TrackingCode } from '../shipments/index.js';
import { HOUR_MS } from './calendar.js';
import type { Carrier } from './company.js';
import type { ExceptionReason, Journey } from './journey.js';
import type { City } from './places.js';
import type { Random } from './random.js';

/**
 * Tracking events of a shipment, as its carrier's feed would report them: the normalized codes
 * of the shipments module with the carrier's raw code, all between the actual pickup and the
 * delivery (or now). Replayed in order, they lead to the shipment's status.
 */

/** The normalized codes a demo carrier reports (booking and cancellation are not scans). */
export type DemoCode = Exclude<TrackingCode, 'BOOKED' | 'CANCELLED'>;

export interface TrackingStep {
  readonly code: DemoCode;
  readonly rawCode: string;
  readonly at: number;
  readonly place: { readonly city: string | null; readonly country: string | null; lat: number; lng: number };
  readonly message: string | null;
}

// How each feed spells the codes: X12 214-style status codes, a JSON API, a carrier portal.
const rawCodes: Record<Carrier['feed'], Record<DemoCode, string>> = {
  edi214: {
    PICKED_UP: 'AF',
    DEPARTED: 'P1',
    ARRIVED_AT_HUB: 'X4',
    IN_TRANSIT: 'X6',
    CUSTOMS_HOLD: 'CH',
    OUT_FOR_DELIVERY: 'X2',
    DELIVERY_ATTEMPTED: 'AP',
    DELIVERED: 'D1',
    EXCEPTION: 'SD',
  },
  api: {
    PICKED_UP: 'picked_up',
    DEPARTED: 'departure_scan',
    ARRIVED_AT_HUB: 'arrival_scan',
    IN_TRANSIT: 'in_transit',
    CUSTOMS_HOLD: 'customs_hold',
    OUT_FOR_DELIVERY: 'out_for_delivery',
    DELIVERY_ATTEMPTED: 'delivery_attempted',
    DELIVERED: 'delivered',
    EXCEPTION: 'exception',
  },
  portal: {
    PICKED_UP: 'PICKUP',
    DEPARTED: 'LEFT TERMINAL',
    ARRIVED_AT_HUB: 'AT TERMINAL',
    IN_TRANSIT: 'ENROUTE',
    CUSTOMS_HOLD: 'CUSTOMS',
    OUT_FOR_DELIVERY: 'ON ROUTE',
    DELIVERY_ATTEMPTED: 'ATTEMPTED',
    DELIVERED: 'DELIVERED',
    EXCEPTION: 'PROBLEM',
  },
};

const exceptionCodes: Record<ExceptionReason, DemoCode> = {
  weather: 'EXCEPTION',
  damage: 'EXCEPTION',
  customs: 'CUSTOMS_HOLD',
  appointment: 'DELIVERY_ATTEMPTED',
  address: 'DELIVERY_ATTEMPTED',
  lost: 'EXCEPTION',
};

const exceptionMessages: Record<ExceptionReason, string> = {
  weather: 'Delayed by severe weather',
  damage: 'Freight damaged in handling',
  customs: 'Held at customs for inspection',
  appointment: 'Delivery appointment missed',
  address: 'Consignee address incomplete',
  lost: 'Freight cannot be located',
};

function at(c: City) {
  return { city: c.name, country: c.country, lat: c.lat, lng: c.lng };
}

function between(a: City, b: City, f: number) {
  return { city: null, country: null, lat: a.lat + (b.lat - a.lat) * f, lng: a.lng + (b.lng - a.lng) * f };
}

/** Hub-and-spoke modes scan at a hub; line-haul modes report positions en route. */
function middleSteps(mode: ShipmentMode): readonly DemoCode[] {
  switch (mode) {
    case 'parcel':
    case 'ltl':
    case 'air':
    case 'ocean':
      return ['ARRIVED_AT_HUB', 'DEPARTED'];
    case 'rail':
      return ['IN_TRANSIT', 'IN_TRANSIT', 'ARRIVED_AT_HUB'];
    default:
      return ['IN_TRANSIT'];
  }
}

/** The events of a journey up to `now`, in time order. */
export function trackingSteps(
  rng: Random,
  journey: Journey,
  mode: ShipmentMode,
  carrier: Carrier,
  from: City,
  to: City,
  hub: City,
  now: number,
): TrackingStep[] {
  const pickedUp = journey.actualPickup;
  if (pickedUp === null) return [];
  const codes = rawCodes[carrier.feed];
  const end = journey.actualDelivery ?? journey.eventualDelivery ?? journey.exception?.at ?? pickedUp;
  const lastSeen = Math.min(
    now,
    journey.status === 'exception' && journey.exception ? journey.exception.at : end,
  );
  const span = end - pickedUp;
  const steps: TrackingStep[] = [];
  const add = (code: DemoCode, time: number, place: TrackingStep['place'], message: string | null = null) => {
    if (time <= lastSeen) steps.push({ code, rawCode: codes[code], at: Math.round(time), place, message });
  };

  add('PICKED_UP', pickedUp, at(from));
  const middle = middleSteps(mode);
  let fraction = 0;
  for (const code of middle) {
    fraction += rng.float(0.15, 0.7 / middle.length);
    const place = code === 'IN_TRANSIT' ? between(from, to, fraction) : at(mode === 'rail' ? to : hub);
    add(code, pickedUp + span * fraction, place);
  }
  const exception = journey.exception;
  if (exception) {
    const code = exceptionCodes[exception.reason];
    const place = code === 'DELIVERY_ATTEMPTED' ? at(to) : between(from, to, 0.5);
    add(code, exception.at, place, exceptionMessages[exception.reason]);
    // The carrier reports the freight moving again once the problem is solved.
    if (journey.resumedAt !== null) add('IN_TRANSIT', journey.resumedAt, between(from, to, 0.7), 'Resumed');
  }
  if (journey.actualDelivery !== null) {
    if (mode === 'parcel' || mode === 'ltl' || mode === 'air') {
      const out = Math.max(pickedUp + span * 0.9, journey.actualDelivery - rng.float(1, 6) * HOUR_MS);
      add('OUT_FOR_DELIVERY', out, at(to));
    }
    add('DELIVERED', journey.actualDelivery, at(to));
  }
  return steps.sort((a, b) => a.at - b.at);
}
