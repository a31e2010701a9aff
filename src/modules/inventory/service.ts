import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import { listAnswer } from '../../db/keyset.js';
import { missingReferences } from '../../db/references.js';
import { presentColumns } from '../../db/rows.js';
import type { DB } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { movementToApi, snapshotToApi } from './mapping.js';
import {
  deleteSnapshot,
  filteredMovements,
  filteredSnapshots,
  findMovement,
  findSnapshot,
  insertMovement,
  insertSnapshot,
  productOfLine,
  snapshotIdOn,
  updateSnapshot,
} from './repository.js';
import { movementProblems as ruleProblems, snapshotProblems } from './rules.js';
import {
  type MovementCreate,
  type MovementListQuery,
  movementSorts,
  type SnapshotCreate,
  type SnapshotListQuery,
  type SnapshotPatch,
  snapshotSorts,
} from './schema.js';

const notFound = (noun: string, id: number) =>
  new AppError('RESOURCE_NOT_FOUND', `No ${noun} with id ${id}.`);

// --- snapshots ---

/** A page of the organization's snapshots in API shape. */
export function listSnapshots(db: Kysely<DB>, orgId: number, q: SnapshotListQuery) {
  return listAnswer(filteredSnapshots(db, orgId, q), q, snapshotSorts, snapshotToApi);
}

/** One snapshot, or 404. */
export async function getSnapshot(db: Kysely<DB>, orgId: number, id: number) {
  const row = await findSnapshot(db, orgId, id);
  if (!row) throw notFound('inventory snapshot', id);
  return snapshotToApi(row);
}

/**
 * Records a product's stock at a facility on a day. There is one snapshot per facility ×
 * product × day: a second one is 409 RESOURCE_CONFLICT carrying `existingId`, to PATCH instead.
 */
export async function createSnapshot(db: Kysely<DB>, caller: Caller, input: SnapshotCreate) {
  const { orgId } = caller;
  rejectInvalid(await snapshotRefusals(db, orgId, input));
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const inserted = await storeSnapshot(trx, orgId, input);
      await bumpDataVersion(trx, orgId);
      return inserted;
    });
  } catch (error) {
    if (constraintViolation(error) !== 'unique') throw error;
    const existingId = await snapshotIdOn(db, orgId, input);
    throw new AppError(
      'RESOURCE_CONFLICT',
      `This product already has a snapshot at this facility on ${input.snapshotDate} (id ${existingId}); PATCH it instead.`,
      { existingId },
    );
  }
  return getSnapshot(db, orgId, id);
}

/** What refuses a new snapshot: a facility or product the organization does not have, an implausible day. */
export async function snapshotRefusals(
  db: Kysely<DB>,
  orgId: number,
  input: SnapshotCreate,
): Promise<FieldError[]> {
  return [
    ...(await missingReferences(db, orgId, [
      { path: 'facilityId', table: 'facilities', id: input.facilityId },
      { path: 'productId', table: 'products', id: input.productId },
    ])),
    ...snapshotProblems({ snapshot_date: input.snapshotDate }),
  ];
}

/** Inserts a checked snapshot (the caller bumps the data version); returns its id. */
export function storeSnapshot(trx: Kysely<DB>, orgId: number, input: SnapshotCreate): Promise<number> {
  return insertSnapshot(trx, {
    org_id: orgId,
    facility_id: input.facilityId,
    product_id: input.productId,
    snapshot_date: input.snapshotDate,
    on_hand: input.onHand,
    allocated: input.allocated ?? 0,
    on_order: input.onOrder ?? 0,
    created_at: new Date(),
  });
}

/** A snapshot's quantity columns a change gives (absent keeps). */
export function snapshotChanges(input: SnapshotPatch) {
  return presentColumns({ on_hand: input.onHand, allocated: input.allocated, on_order: input.onOrder });
}

/** Corrects a snapshot's quantities. */
export async function patchSnapshot(db: Kysely<DB>, caller: Caller, id: number, input: SnapshotPatch) {
  const { orgId } = caller;
  const changes = snapshotChanges(input);
  const found =
    Object.keys(changes).length > 0
      ? await db.transaction().execute(async (trx) => {
          const updated = await updateSnapshot(trx, orgId, id, changes);
          if (updated) await bumpDataVersion(trx, orgId);
          return updated;
        })
      : (await findSnapshot(db, orgId, id)) !== undefined;
  if (!found) throw notFound('inventory snapshot', id);
  return getSnapshot(db, orgId, id);
}

/**
 * Deletes a snapshot for good: snapshots are derived data (a count or a WMS export, rebuilt from
 * the source or the movements), so there is no history to keep, unlike orders.
 */
export async function removeSnapshot(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  const { orgId } = caller;
  const deleted = await db.transaction().execute(async (trx) => {
    const found = await deleteSnapshot(trx, orgId, id);
    if (found) await bumpDataVersion(trx, orgId);
    return found;
  });
  if (!deleted) throw notFound('inventory snapshot', id);
}

// --- movements ---

/** A page of the organization's movements in API shape. */
export function listMovements(db: Kysely<DB>, orgId: number, q: MovementListQuery) {
  return listAnswer(filteredMovements(db, orgId, q), q, movementSorts, movementToApi);
}

/** One movement, or 404. */
export async function getMovement(db: Kysely<DB>, orgId: number, id: number) {
  const row = await findMovement(db, orgId, id);
  if (!row) throw notFound('inventory movement', id);
  return movementToApi(row);
}

/** What disagrees within a movement: the rules (rules.ts), and its product against its order line's. */
async function movementProblems(db: Kysely<DB>, orgId: number, input: MovementCreate): Promise<FieldError[]> {
  const errors: FieldError[] = ruleProblems({
    kind: input.kind,
    quantity: input.quantity,
    occurred_at: toInstant(input.occurredAt),
  });
  if (input.orderLineId) {
    const product = await productOfLine(db, orgId, input.orderLineId);
    if (product !== undefined && product !== input.productId)
      errors.push({ path: 'orderLineId', message: 'the order line is for another product' });
  }
  return errors;
}

/**
 * Appends a movement to the ledger. The ledger is append-only (no update, no delete): a wrong
 * movement is corrected by a new `adjustment`, so every stock level can be traced.
 */
export async function createMovement(db: Kysely<DB>, caller: Caller, input: MovementCreate) {
  const { orgId } = caller;
  rejectInvalid(await movementRefusals(db, orgId, input));
  const id = await db.transaction().execute(async (trx) => {
    const inserted = await storeMovement(trx, orgId, input);
    await bumpDataVersion(trx, orgId);
    return inserted;
  });
  return getMovement(db, orgId, id);
}

/** What refuses a movement: rows the organization does not have, and movementProblems. */
export async function movementRefusals(
  db: Kysely<DB>,
  orgId: number,
  input: MovementCreate,
): Promise<FieldError[]> {
  const missing = await missingReferences(db, orgId, [
    { path: 'facilityId', table: 'facilities', id: input.facilityId },
    { path: 'productId', table: 'products', id: input.productId },
    { path: 'orderLineId', table: 'order_lines', id: input.orderLineId },
  ]);
  return [...missing, ...(await movementProblems(db, orgId, input))];
}

/** Appends a checked movement (the caller bumps the data version); returns its id. */
export function storeMovement(trx: Kysely<DB>, orgId: number, input: MovementCreate): Promise<number> {
  return insertMovement(trx, {
    org_id: orgId,
    facility_id: input.facilityId,
    product_id: input.productId,
    occurred_at: toInstant(input.occurredAt),
    kind: input.kind,
    quantity: input.quantity,
    reference: input.reference ?? null,
    order_line_id: input.orderLineId ?? null,
    created_at: new Date(),
  });
}
