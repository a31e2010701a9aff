import type { Kysely } from 'kysely';
import { missingReferences, type Reference } from '../../db/references.js';
import type { DB, NewRow, Row } from '../../db/types.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { afterShipmentChange, beforeShipmentChange } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { refreshOrderFacts } from '../orders/index.js';
import { appendStreamEvent } from '../stream/index.js';
import type { DerivationContext } from './derive.js';
import { newShipmentColumns, shipmentColumns } from './mapping.js';
import {
  findByKeys,
  findShipmentsByIds,
  insertShipmentRows,
  insertStoredRows,
  keyOf,
  reportingZoneOf,
  type ShipmentUpdate,
  type ShipmentWrite,
  updatableColumns,
  updateShipmentRows,
  withDerivedFields,
} from './repository.js';
import { type ShipmentFacts, shipmentProblems } from './rules.js';
import type { ShipmentCreate, ShipmentPatch } from './schema.js';

/**
 * The one write path of shipments: create, PATCH, archive, the batch upsert, tracking-event
 * effects, the importer and webhook intake call writeShipments; the seed, test factories and
 * restore call its bulk variant insertShipmentBatch. Both apply the same checks (shipmentErrors)
 * and derive lane, transit, delay and on-time (withDerivedFields → deriveShipment).
 */

/** One row to write: an upsert or create by (source, reference), or an update of a stored shipment by id. */
export type ShipmentInput =
  | { readonly op: 'upsert' | 'create'; readonly item: ShipmentCreate }
  | {
      readonly op: 'update';
      readonly id: number;
      /** The change, or a function of the stored row (loaded by the write, in its transaction). */
      readonly item: ShipmentPatch | ((current: Row<'shipments'>) => ShipmentPatch);
      /** Archives the shipment (once: an archived one keeps its archive time). */
      readonly archive?: boolean;
    };

/** What happened to one row; `reasons` paths are relative to the row's item (e.g. `goodsValue.currency`). */
export type ShipmentResult =
  | { readonly result: 'inserted' | 'updated' | 'unchanged'; readonly id: number }
  | {
      readonly result: 'refused';
      /**
       * invalid: the merged row breaks a rule or names a missing row; not_found: no such id;
       * conflict: the key is taken; withheld: valid, but another row of an all-or-nothing call
       * was refused (its reasons are empty).
       */
      readonly cause: 'invalid' | 'not_found' | 'conflict' | 'withheld';
      readonly reasons: FieldError[];
    };

export interface WriteOptions {
  /**
   * all: any refusal writes nothing (the API); each: refused rows are reported and the others
   * written (the importer, webhook intake). In both, a database error (a concurrent insert of
   * the same key) fails the whole call.
   */
  readonly mode: 'all' | 'each';
}

/** A shipment as it will be stored, and the currency each of its amounts is in. */
export interface MergedShipment {
  readonly row: ShipmentWrite;
  readonly currencies: { readonly freightCost: string | null; readonly goodsValue: string | null };
}

/**
 * Every rule a shipment must satisfy after a write, checked on the merged row (the stored row
 * with the write applied), so a partial update is judged by the whole it produces. The one
 * place the validity rules plug in; paths are API field paths.
 */
export function shipmentErrors(next: MergedShipment, now: number = Date.now()): FieldError[] {
  const errors: FieldError[] = shipmentProblems(next.row as ShipmentWrite & ShipmentFacts, now);
  const { freightCost, goodsValue } = next.currencies;
  // One currency column serves both amounts: a second currency would relabel the first amount.
  if (freightCost !== null && goodsValue !== null && freightCost !== goodsValue) {
    errors.push({
      path: 'goodsValue.currency',
      message: `freight cost and goods value must share one currency (freight cost is in ${freightCost})`,
    });
  }
  return errors;
}

const duplicateReference =
  'A shipment with this source and reference already exists; update it or use the batch upsert.';

interface Planned {
  readonly index: number;
  readonly current: Row<'shipments'> | undefined;
  readonly item: ShipmentCreate | ShipmentPatch;
  readonly archive: boolean;
}

/**
 * Writes shipments of the caller's organization in the caller's transaction and answers per row.
 * Loads the stored rows first (one query by key, one by id), checks each merged row, then
 * inserts and updates set-wise (see the repository for each dialect).
 */
export async function writeShipments(
  trx: Kysely<DB>,
  caller: Caller,
  inputs: readonly ShipmentInput[],
  options: WriteOptions,
): Promise<ShipmentResult[]> {
  if (!caller.has('shipments:write')) {
    throw new AppError('AUTH_FORBIDDEN', 'Writing shipments needs the shipments:write permission.');
  }
  const orgId = caller.orgId;
  const results: (ShipmentResult | undefined)[] = Array.from(inputs, () => undefined);
  const keyed = inputs.flatMap((input) =>
    input.op === 'update' ? [] : [{ source: input.item.source ?? 'manual', reference: input.item.reference }],
  );
  const ids = inputs.flatMap((input) => (input.op === 'update' ? [input.id] : []));
  const byKey = new Map(
    (await findByKeys(trx, orgId, keyed)).map((row) => [keyOf(row.source, row.reference), row]),
  );
  const byId = new Map((await findShipmentsByIds(trx, orgId, ids)).map((row) => [row.id, row]));

  const planned: Planned[] = [];
  const firstOfKey = new Map<string, number>();
  const firstOfId = new Map<number, number>();
  inputs.forEach((input, index) => {
    if (input.op === 'update') {
      // Two changes of one row in one call would each be merged with the same stored state.
      const first = firstOfId.get(input.id);
      if (first !== undefined) {
        results[index] = refused('invalid', 'id', `repeats item ${first}`);
        return;
      }
      firstOfId.set(input.id, index);
      const current = byId.get(input.id);
      if (!current) {
        results[index] = refused('not_found', 'id', `No shipment with id ${input.id}.`);
        return;
      }
      const item = typeof input.item === 'function' ? input.item(current) : input.item;
      planned.push({ index, current, item, archive: input.archive === true });
      return;
    }
    const key = keyOf(input.item.source ?? 'manual', input.item.reference);
    const first = firstOfKey.get(key);
    if (first !== undefined) {
      results[index] = refused('invalid', 'reference', `repeats item ${first}`);
      return;
    }
    firstOfKey.set(key, index);
    const current = byKey.get(key);
    if (current && input.op === 'create') {
      results[index] = refused('conflict', 'reference', duplicateReference);
      return;
    }
    planned.push({ index, current, item: input.item, archive: false });
  });

  const referenceErrors = groupByRow(
    await missingReferences(
      trx,
      orgId,
      planned.flatMap((p) => referencesOf(p.index, p.item)),
    ),
  );
  const now = new Date();
  const context: DerivationContext = { timeZone: await reportingZoneOf(trx, orgId), now };
  const inserts: { index: number; row: NewRow<'shipments'> & { source: string } }[] = [];
  const updates: {
    index: number;
    row: ShipmentUpdate;
    orderIds: (number | null)[];
    change: Omit<ShipmentChange, 'id'>;
  }[] = [];
  for (const p of planned) {
    const merged = mergeOf(orgId, p, now);
    const reasons = [...(referenceErrors.get(p.index) ?? []), ...shipmentErrors(merged)];
    if (reasons.length > 0) {
      results[p.index] = { result: 'refused', cause: 'invalid', reasons };
      continue;
    }
    const stored = withDerivedFields(merged.row, context);
    if (!p.current) {
      inserts.push({ index: p.index, row: stored as NewRow<'shipments'> & { source: string } });
    } else {
      const changes = changedColumns(p.current, stored);
      if (changes === null) results[p.index] = { result: 'unchanged', id: p.current.id };
      else
        updates.push({
          index: p.index,
          row: { id: p.current.id, changes: { ...changes, updated_at: now } },
          orderIds: [p.current.order_id, stored.order_id ?? null],
          change: {
            reference: p.current.reference,
            status: stored.status,
            change: p.archive && p.current.archived_at === null ? 'archived' : 'updated',
          },
        });
    }
  }
  if (options.mode === 'all' && results.some((r) => r?.result === 'refused')) {
    return results.map((r) => r ?? { result: 'refused', cause: 'withheld', reasons: [] });
  }
  const newIds = await insertShipmentRows(
    trx,
    orgId,
    inserts.map((i) => i.row),
  );
  inserts.forEach((insert, i) => {
    results[insert.index] = { result: 'inserted', id: newIds[i] as number };
  });
  // The rollups follow in this transaction (ADR 0015): the stored state of updated rows out,
  // their new state and the inserted rows in.
  const updatedIds = updates.map((u) => u.row.id);
  await beforeShipmentChange(trx, orgId, updatedIds);
  await updateShipmentRows(
    trx,
    orgId,
    updates.map((u) => u.row),
  );
  for (const update of updates) results[update.index] = { result: 'updated', id: update.row.id };
  if (newIds.length + updatedIds.length > 0) {
    await afterShipmentChange(trx, orgId, [...newIds, ...updatedIds]);
  }
  // An order's delivery facts (OTIF, lead time) follow its shipments: the orders a write touched,
  // before and after it.
  await refreshOrderFacts(trx, orgId, [
    ...inserts.map((i) => i.row.order_id),
    ...updates.flatMap((u) => u.orderIds),
  ]);
  // Live updates (ADR 0020): visible on the streams when this transaction commits.
  await announceShipmentChanges(trx, orgId, [
    ...inserts.map((insert, i) => ({
      id: newIds[i] as number,
      reference: insert.row.reference,
      status: insert.row.status,
      change: 'inserted' as const,
    })),
    ...updates.map((u) => ({ id: u.row.id, ...u.change })),
  ]);
  return results as ShipmentResult[];
}

/** One shipment a write changed, as the `shipments.changed` live update lists it. */
interface ShipmentChange {
  readonly id: number;
  readonly reference: string;
  readonly status: string;
  readonly change: 'inserted' | 'updated' | 'archived';
}

// A stream client refetches what it shows; past this many it is told the list is cut short.
const LISTED_CHANGES = 100;

/** One `shipments.changed` event per write (an import batch is one event, not one per row). */
async function announceShipmentChanges(trx: Kysely<DB>, orgId: number, changes: readonly ShipmentChange[]) {
  if (changes.length === 0) return;
  await appendStreamEvent(trx, orgId, 'shipments', 'shipments.changed', {
    count: changes.length,
    shipments: changes.slice(0, LISTED_CHANGES),
    truncated: changes.length > LISTED_CHANGES,
  });
}

function refused(cause: 'invalid' | 'not_found' | 'conflict', path: string, message: string): ShipmentResult {
  return { result: 'refused', cause, reasons: [{ path, message }] };
}

/** The stored row with the write applied, and the currency of each amount after it. */
function mergeOf(orgId: number, p: Planned, now: Date): MergedShipment {
  const { current, item } = p;
  const row: ShipmentWrite = current
    ? { ...writableOf(current), ...shipmentColumns(item) }
    : { ...newShipmentColumns(orgId, item as ShipmentCreate), source: item.source ?? 'manual' };
  if (p.archive && current?.archived_at === null) row.archived_at = now;
  const currencyOf = (amount: ShipmentCreate['freightCost'], stored: number | null | undefined) =>
    amount !== undefined ? (amount?.currency ?? null) : stored != null ? (current?.currency ?? null) : null;
  return {
    row,
    currencies: {
      freightCost: currencyOf(item.freightCost, current?.freight_cost),
      goodsValue: currencyOf(item.goodsValue, current?.goods_value),
    },
  };
}

function writableOf(current: Row<'shipments'>): ShipmentWrite {
  const {
    lane: _l,
    transit_days: _t,
    delay_hours: _d,
    on_time: _o,
    created_at: _c,
    updated_at: _u,
    ...rest
  } = current;
  // Instants read back may be ISO text (SQLite): every driver takes them back as parameters.
  return rest as ShipmentWrite;
}

const instantColumns: ReadonlySet<string> = new Set([
  'planned_pickup_at',
  'planned_delivery_at',
  'actual_pickup_at',
  'actual_delivery_at',
  'archived_at',
]);

/**
 * The columns a write changes (instants compared by time, numbers by value), or null when it
 * leaves the stored row as it is. Only these are set: fewer index entries to rewrite.
 */
function changedColumns(
  current: Row<'shipments'>,
  next: NewRow<'shipments'>,
): ShipmentUpdate['changes'] | null {
  const changes: Record<string, unknown> = {};
  let changed = false;
  for (const column of updatableColumns) {
    if (column === 'updated_at') continue;
    const a = current[column] ?? null;
    const b = (next as Record<string, unknown>)[column] ?? null;
    let same: boolean;
    if (a === null || b === null) same = a === b;
    else if (instantColumns.has(column))
      same = new Date(a as string | Date).getTime() === new Date(b as string | Date).getTime();
    else if (typeof a === 'number' || typeof b === 'number') same = Number(a) === Number(b);
    else same = a === b;
    if (!same) {
      changes[column] = b;
      changed = true;
    }
  }
  return changed ? (changes as ShipmentUpdate['changes']) : null;
}

function referencesOf(index: number, item: ShipmentCreate | ShipmentPatch): Reference[] {
  return [
    { path: `${index}.carrierId`, table: 'carriers', id: item.carrierId },
    { path: `${index}.customerId`, table: 'customers', id: item.customerId },
    { path: `${index}.supplierId`, table: 'suppliers', id: item.supplierId },
    { path: `${index}.orderId`, table: 'orders', id: item.orderId },
    { path: `${index}.origin.facilityId`, table: 'facilities', id: item.origin?.facilityId },
    { path: `${index}.destination.facilityId`, table: 'facilities', id: item.destination?.facilityId },
  ];
}

/** Field errors of `index.path` form, by row index, with the index taken off the path. */
function groupByRow(errors: readonly FieldError[]): Map<number, FieldError[]> {
  const byRow = new Map<number, FieldError[]>();
  for (const error of errors) {
    const dot = error.path.indexOf('.');
    const index = Number(error.path.slice(0, dot));
    byRow.set(index, [...(byRow.get(index) ?? []), { ...error, path: error.path.slice(dot + 1) }]);
  }
  return byRow;
}

/** Per-row refusals of the bulk variant. */
export interface BatchSummary {
  readonly inserted: number;
  readonly refused: readonly { readonly index: number; readonly reasons: FieldError[] }[];
}

/**
 * The bulk variant of writeShipments for new rows already in column form, with ids assigned or
 * not (the demo seed, test factories, restore): the same checks and derivation, one batched
 * insert, no per-row reads. Rows must belong to the caller's organization. In mode all a
 * refusal throws REQUEST_UNPROCESSABLE (`rows.N.field`) and nothing is written.
 */
export async function insertShipmentBatch(
  trx: Kysely<DB>,
  caller: Caller,
  rows: readonly ShipmentWrite[],
  options: WriteOptions,
): Promise<BatchSummary> {
  if (!caller.has('shipments:write')) {
    throw new AppError('AUTH_FORBIDDEN', 'Writing shipments needs the shipments:write permission.');
  }
  const refusedRows: { index: number; reasons: FieldError[] }[] = [];
  const stored: NewRow<'shipments'>[] = [];
  const context: DerivationContext = { timeZone: await reportingZoneOf(trx, caller.orgId), now: new Date() };
  rows.forEach((row, index) => {
    if (row.org_id !== caller.orgId) {
      throw new Error(`insertShipmentBatch: row ${index} belongs to organization ${row.org_id}`);
    }
    const currency = row.currency ?? null;
    const reasons = shipmentErrors({
      row,
      currencies: {
        freightCost: row.freight_cost == null ? null : currency,
        goodsValue: row.goods_value == null ? null : currency,
      },
    });
    if (reasons.length > 0) refusedRows.push({ index, reasons });
    else stored.push(withDerivedFields(row, context));
  });
  // All or nothing: a refusal throws, so a caller cannot lose rows by not reading the answer.
  if (options.mode === 'all') {
    rejectInvalid(
      refusedRows.flatMap((r) => r.reasons.map((e) => ({ ...e, path: `rows.${r.index}.${e.path}` }))),
      '',
    );
  }
  // Rows with ids (the seed) go in as they are; the others get theirs back from the insert. The
  // rollups follow in this transaction.
  let ids: number[];
  if (stored.every((row) => typeof row.id === 'number')) {
    await insertStoredRows(trx, stored);
    ids = stored.map((row) => row.id as number);
  } else {
    ids = await insertShipmentRows(
      trx,
      caller.orgId,
      stored.map((row) => ({ ...row, source: row.source ?? 'manual' })),
    );
  }
  if (ids.length > 0) await afterShipmentChange(trx, caller.orgId, ids);
  await refreshOrderFacts(
    trx,
    caller.orgId,
    stored.map((row) => row.order_id),
  );
  return { inserted: stored.length, refused: refusedRows };
}

/**
 * Restores shipments from a backup as they were taken (ids included). Derived fields are computed
 * again from the restored columns, so they are right whatever release wrote them; the validity
 * rules are not applied: a backup is a copy of what was stored, and refusing rows an older
 * release accepted would make that backup impossible to restore.
 */
export async function restoreShipmentRows(
  trx: Kysely<DB>,
  rows: readonly ShipmentWrite[],
  columns: readonly string[],
): Promise<void> {
  // A backup restores at its own schema version: derived columns that version lacks are left
  // out (its rows keep the default derivation version, and the re-derivation job adds them once
  // the schema is migrated).
  const keep = new Set(columns);
  const withDays = keep.has('ship_day');
  const zones = new Map<number, string>();
  if (withDays) {
    for (const orgId of new Set(rows.map((row) => row.org_id)))
      zones.set(orgId, await reportingZoneOf(trx, orgId));
  }
  const now = new Date();
  await insertStoredRows(
    trx,
    rows.map((row) => {
      const stored = withDerivedFields(row, { timeZone: zones.get(row.org_id) ?? 'UTC', now }) as Record<
        string,
        unknown
      >;
      for (const key of Object.keys(stored)) if (!keep.has(key)) delete stored[key];
      return stored as NewRow<'shipments'>;
    }),
  );
}
