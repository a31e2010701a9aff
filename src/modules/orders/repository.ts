import type { Kysely, SelectQueryBuilder } from 'kysely';
import { findOwnedRow, insertOne, insertRows } from '../../db/bulk.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';
import type { OrderListQuery } from './schema.js';

type OrderQuery = SelectQueryBuilder<DB, 'orders', Row<'orders'>>;

/**
 * The organization's orders matching a list's filters. Every filter has an index leading with
 * it (0001: order date, customer; 0003: status, reference; 0004: ship-from facility).
 */
export function filteredOrders(
  db: Kysely<DB>,
  orgId: number,
  q: Omit<OrderListQuery, 'limit' | 'cursor' | 'sort' | 'includeTotal'>,
): OrderQuery {
  let query = db.selectFrom('orders').selectAll().where('org_id', '=', orgId);
  if (!q.includeArchived) query = query.where('archived_at', 'is', null);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.shipFromFacilityId) query = query.where('ship_from_facility_id', '=', q.shipFromFacilityId);
  if (q.orderDateFrom) query = query.where('order_date', '>=', q.orderDateFrom);
  if (q.orderDateTo) query = query.where('order_date', '<=', q.orderDateTo);
  if (q.reference) {
    // A prefix as a range, so every dialect uses the (org_id, reference) key (byte order, see 0003).
    query = query.where('reference', '>=', q.reference).where('reference', '<', `${q.reference}\u{10FFFF}`);
  }
  return query;
}

/** One order of the organization, or undefined. */
export function findOrder(db: Kysely<DB>, orgId: number, id: number): Promise<Row<'orders'> | undefined> {
  return findOwnedRow(db, 'orders', orgId, id);
}

/** An order's lines by line number. */
export function findLines(db: Kysely<DB>, orgId: number, orderId: number): Promise<Row<'order_lines'>[]> {
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
}

/** Inserts an order header; returns its id. */
export function insertOrder(db: Kysely<DB>, row: NewRow<'orders'>): Promise<number> {
  return insertOne(db, 'orders', row);
}

/** Inserts an order's lines (all with the same columns) in one statement. */
export function insertLines(db: Kysely<DB>, rows: readonly NewRow<'order_lines'>[]): Promise<number> {
  return insertRows(db, 'order_lines', rows);
}

/** Updates an order header of the organization and stamps it. */
export async function updateOrder(
  db: Kysely<DB>,
  orgId: number,
  id: number,
  changes: RowUpdate<'orders'>,
): Promise<void> {
  await db
    .updateTable('orders')
    .set({ ...changes, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Updates one line of an order and stamps it. */
export async function updateLine(
  db: Kysely<DB>,
  orgId: number,
  orderId: number,
  lineNo: number,
  changes: RowUpdate<'order_lines'>,
): Promise<void> {
  await db
    .updateTable('order_lines')
    .set({ ...changes, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('order_id', '=', orderId)
    .where('line_no', '=', lineNo)
    .execute();
}

/** Deletes one line of an order. */
export async function deleteLine(db: Kysely<DB>, orgId: number, orderId: number, lineNo: number) {
  await db
    .deleteFrom('order_lines')
    .where('org_id', '=', orgId)
    .where('order_id', '=', orderId)
    .where('line_no', '=', lineNo)
    .execute();
}

/** Tables whose rows a write may refer to by id. */
