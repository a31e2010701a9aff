import type { Flag } from '../../db/types.js';
import { msOf } from '../../lib/validity/index.js';
import { SHIPMENT_FACTS_VERSION } from '../analytics/index.js';

/** What the derivation reads: the shipment as it will be stored after the write. */
export interface DerivationInput {
  origin_city?: string | null;
  origin_country?: string | null;
  destination_city?: string | null;
  destination_country?: string | null;
  destination_timezone?: string | null;
  planned_pickup_at?: Date | string | null;
  planned_delivery_at?: Date | string | null;
  actual_pickup_at?: Date | string | null;
  actual_delivery_at?: Date | string | null;
  /** When the row was first stored (absent for a new row: `now` stands in). */
  created_at?: Date | string | null;
}

/** What the derivation needs besides the row: the organization's reporting zone and the clock. */
export interface DerivationContext {
  /** IANA zone in which the shipment's day and delivery day are counted. */
  readonly timeZone: string;
  /** When the write happens (the day of a shipment with no dates at all). */
  readonly now: Date;
}

export interface DerivedFields {
  lane: string | null;
  transit_days: number | null;
  delay_hours: number | null;
  on_time: Flag | null;
  ship_day: string | null;
  delivery_day: string | null;
  derivation_version: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The one place where lane, transit days, delay hours and the on-time flag are computed
 * (DESIGN.md metric definitions). Every shipment write goes through it.
 * - lane: "Origin City, CC → Destination City, CC" when both ends are known;
 * - transit days: actual delivery − actual pickup, in days (2 decimals);
 * - delay hours: actual − planned delivery, in hours (2 decimals; negative = early);
 * - on time: the actual delivery's calendar day ≤ the planned one, both in the destination's
 *   time zone, so a 23:30 local delivery on the planned day counts as on time;
 * - ship day: the calendar day, in the organization's reporting zone, of the first known of
 *   actual pickup, planned pickup, planned delivery, actual delivery, else of when the row was
 *   recorded — the day analytics count the shipment on (ADR 0015);
 * - delivery day: the reporting-zone day of the actual delivery.
 */
export function deriveShipment(s: DerivationInput, context: DerivationContext): DerivedFields {
  const planned = msOf(s.planned_delivery_at);
  const pickedUp = msOf(s.actual_pickup_at);
  const delivered = msOf(s.actual_delivery_at);
  const zone = s.destination_timezone || 'UTC';
  // Compared with null, never by truthiness: 1970-01-01T00:00:00Z is epoch 0, a known instant.
  const known = delivered !== null;
  return {
    lane: laneOf(s),
    transit_days: known && pickedUp !== null ? round2((delivered - pickedUp) / DAY_MS) : null,
    delay_hours: known && planned !== null ? round2((delivered - planned) / HOUR_MS) : null,
    on_time:
      known && planned !== null ? (localDay(delivered, zone) <= localDay(planned, zone) ? 1 : 0) : null,
    ship_day: localDay(shipInstant(s, pickedUp, planned, delivered, context.now), context.timeZone),
    delivery_day: known ? localDay(delivered, context.timeZone) : null,
    derivation_version: SHIPMENT_FACTS_VERSION,
  };
}

/** The instant a shipment's day is counted from (see deriveShipment). */
function shipInstant(
  s: DerivationInput,
  pickedUp: number | null,
  plannedDelivery: number | null,
  delivered: number | null,
  now: Date,
): number {
  return (
    pickedUp ??
    msOf(s.planned_pickup_at) ??
    plannedDelivery ??
    delivered ??
    msOf(s.created_at) ??
    now.getTime()
  );
}

/** The lane label of an origin and destination, or null when either end is unknown. */
export function laneOf(s: DerivationInput): string | null {
  if (!s.origin_city || !s.origin_country || !s.destination_city || !s.destination_country) return null;
  return `${s.origin_city}, ${s.origin_country} → ${s.destination_city}, ${s.destination_country}`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// Intl formatters are costly to build and cheap to reuse; there are only a few hundred zones.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of an instant in an IANA time zone. */
export function localDay(ms: number, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, format);
  }
  return format.format(ms);
}
