import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import type { FieldError } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import { eventKeysOf, findByKeys, insertTrackingEvent, keyOf, latestEventTimes } from './repository.js';
import { trackingEventProblems } from './rules.js';
import type { ShipmentPatch, TrackingEventCreate } from './schema.js';
import { applyEvent } from './tracking.js';
import { writeShipments } from './write.js';

/**
 * The one write path of tracking events (POST /shipments/:id/events and the importer): each event
 * moves its shipment through writeShipments (so status, actual times and the derived fields follow
 * as on every write) and is then appended, in the caller's transaction.
 */

export interface EventInput {
  readonly shipmentId: number;
  readonly event: TrackingEventCreate;
}

export type EventResult =
  | { readonly result: 'inserted' | 'unchanged'; readonly id: number }
  | {
      readonly result: 'refused';
      /** not_found: no such shipment; invalid: the event cannot have happened to it. */
      readonly cause: 'not_found' | 'invalid';
      readonly reasons: FieldError[];
    };

const eventKey = (shipmentId: number, code: string, at: Date | string) =>
  `${shipmentId}\u0000${code}\u0000${new Date(at).getTime()}`;

/**
 * Applies and appends events in the given order, one outcome each; a refused event writes nothing
 * and the others stand. With `once`, an event its shipment already has (same code at the same
 * instant, events have no id of their own) is answered `unchanged`: re-importing a feed adds nothing.
 */
export async function appendTrackingEvents(
  trx: Kysely<DB>,
  caller: Caller,
  inputs: readonly EventInput[],
  options: { readonly once: boolean },
): Promise<EventResult[]> {
  const { orgId } = caller;
  const stored = new Map<string, number>();
  if (options.once) {
    for (const row of await eventKeysOf(
      trx,
      orgId,
      inputs.map((i) => i.shipmentId),
      inputs.map((i) => toInstant(i.event.occurredAt)),
    )) {
      stored.set(eventKey(row.shipment_id, row.code, row.occurred_at), row.id);
    }
  }
  // The newest event each shipment has: an older one arriving now must not move it back.
  const latest = await latestEventTimes(
    trx,
    orgId,
    inputs.map((i) => i.shipmentId),
  );
  const results: EventResult[] = [];
  for (const { shipmentId, event } of inputs) {
    const occurredAt = toInstant(event.occurredAt);
    const key = eventKey(shipmentId, event.code, occurredAt);
    const known = stored.get(key);
    if (known !== undefined) {
      results.push({ result: 'unchanged', id: known });
      continue;
    }
    let problems: FieldError[] = [];
    // The effect is computed on the row as the write loads it, inside this transaction.
    const [outcome] = await writeShipments(
      trx,
      caller,
      [
        {
          op: 'update',
          id: shipmentId,
          item: (current): ShipmentPatch => {
            problems = trackingEventProblems({ shipment: current, code: event.code, occurredAt });
            // An event that cannot have happened to this shipment is refused, not half-applied.
            if (problems.length > 0) return {};
            const next = applyEvent(current, event.code, occurredAt, latest.get(shipmentId) ?? null);
            return {
              status: next.status,
              ...(next.actual_pickup_at ? { actualPickupAt: next.actual_pickup_at.toISOString() } : {}),
              ...(next.actual_delivery_at ? { actualDeliveryAt: next.actual_delivery_at.toISOString() } : {}),
            };
          },
        },
      ],
      { mode: 'all' },
    );
    if (!outcome) throw new Error('writeShipments answered no result');
    if (problems.length > 0) {
      results.push({ result: 'refused', cause: 'invalid', reasons: problems });
      continue;
    }
    if (outcome.result === 'refused') {
      results.push({
        result: 'refused',
        cause: outcome.cause === 'not_found' ? 'not_found' : 'invalid',
        reasons: outcome.reasons,
      });
      continue;
    }
    const id = await insertTrackingEvent(trx, {
      org_id: orgId,
      shipment_id: shipmentId,
      code: event.code,
      raw_code: event.rawCode ?? null,
      occurred_at: occurredAt,
      city: event.city ?? null,
      country: event.country ?? null,
      latitude: event.latitude ?? null,
      longitude: event.longitude ?? null,
      source: event.source ?? 'api',
      message: event.message ?? null,
    });
    if (options.once) stored.set(key, id);
    const newest = latest.get(shipmentId);
    if (newest === undefined || occurredAt > newest) latest.set(shipmentId, occurredAt);
    results.push({ result: 'inserted', id });
  }
  return results;
}

/** The ids of the organization's shipments with these (source, reference) keys, by `source\0reference`. */
export async function shipmentIdsByKey(
  db: Kysely<DB>,
  orgId: number,
  keys: readonly { source: string; reference: string }[],
): Promise<Map<string, number>> {
  const rows = await findByKeys(db, orgId, keys);
  return new Map(rows.map((row) => [keyOf(row.source, row.reference), row.id]));
}
