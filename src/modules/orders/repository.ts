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

/** The organization's orders with these references (the (org_id, reference) key). */
export function findOrdersByReferences(
  db: Kysely<DB>,
  orgId: number,
  references: readonly string[],
): Promise<Row<'orders'>[]> {
  if (references.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('orders')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('reference', 'in', [...new Set(references)])
    .execute();
}

/** The lines of these orders of the organization. */
export function findLinesOfOrders(
  db: Kysely<DB>,
  orgId: number,
  orderIds: readonly number[],
): Promise<Row<'order_lines'>[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('order_id', 'in', orderIds)
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

// --- delivery facts (refreshOrderFacts) ---
//
// These look rows up by key alone and check the organization on the rows they read. SQLite
// without statistics (no ANALYZE runs on a new database) plans `org_id = ? and id in (…)` as a
// walk of an (org_id, …) index over all of the organization's rows, on every call: every
// shipment write and every batch of the demo seed. By primary key (orders) and by the order_id
// index (shipments) each dialect reads only the rows asked for. An order never changes
// organization, so the update may go by the ids the read found to be the organization's.

/** The organization's reporting time zone (delivery days are counted in it). */
export async function reportingZoneOf(db: Kysely<DB>, orgId: number): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select('reporting_timezone')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row?.reporting_timezone ?? 'UTC';
}

/** Of these orders, the organization's: what their delivery facts derive from, and the stored facts. */
export async function findOrderFactInputs(db: Kysely<DB>, orgId: number, ids: readonly number[]) {
  const rows = await db
    .selectFrom('orders')
    .select([
      'id',
      'org_id',
      'status',
      'order_date',
      'requested_date',
      'promised_date',
      'delivered_day',
      'on_time',
      'lead_time_days',
    ])
    .where('id', 'in', ids)
    .execute();
  return rows.filter((row) => Number(row.org_id) === orgId);
}

/** The delivery columns of the organization's shipments of these orders (index on order_id, 0001). */
export async function findOrderShipments(db: Kysely<DB>, orgId: number, orderIds: readonly number[]) {
  const rows = await db
    .selectFrom('shipments')
    .select(['org_id', 'order_id', 'status', 'archived_at', 'actual_delivery_at', 'destination_timezone'])
    .where('order_id', 'in', orderIds)
    .execute();
  return rows.filter((row) => Number(row.org_id) === orgId);
}

/**
 * Sets the same delivery facts on several orders, which must be ones findOrderFactInputs
 * returned for the organization, in one statement. updated_at stays: the facts are derived, not
 * an edit of the order, and the API does not show them.
 */
export async function setOrderFacts(
  db: Kysely<DB>,
  ownIds: readonly number[],
  facts: Pick<RowUpdate<'orders'>, 'delivered_day' | 'on_time' | 'lead_time_days'>,
): Promise<void> {
  await db.updateTable('orders').set(facts).where('id', 'in', ownIds).execute();
}

/**
 * Up to `limit` of the organization's order ids after `after`, ascending (the backfill's pages),
 * and the last id looked at: the pages walk the primary key, `scan` ids at a time, so a page
 * costs the same however many orders the organization has.
 */
export async function orderIdsAfter(db: Kysely<DB>, orgId: number, after: number, scan: number) {
  const rows = await db
    .selectFrom('orders')
    .select(['id', 'org_id'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(scan)
    .execute();
  return {
    ids: rows.filter((r) => Number(r.org_id) === orgId).map((r) => Number(r.id)),
    last: rows.length === 0 ? null : Number(rows[rows.length - 1]?.id),
  };
}

/** How many orders the organization has. */
export async function countOrders(db: Kysely<DB>, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
