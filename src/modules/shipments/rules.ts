import type { ShipmentStatus } from '../../db/types.js';
import type { FieldError } from '../../lib/errors.js';
import { checkRules, happened, msOf, notBefore, type Rule } from '../../lib/validity/index.js';
import { applyEvent, type TrackingCode } from './tracking.js';

/**
 * Consistency rules of a shipment (ADR 0010): what cannot be true of one, whatever wrote it.
 * Pure functions over the shipment's field values as they will be stored (the stored row merged
 * with the write), so create, patch, batch upsert, tracking events and a future importer all
 * apply the same rules. Errors carry API field paths ("actualDeliveryAt"); a batch prefixes them.
 */

type At = Date | string | null;

/** The fields the rules read, as stored (or about to be). */
export interface ShipmentFacts {
  readonly status: ShipmentStatus;
  readonly planned_pickup_at: At;
  readonly planned_delivery_at: At;
  readonly actual_pickup_at: At;
  readonly actual_delivery_at: At;
}

/**
 * How much earlier than the shipment's plan its actual times and tracking events may be: bookings
 * are made weeks (ocean: months) ahead, so a year covers every real case, while an event decades
 * before the plan (a 1970 scan on a 2027 shipment) is a misread date.
 */
export const planTolerance = 365 * 24 * 3_600_000;

/**
 * Which actual times each status needs (known) or excludes (empty); "any" is either. Tracking
 * events keep to it: an event that moves a shipment into transit records its time as the pickup
 * when none is known, and a late BOOKED scan does not move a picked-up shipment back.
 */
export const statusTimes: Record<ShipmentStatus, { pickup: Need; delivery: Need }> = {
  planned: { pickup: 'empty', delivery: 'empty' },
  booked: { pickup: 'empty', delivery: 'empty' },
  in_transit: { pickup: 'known', delivery: 'empty' },
  delivered: { pickup: 'any', delivery: 'known' },
  exception: { pickup: 'any', delivery: 'empty' },
  cancelled: { pickup: 'any', delivery: 'empty' },
};
type Need = 'known' | 'empty' | 'any';

function need(path: string, value: At, wanted: Need, status: ShipmentStatus): FieldError[] {
  const known = msOf(value) !== null;
  if (wanted === 'known' && !known) return [{ path, message: `is required when the status is ${status}` }];
  if (wanted === 'empty' && known) return [{ path, message: `must be empty when the status is ${status}` }];
  return [];
}

function earliestPlan(s: ShipmentFacts): number | null {
  const times = [msOf(s.planned_pickup_at), msOf(s.planned_delivery_at)].filter((t) => t !== null);
  return times.length ? Math.min(...times) : null;
}

function farBeforePlan(path: string, value: At, plan: number | null): FieldError[] {
  const ms = msOf(value);
  return ms !== null && plan !== null && ms < plan - planTolerance
    ? [{ path, message: 'is more than a year before the planned pickup and delivery' }]
    : [];
}

/** The rules of a shipment. Every one quarantines the row on import: the row alone is wrong. */
export const shipmentRules: readonly Rule<ShipmentFacts>[] = [
  {
    name: 'pickup-not-after-delivery',
    onImport: 'quarantine-row',
    check: (s) => [
      ...notBefore('plannedDeliveryAt', s.planned_delivery_at, s.planned_pickup_at, 'the planned pickup'),
      ...notBefore('actualDeliveryAt', s.actual_delivery_at, s.actual_pickup_at, 'the actual pickup'),
    ],
  },
  {
    name: 'status-agrees-with-actual-times',
    onImport: 'quarantine-row',
    check: (s) => {
      const wanted = statusTimes[s.status];
      return [
        ...need('actualPickupAt', s.actual_pickup_at, wanted.pickup, s.status),
        ...need('actualDeliveryAt', s.actual_delivery_at, wanted.delivery, s.status),
      ];
    },
  },
  {
    name: 'actual-times-have-happened',
    onImport: 'quarantine-row',
    check: (s, { now }) => [
      ...happened('actualPickupAt', s.actual_pickup_at, now),
      ...happened('actualDeliveryAt', s.actual_delivery_at, now),
    ],
  },
  {
    name: 'actual-times-near-the-plan',
    onImport: 'quarantine-row',
    check: (s) => {
      const plan = earliestPlan(s);
      return [
        ...farBeforePlan('actualPickupAt', s.actual_pickup_at, plan),
        ...farBeforePlan('actualDeliveryAt', s.actual_delivery_at, plan),
      ];
    },
  },
];

const stateRules = shipmentRules.filter(
  (r) => r.name === 'pickup-not-after-delivery' || r.name === 'status-agrees-with-actual-times',
);

/**
 * What cannot be true of a shipment as it will be stored (empty: it may be stored). The one check
 * of every shipment write: pass the stored row merged with the write's columns.
 */
export function shipmentProblems(s: ShipmentFacts, now: number = Date.now()): FieldError[] {
  return checkRules(shipmentRules, s, { now });
}

/** A tracking event about to be appended to a shipment in its current state. */
export interface EventFacts {
  readonly shipment: ShipmentFacts;
  readonly code: TrackingCode;
  readonly occurredAt: Date;
}

/** The rules of a tracking event; each quarantines the event on import (the feed's other events stand). */
export const trackingEventRules: readonly Rule<EventFacts>[] = [
  {
    name: 'event-has-happened',
    onImport: 'quarantine-row',
    check: (e, { now }) => happened('occurredAt', e.occurredAt, now),
  },
  {
    name: 'event-near-the-plan',
    onImport: 'quarantine-row',
    check: (e) => {
      const times = [
        earliestPlan(e.shipment),
        msOf(e.shipment.actual_pickup_at),
        msOf(e.shipment.actual_delivery_at),
      ].filter((t) => t !== null);
      const earliest = times.length ? Math.min(...times) : null;
      return earliest !== null && e.occurredAt.getTime() < earliest - planTolerance
        ? [
            {
              path: 'occurredAt',
              message: "is more than a year before the shipment's planned and actual times",
            },
          ]
        : [];
    },
  },
  {
    name: 'event-leaves-shipment-consistent',
    onImport: 'quarantine-row',
    // The shipment's other rules are the event's own two above; these two are about the new state.
    check: (e, context) =>
      checkRules(stateRules, { ...e.shipment, ...applyEvent(e.shipment, e.code, e.occurredAt) }, context).map(
        (error) => ({
          path: 'occurredAt',
          message: `would leave the shipment inconsistent: ${error.path} ${error.message}`,
        }),
      ),
  },
];

/** What cannot be true of a tracking event on its shipment (empty: it may be appended). */
export function trackingEventProblems(e: EventFacts, now: number = Date.now()): FieldError[] {
  return checkRules(trackingEventRules, e, { now });
}
