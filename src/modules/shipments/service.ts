import type { Kysely } from 'kysely';
import { conflictOr } from '../../db/errors.js';
import { listAnswer, type SortField } from '../../db/keyset.js';
import { missingReferences, type Reference } from '../../db/references.js';
import { type DB, type Row, toDate } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { newShipmentColumns, shipmentColumns, shipmentToApi } from './mapping.js';
import {
  filteredShipments,
  findByReferences,
  findShipment,
  insertShipment,
  insertShipments,
  insertTrackingEvent,
  pageTrackingEvents,
  type ShipmentWrite,
  updateShipment,
} from './repository.js';
import {
  type ShipmentCreate,
  type ShipmentListQuery,
  type ShipmentPatch,
  shipmentCreate,
  shipmentSorts,
  type TrackingEventCreate,
} from './schema.js';
import { applyEvent, type TrackingCode } from './tracking.js';

const occurredAtSort: SortField = {
  key: 'occurredAt',
  column: 'occurred_at',
  kind: 'instant',
  nullable: false,
};

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

/**
 * Checks what a write refers to (carrier, order, facilities) belongs to the organization, so an
 * id of another tenant can never be linked, and that both amounts share the one currency.
 */
async function checkWrite(
  db: Kysely<DB>,
  orgId: number,
  items: readonly (ShipmentCreate | ShipmentPatch)[],
  { current, batch }: { current?: Row<'shipments'>; batch: boolean },
): Promise<FieldError[]> {
  const at = (index: number, path: string) => (batch ? `items.${index}.${path}` : path);
  const references: Reference[] = items.flatMap((item, index) => [
    { path: at(index, 'carrierId'), table: 'carriers' as const, id: item.carrierId },
    { path: at(index, 'orderId'), table: 'orders' as const, id: item.orderId },
    { path: at(index, 'origin.facilityId'), table: 'facilities' as const, id: item.origin?.facilityId },
    {
      path: at(index, 'destination.facilityId'),
      table: 'facilities' as const,
      id: item.destination?.facilityId,
    },
  ]);
  const errors = await missingReferences(db, orgId, references);
  items.forEach((item, index) => {
    const currencies = new Set(
      [
        item.freightCost?.currency,
        item.goodsValue?.currency,
        item.freightCost === undefined && current?.freight_cost != null ? current.currency : undefined,
        item.goodsValue === undefined && current?.goods_value != null ? current.currency : undefined,
      ].filter(Boolean),
    );
    if (currencies.size > 1) {
      errors.push({
        path: at(index, 'goodsValue.currency'),
        message: 'freight cost and goods value must share one currency',
      });
    }
  });
  return errors;
}

const duplicateReference =
  'A shipment with this source and reference already exists; update it or use the batch upsert.';

/** Creates a shipment; 409 when (source, reference) is taken. */
export async function createShipment(db: Kysely<DB>, orgId: number, input: ShipmentCreate) {
  rejectInvalid(await checkWrite(db, orgId, [input], { batch: false }));
  let id: number;
  try {
    id = await insertShipment(db, newShipmentColumns(orgId, input));
  } catch (error) {
    conflictOr(error, duplicateReference);
  }
  return getShipment(db, orgId, id);
}

/** Partial update; derived fields follow. */
export async function patchShipment(db: Kysely<DB>, orgId: number, id: number, input: ShipmentPatch) {
  const current = await findShipment(db, orgId, id);
  if (!current) throw notFound(id);
  rejectInvalid(await checkWrite(db, orgId, [input], { current, batch: false }));
  try {
    await updateShipment(db, current, shipmentColumns(input));
  } catch (error) {
    conflictOr(error, duplicateReference);
  }
  return getShipment(db, orgId, id);
}

/** Archives a shipment: it leaves lists and KPIs; its events and history stay. */
export async function archiveShipment(db: Kysely<DB>, orgId: number, id: number) {
  const current = await findShipment(db, orgId, id);
  if (!current) throw notFound(id);
  if (current.archived_at === null) await updateShipment(db, current, { archived_at: new Date() });
  return getShipment(db, orgId, id);
}

/**
 * Upserts up to 1,000 shipments by (source, reference), all or nothing: every item is validated
 * first and any error rejects the whole batch with per-item errors; then one transaction writes.
 */
export async function upsertShipments(db: Kysely<DB>, orgId: number, rawItems: readonly unknown[]) {
  const errors: FieldError[] = [];
  const items: ShipmentCreate[] = [];
  rawItems.forEach((raw, index) => {
    const parsed = shipmentCreate.safeParse(raw);
    if (parsed.success) items[index] = parsed.data;
    else
      for (const issue of parsed.error.issues)
        errors.push({ path: ['items', index, ...issue.path].join('.'), message: issue.message });
  });
  const keys = new Map<string, number>();
  items.forEach((item, index) => {
    const key = `${item.source ?? 'manual'}\u0000${item.reference}`;
    const first = keys.get(key);
    if (first !== undefined)
      errors.push({ path: `items.${index}.reference`, message: `repeats item ${first}` });
    else keys.set(key, index);
  });
  rejectInvalid(errors, '');
  rejectInvalid(await checkWrite(db, orgId, items, { batch: true }), '');

  // Items by source, then by reference: the upsert key.
  const bySource = new Map<string, Map<string, number>>();
  items.forEach((item, index) => {
    const source = item.source ?? 'manual';
    const refs = bySource.get(source) ?? new Map<string, number>();
    refs.set(item.reference, index);
    bySource.set(source, refs);
  });
  const write = db.transaction().execute(async (trx) => {
    const results: BatchResult[] = [];
    const created = new Map<string, Map<string, number>>();
    const toInsert: ShipmentWrite[] = [];
    for (const [source, refs] of bySource) {
      const existing = new Map(
        (await findByReferences(trx, orgId, source, [...refs.keys()])).map((r) => [r.reference, r]),
      );
      for (const [reference, index] of refs) {
        const item = items[index] as ShipmentCreate;
        const current = existing.get(reference);
        if (current) {
          await updateShipment(trx, current, shipmentColumns(item));
          results.push({ index, id: current.id, reference, result: 'updated' });
        } else {
          toInsert.push({ ...newShipmentColumns(orgId, item), source });
          created.set(source, (created.get(source) ?? new Map()).set(reference, index));
        }
      }
    }
    await insertShipments(trx, toInsert);
    for (const [source, refs] of created) {
      for (const row of await findByReferences(trx, orgId, source, [...refs.keys()])) {
        results.push({
          index: refs.get(row.reference) as number,
          id: row.id,
          reference: row.reference,
          result: 'created',
        });
      }
    }
    return { data: results.sort((a, b) => a.index - b.index) };
  });
  // Another request may create one of these references between our read and our insert.
  return write.catch((error) =>
    conflictOr(
      error,
      'A concurrent request created one of these shipments; nothing was written — retry the batch.',
    ),
  );
}

interface BatchResult {
  index: number;
  id: number;
  reference: string;
  result: 'created' | 'updated';
}

/**
 * Appends a tracking event and moves the shipment's status and actual dates through the same
 * update (and so the same derivation) as every other write, in one transaction.
 */
export async function addTrackingEvent(
  db: Kysely<DB>,
  orgId: number,
  shipmentId: number,
  input: TrackingEventCreate,
) {
  return db.transaction().execute(async (trx) => {
    const current = await findShipment(trx, orgId, shipmentId);
    if (!current) throw notFound(shipmentId);
    const id = await insertTrackingEvent(trx, {
      org_id: orgId,
      shipment_id: shipmentId,
      code: input.code,
      raw_code: input.rawCode ?? null,
      occurred_at: toInstant(input.occurredAt),
      city: input.city ?? null,
      country: input.country ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      source: input.source ?? 'api',
      message: input.message ?? null,
    });
    await updateShipment(trx, current, applyEvent(current, input.code, toInstant(input.occurredAt)));
    const row = await trx
      .selectFrom('tracking_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return trackingEventToApi(row);
  });
}

/** A page of a shipment's events, oldest first. */
export async function listTrackingEvents(
  db: Kysely<DB>,
  orgId: number,
  shipmentId: number,
  limit: number,
  cursor?: string,
) {
  if (!(await findShipment(db, orgId, shipmentId))) throw notFound(shipmentId);
  const page = await pageTrackingEvents(db, orgId, shipmentId, {
    sort: occurredAtSort,
    direction: 'asc',
    limit,
    cursor,
  });
  return { data: page.rows.map(trackingEventToApi), nextCursor: page.nextCursor };
}

function trackingEventToApi(row: Row<'tracking_events'>) {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    code: row.code as TrackingCode,
    rawCode: row.raw_code,
    occurredAt: toDate(row.occurred_at).toISOString(),
    city: row.city,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    source: row.source,
    message: row.message,
    createdAt: toDate(row.created_at).toISOString(),
  };
}
