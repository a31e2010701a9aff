import type { Kysely, SelectQueryBuilder } from 'kysely';
import { findOwnedRow, insertOne } from '../../db/bulk.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import type { MovementListQuery, SnapshotListQuery } from './schema.js';

type Filters<Q> = Omit<Q, 'limit' | 'cursor' | 'sort' | 'includeTotal'>;
type SnapshotQuery = SelectQueryBuilder<DB, 'inventory_snapshots', Row<'inventory_snapshots'>>;
type MovementQuery = SelectQueryBuilder<DB, 'inventory_movements', Row<'inventory_movements'>>;

/**
 * The organization's snapshots matching a list's filters. Indexes: (org, day) from 0003,
 * (org, facility, day) and (org, product, day) from 0004, and the unique
 * (org, facility, product, day) for both ids.
 */
export function filteredSnapshots(
  db: Kysely<DB>,
  orgId: number,
  q: Filters<SnapshotListQuery>,
): SnapshotQuery {
  let query = db.selectFrom('inventory_snapshots').selectAll().where('org_id', '=', orgId);
  if (q.facilityId) query = query.where('facility_id', '=', q.facilityId);
  if (q.productId) query = query.where('product_id', '=', q.productId);
  if (q.snapshotDateFrom) query = query.where('snapshot_date', '>=', q.snapshotDateFrom);
  if (q.snapshotDateTo) query = query.where('snapshot_date', '<=', q.snapshotDateTo);
  return query;
}

/** One snapshot of the organization, or undefined. */
export function findSnapshot(db: Kysely<DB>, orgId: number, id: number) {
  return findOwnedRow(db, 'inventory_snapshots', orgId, id);
}

/** The id of the organization's snapshot of a product at a facility on a day, if any. */
export async function snapshotIdOn(
  db: Kysely<DB>,
  orgId: number,
  key: { facilityId: number; productId: number; snapshotDate: string },
): Promise<number | undefined> {
  const row = await db
    .selectFrom('inventory_snapshots')
    .select('id')
    .where('org_id', '=', orgId)
    .where('facility_id', '=', key.facilityId)
    .where('product_id', '=', key.productId)
    .where('snapshot_date', '=', key.snapshotDate)
    .executeTakeFirst();
  return row?.id;
}

/** Inserts a snapshot; returns its id. */
export function insertSnapshot(db: Kysely<DB>, row: NewRow<'inventory_snapshots'>): Promise<number> {
  return insertOne(db, 'inventory_snapshots', row);
}

/** Changes a snapshot of the organization; false when there is no such snapshot. */
export async function updateSnapshot(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  changes: RowUpdate<'inventory_snapshots'>,
): Promise<boolean> {
  const result = await db
    .updateTable('inventory_snapshots')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a snapshot of the organization; false when there was no such snapshot. */
export async function deleteSnapshot(db: Kysely<DB>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('inventory_snapshots')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The organization's movements matching a list's filters. Indexes: (org, time) from 0003,
 * (org, facility, product, time) from 0001, (org, facility, time), (org, product, time) and
 * (org, kind, time) from 0004.
 */
export function filteredMovements(
  db: Kysely<DB>,
  orgId: number,
  q: Filters<MovementListQuery>,
): MovementQuery {
  let query = db.selectFrom('inventory_movements').selectAll().where('org_id', '=', orgId);
  if (q.facilityId) query = query.where('facility_id', '=', q.facilityId);
  if (q.productId) query = query.where('product_id', '=', q.productId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.occurredFrom) query = query.where('occurred_at', '>=', toInstant(q.occurredFrom));
  if (q.occurredTo) query = query.where('occurred_at', '<', toInstant(q.occurredTo));
  return query;
}

/** One movement of the organization, or undefined. */
export function findMovement(db: Kysely<DB>, orgId: number, id: number) {
  return findOwnedRow(db, 'inventory_movements', orgId, id);
}

/** Appends a movement to the ledger; returns its id. */
export function insertMovement(db: Kysely<DB>, row: NewRow<'inventory_movements'>): Promise<number> {
  return insertOne(db, 'inventory_movements', row);
}

/** The product of one of the organization's order lines, or undefined when it has no such line. */
export async function productOfLine(
  db: Kysely<DB>,
  orgId: number,
  lineId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('order_lines')
    .select('product_id')
    .where('org_id', '=', orgId)
    .where('id', '=', lineId)
    .executeTakeFirst();
  return row?.product_id;
}

/** The organization's snapshots of these facilities and products on these days (a superset of the keys asked). */
export function snapshotsOn(
  db: Kysely<DB>,
  orgId: number,
  keys: readonly { facilityId: number; productId: number; snapshotDate: string }[],
) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inventory_snapshots')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('facility_id', 'in', [...new Set(keys.map((k) => k.facilityId))])
    .where('product_id', 'in', [...new Set(keys.map((k) => k.productId))])
    .where('snapshot_date', 'in', [...new Set(keys.map((k) => k.snapshotDate))])
    .execute();
}

/** The organization's movements of these facilities and products between two instants (inclusive). */
export function movementsBetween(
  db: Kysely<DB>,
  orgId: number,
  facilityIds: readonly number[],
  productIds: readonly number[],
  from: Date,
  to: Date,
) {
  if (facilityIds.length === 0 || productIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inventory_movements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('facility_id', 'in', [...new Set(facilityIds)])
    .where('product_id', 'in', [...new Set(productIds)])
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<=', to)
    .execute();
}
