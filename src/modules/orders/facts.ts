import type { Flag, OrderStatus, ShipmentStatus } from '../../db/types.js';
import { msOf } from '../../lib/validity/index.js';
import { localDay } from '../shipments/index.js';

/** What the order delivery facts read of an order. */
export interface OrderDates {
  readonly status: OrderStatus;
  readonly order_date: string;
  readonly requested_date: string | null;
  readonly promised_date: string | null;
}

/** What the order delivery facts read of each of the order's shipments. */
export interface ShipmentDelivery {
  readonly status: ShipmentStatus;
  readonly archived_at: Date | string | null;
  readonly actual_delivery_at: Date | string | null;
  readonly destination_timezone: string | null;
}

/** The derived delivery facts stored on an order (columns of 0008). */
export interface OrderFacts {
  readonly delivered_day: string | null;
  readonly on_time: Flag | null;
  readonly lead_time_days: number | null;
}

export const noFacts: OrderFacts = { delivered_day: null, on_time: null, lead_time_days: null };

const DAY_MS = 86_400_000;

/**
 * The one derivation of an order's delivery facts from its shipments (refreshOrderFacts has the
 * rules). `reportingZone` is the organization's reporting time zone, the zone delivered_day is
 * counted in; on-time is judged per shipment in its destination's zone, as the shipment's own
 * on-time flag is, so an order and its shipments never disagree about the same delivery.
 */
export function deriveOrderFacts(
  order: OrderDates,
  shipments: readonly ShipmentDelivery[],
  reportingZone: string,
): OrderFacts {
  // A cancelled order was not delivered late or on time: it leaves OTIF.
  if (order.status === 'cancelled') return noFacts;
  let latest: number | null = null;
  let counted = 0;
  let allInTime = true;
  const due = order.promised_date ?? order.requested_date;
  for (const s of shipments) {
    if (s.archived_at !== null || s.status === 'cancelled') continue;
    const delivered = s.status === 'delivered' ? msOf(s.actual_delivery_at) : null;
    // One shipment still under way (or delivered without a time) leaves the order undelivered.
    if (delivered === null) return noFacts;
    counted++;
    if (latest === null || delivered > latest) latest = delivered;
    if (due !== null && localDay(delivered, s.destination_timezone || 'UTC') > due) allInTime = false;
  }
  if (latest === null || counted === 0) return noFacts;
  const deliveredDay = localDay(latest, reportingZone);
  return {
    delivered_day: deliveredDay,
    on_time: due === null ? null : allInTime ? 1 : 0,
    lead_time_days: daysBetween(order.order_date, deliveredDay),
  };
}

/** Calendar days from one 'YYYY-MM-DD' day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Whether stored facts equal derived ones (a stored day or flag may come back as another type). */
export function sameFacts(stored: OrderFacts, next: OrderFacts): boolean {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return (
    stored.delivered_day === next.delivered_day &&
    num(stored.on_time) === num(next.on_time) &&
    num(stored.lead_time_days) === num(next.lead_time_days)
  );
}
