import type { ShipmentStatus } from '../../db/types.js';

/**
 * Normalized tracking event codes (carriers' raw codes map onto these) and what each does to
 * its shipment. Events are append-only; the shipment's status and actual dates follow them.
 */
export const trackingCodes = [
  'BOOKED',
  'PICKED_UP',
  'DEPARTED',
  'ARRIVED_AT_HUB',
  'IN_TRANSIT',
  'CUSTOMS_HOLD',
  'OUT_FOR_DELIVERY',
  'DELIVERY_ATTEMPTED',
  'DELIVERED',
  'EXCEPTION',
  'CANCELLED',
] as const;
export type TrackingCode = (typeof trackingCodes)[number];

export interface EventEffect {
  readonly status?: ShipmentStatus;
  readonly sets?: 'actual_pickup_at' | 'actual_delivery_at';
}

const effects: Record<TrackingCode, EventEffect> = {
  BOOKED: { status: 'booked' },
  PICKED_UP: { status: 'in_transit', sets: 'actual_pickup_at' },
  DEPARTED: { status: 'in_transit' },
  ARRIVED_AT_HUB: { status: 'in_transit' },
  IN_TRANSIT: { status: 'in_transit' },
  CUSTOMS_HOLD: { status: 'exception' },
  OUT_FOR_DELIVERY: { status: 'in_transit' },
  DELIVERY_ATTEMPTED: { status: 'exception' },
  DELIVERED: { status: 'delivered', sets: 'actual_delivery_at' },
  EXCEPTION: { status: 'exception' },
  CANCELLED: { status: 'cancelled' },
};

/** What an event changes on its shipment. */
function effectOf(code: TrackingCode): EventEffect {
  return effects[code];
}

// Where a status is in a shipment's life: in transit and exception are the same stage.
const stage: Record<ShipmentStatus, number> = {
  planned: 0,
  booked: 1,
  in_transit: 2,
  exception: 2,
  delivered: 3,
  cancelled: 3,
};

// Once delivered or cancelled a shipment stays so; a late "in transit" scan must not reopen it.
const terminal: ReadonlySet<ShipmentStatus> = new Set(['delivered', 'cancelled']);

/**
 * The shipment fields after an event, given its current state: the status moves unless the
 * shipment is already final (a DELIVERED or CANCELLED event still applies), and an actual date
 * is set by the first event that carries it (a later duplicate scan does not move it). So that
 * status and actual times keep agreeing (shipments/rules.ts): an event that puts a shipment in
 * transit with no pickup known records its time as the pickup (the freight moved by then), and a
 * BOOKED scan arriving after the pickup does not move the shipment back. Events arrive out of
 * order (a carrier resends, a feed lags): one older than the newest event the shipment has
 * (`latestEventAt`) may move it forward (a late pickup scan on a planned shipment) but not
 * sideways or back (a 09:00 exception after 14:00 "out for delivery" leaves it in transit).
 */
export function applyEvent(
  current: {
    status: ShipmentStatus;
    actual_pickup_at: Date | string | null;
    actual_delivery_at: Date | string | null;
  },
  code: TrackingCode,
  occurredAt: Date,
  latestEventAt: Date | null = null,
): { status: ShipmentStatus; actual_pickup_at?: Date; actual_delivery_at?: Date } {
  const effect = effectOf(code);
  const finalEvent = code === 'DELIVERED' || code === 'CANCELLED';
  const older = latestEventAt !== null && occurredAt.getTime() < latestEventAt.getTime();
  // An older event may still move the shipment forward in its life, never sideways or back.
  const behind = older && effect.status !== undefined && stage[effect.status] <= stage[current.status];
  const backwards =
    (effect.status === 'booked' && current.actual_pickup_at !== null) || (behind && !finalEvent);
  const status =
    effect.status && !backwards && (finalEvent || !terminal.has(current.status))
      ? effect.status
      : current.status;
  const next: { status: ShipmentStatus; actual_pickup_at?: Date; actual_delivery_at?: Date } = { status };
  if (effect.sets && current[effect.sets] === null) next[effect.sets] = occurredAt;
  if (status === 'in_transit' && current.actual_pickup_at === null) next.actual_pickup_at = occurredAt;
  return next;
}
