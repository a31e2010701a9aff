import type { Kysely } from 'kysely';
import { conflictOr, isDeadlock } from '../../db/errors.js';
import { type ListAnswer, listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { AppError, rejectInvalid } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import { appendTrackingEvents } from './events.js';
import { shipmentToApi, trackingEventToApi } from './mapping.js';
import { filteredShipments, findShipment, findTrackingEvent, trackingEventsQuery } from './repository.js';
import {
  type ShipmentCreate,
  type ShipmentListQuery,
  type ShipmentPatch,
  shipmentSorts,
  type TrackingEvent,
  type TrackingEventCreate,
  type TrackingEventListQuery,
  trackingEventSorts,
} from './schema.js';
import { type ShipmentInput, type ShipmentResult, writeShipments } from './write.js';

const notFound = (id: number) => new AppError('RESOURCE_NOT_FOUND', `No shipment with id ${id}.`);

/** A page of the organization's shipments in API shape. */
export function listShipments(db: Kysely<DB>, orgId: number, q: ShipmentListQuery) {
  return listAnswer(filteredShipments(db, orgId, q), q, shipmentSorts, shipmentToApi);
}

/** One shipment, or 404. */
export async function getShipment(db: Kysely<DB>, orgId: number, id: number) {
  const row = await findShipment(db, orgId, id);
  if (!row) throw notFound(id);
  return shipmentToApi(row);
}

/** Runs one write of the write path and turns its refusal into the answer PATCH/POST give. */
async function writeOne(db: Kysely<DB>, caller: Caller, input: ShipmentInput): Promise<number> {
  let outcome: ShipmentResult | undefined;
  try {
    outcome = (await writeShipments(db, caller, [input], { mode: 'all' }))[0];
  } catch (error) {
    conflictOr(error, duplicateReference);
  }
  if (!outcome) throw new Error('writeShipments answered no result');
  if (outcome.result !== 'refused') return outcome.id;
  if (outcome.cause === 'not_found' && input.op === 'update') throw notFound(input.id);
  if (outcome.cause === 'conflict') throw new AppError('RESOURCE_CONFLICT', duplicateReference);
  rejectInvalid(outcome.reasons);
  throw new Error('unreachable: a refusal without reasons');
}

const duplicateReference =
  'A shipment with this source and reference already exists; update it or use the batch upsert.';

/** Creates a shipment; 409 when (source, reference) is taken. */
export async function createShipment(db: Kysely<DB>, caller: Caller, input: ShipmentCreate) {
  const id = await writeOne(db, caller, { op: 'create', item: input });
  return getShipment(db, caller.orgId, id);
}

/** Partial update; derived fields follow. */
export async function patchShipment(db: Kysely<DB>, caller: Caller, id: number, input: ShipmentPatch) {
  await writeOne(db, caller, { op: 'update', id, item: input });
  return getShipment(db, caller.orgId, id);
}

/** Archives a shipment: it leaves lists and KPIs; its events and history stay. */
export async function archiveShipment(db: Kysely<DB>, caller: Caller, id: number) {
  await writeOne(db, caller, { op: 'update', id, item: {}, archive: true });
  return getShipment(db, caller.orgId, id);
}

/**
 * Upserts up to 1,000 shipments by (source, reference), all or nothing: each item is checked
 * against its stored row (the merged result must pass every rule PATCH applies), and any refusal
 * rejects the whole batch with per-item errors (422, `items.N.field`); else one transaction
 * writes them set-wise.
 */
export async function upsertShipments(db: Kysely<DB>, caller: Caller, items: readonly ShipmentCreate[]) {
  // InnoDB (and PostgreSQL) may abort one of two concurrent batches to break a deadlock on their
  // rollup or key locks; the whole transaction rolled back, so running it again is safe.
  for (let attempt = 1; ; attempt++) {
    try {
      return await upsertOnce(db, caller, items);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 3) throw error;
    }
  }
}

function upsertOnce(db: Kysely<DB>, caller: Caller, items: readonly ShipmentCreate[]) {
  const write = db.transaction().execute(async (trx) => {
    const results = await writeShipments(
      trx,
      caller,
      items.map((item) => ({ op: 'upsert' as const, item })),
      { mode: 'all' },
    );
    rejectInvalid(
      results.flatMap((r, index) =>
        r.result === 'refused' ? r.reasons.map((e) => ({ ...e, path: `items.${index}.${e.path}` })) : [],
      ),
      '',
    );
    return {
      data: results.map((r, index) => ({
        index,
        id: (r as { id: number }).id,
        reference: (items[index] as ShipmentCreate).reference,
        result: r.result as 'inserted' | 'updated' | 'unchanged',
      })),
    };
  });
  // Another request may create one of these references between our read and our insert.
  return write.catch((error) =>
    conflictOr(
      error,
      'A concurrent request created one of these shipments; nothing was written — retry the batch.',
    ),
  );
}

/**
 * Appends a tracking event and moves the shipment's status and actual dates through the same
 * update (and so the same derivation) as every other write, in one transaction.
 */
export async function addTrackingEvent(
  db: Kysely<DB>,
  caller: Caller,
  shipmentId: number,
  input: TrackingEventCreate,
) {
  return db.transaction().execute(async (trx) => {
    const [outcome] = await appendTrackingEvents(trx, caller, [{ shipmentId, event: input }], {
      once: false,
    });
    if (!outcome) throw new Error('appendTrackingEvents answered no result');
    if (outcome.result === 'refused') {
      if (outcome.cause === 'not_found') throw notFound(shipmentId);
      rejectInvalid(outcome.reasons);
      throw new Error('unreachable: a refusal without reasons');
    }
    const row = await findTrackingEvent(trx, caller.orgId, outcome.id);
    if (!row) throw new Error(`tracking event ${outcome.id} vanished inside its transaction`);
    return trackingEventToApi(row);
  });
}

/** A page of a shipment's events (oldest first by default), as every list answers. */
export async function listTrackingEvents(
  db: Kysely<DB>,
  orgId: number,
  shipmentId: number,
  q: TrackingEventListQuery,
): Promise<ListAnswer<TrackingEvent>> {
  if (!(await findShipment(db, orgId, shipmentId))) throw notFound(shipmentId);
  return listAnswer(trackingEventsQuery(db, orgId, shipmentId), q, trackingEventSorts, trackingEventToApi);
}
