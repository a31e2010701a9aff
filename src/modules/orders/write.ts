import type { Kysely } from 'kysely';
import { missingReferences, type Reference } from '../../db/references.js';
import type { DB, NewRow, Row, RowUpdate } from '../../db/types.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { lineColumns, orderColumns } from './mapping.js';
import { refreshOrderFacts } from './refresh.js';
import {
  findLinesOfOrders,
  findOrdersByReferences,
  insertLines,
  insertOrder,
  updateLine,
  updateOrder,
} from './repository.js';
import { orderProblems } from './rules.js';
import type { OrderLinePatch, OrderPatch } from './schema.js';

/**
 * The one write path of orders and their lines: POST /orders, PATCH /orders/:id, PUT and PATCH
 * of a line, and the importer's merge all describe their change as an OrderWrite. Every check
 * runs on the order as it will be stored, before anything is written, so a refusal writes
 * nothing and leaves the caller's transaction usable (the importer's other orders stand).
 */

/** One line a write sets: by its number; `replace` (PUT) gives absent fields their defaults, else absent keeps. */
export interface LineWrite {
  readonly lineNo: number;
  readonly line: OrderLinePatch;
  readonly replace: boolean;
  /** Prefix of the line's error paths: `lines.3`, or '' when the request is the line. */
  readonly path: string;
}

export interface OrderWrite {
  /** The stored order and its lines, or undefined to create one from `header`. */
  readonly current?: { readonly order: Row<'orders'>; readonly lines: readonly Row<'order_lines'>[] };
  readonly header: OrderPatch;
  readonly lines: readonly LineWrite[];
}

export type LineResult = 'inserted' | 'updated' | 'unchanged';

export type OrderWriteResult =
  | {
      readonly result: 'inserted' | 'updated' | 'unchanged';
      readonly id: number;
      /** What happened to each written line, by line number. */
      readonly lines: ReadonlyMap<number, LineResult>;
      /** Whether the header's columns changed (an inserted order: true). */
      readonly headerChanged: boolean;
    }
  | { readonly result: 'refused'; readonly reasons: FieldError[] };

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

type LineValues = Omit<
  NewRow<'order_lines'>,
  'org_id' | 'order_id' | 'line_no' | 'created_at' | 'updated_at'
>;

/** The line's columns after the write, or null when a new line lacks what a line needs. */
function lineAfter(stored: Row<'order_lines'> | undefined, w: LineWrite): LineValues | null {
  const given = lineColumns(w.line);
  const base: Partial<LineValues> =
    stored && !w.replace
      ? {
          product_id: stored.product_id,
          qty_ordered: stored.qty_ordered,
          qty_shipped: stored.qty_shipped,
          qty_delivered: stored.qty_delivered,
          unit_price: stored.unit_price,
        }
      : { qty_shipped: 0, qty_delivered: 0, unit_price: null };
  const merged = { ...base, ...given };
  if (merged.product_id === undefined || merged.qty_ordered === undefined) return null;
  return merged as LineValues;
}

function lineChanges(stored: Row<'order_lines'>, next: LineValues): RowUpdate<'order_lines'> {
  const changes: RowUpdate<'order_lines'> = {};
  if (stored.product_id !== next.product_id) changes.product_id = next.product_id;
  if (stored.qty_ordered !== next.qty_ordered) changes.qty_ordered = next.qty_ordered;
  if (Number(stored.qty_shipped) !== Number(next.qty_shipped)) changes.qty_shipped = next.qty_shipped;
  if (Number(stored.qty_delivered) !== Number(next.qty_delivered)) changes.qty_delivered = next.qty_delivered;
  const price = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  if (price(stored.unit_price) !== price(next.unit_price)) changes.unit_price = next.unit_price ?? null;
  return changes;
}

/**
 * The one currency of the order's prices after the write, or errors on the written lines whose
 * price is in another: a stored price the write keeps sets it, else the first written price.
 */
function currencyAfter(w: OrderWrite): { currency: string | null; errors: FieldError[] } {
  const written = new Set(w.lines.map((l) => l.lineNo));
  const storedPriced = (w.current?.lines ?? []).some(
    (l) =>
      l.unit_price !== null &&
      (!written.has(l.line_no) ||
        w.lines.some((x) => x.lineNo === l.line_no && !x.replace && x.line.unitPrice === undefined)),
  );
  const stored = storedPriced ? (w.current?.order.currency ?? null) : null;
  const currency = stored ?? w.lines.find((l) => l.line.unitPrice)?.line.unitPrice?.currency ?? null;
  const errors = w.lines.flatMap((l) =>
    l.line.unitPrice && currency !== null && l.line.unitPrice.currency !== currency
      ? [
          {
            path: at(l.path, 'unitPrice.currency'),
            message:
              stored !== null
                ? `must be ${currency}: the order's other lines are priced in it`
                : `must be ${currency}: an order's prices share one currency`,
          },
        ]
      : [],
  );
  return { currency: currency ?? w.current?.order.currency ?? null, errors };
}

/** Writes one order (and the lines it names) in the caller's transaction; a refusal writes nothing. */
export async function writeOrder(trx: Kysely<DB>, caller: Caller, w: OrderWrite): Promise<OrderWriteResult> {
  if (!caller.has('orders:write')) {
    throw new AppError('AUTH_FORBIDDEN', 'Writing orders needs the orders:write permission.');
  }
  const { orgId } = caller;
  const current = w.current;
  const storedLines = new Map((current?.lines ?? []).map((l) => [l.line_no, l]));
  const header = orderColumns(w.header);
  const errors: FieldError[] = await missingReferences(trx, orgId, [
    { path: 'customerId', table: 'customers', id: w.header.customerId },
    { path: 'shipFromFacilityId', table: 'facilities', id: w.header.shipFromFacilityId },
    ...w.lines.map(
      (l): Reference => ({ path: at(l.path, 'productId'), table: 'products', id: l.line.productId }),
    ),
  ]);
  const priced = currencyAfter(w);
  errors.push(...priced.errors);
  const merged = { requested_date: null, promised_date: null, ...current?.order, ...header };
  if (merged.order_date === undefined) errors.push({ path: 'orderDate', message: 'is required' });
  else errors.push(...orderProblems(merged as Parameters<typeof orderProblems>[0]));
  const next = new Map<number, LineValues>();
  const firstOf = new Map<number, LineWrite>();
  for (const l of w.lines) {
    const first = firstOf.get(l.lineNo);
    if (first) {
      errors.push({ path: at(l.path, 'lineNo'), message: `repeats the number ${l.lineNo} of ${first.path}` });
      continue;
    }
    firstOf.set(l.lineNo, l);
    const values = lineAfter(storedLines.get(l.lineNo), l);
    if (values) next.set(l.lineNo, values);
    else
      errors.push({
        path: at(l.path, 'qtyOrdered'),
        message: `line ${l.lineNo} is new: it needs productId and qtyOrdered`,
      });
  }
  if (errors.length > 0) return { result: 'refused', reasons: errors };

  const now = new Date();
  const results = new Map<number, LineResult>();
  const newLines = (orderId: number) =>
    [...next]
      .filter(([lineNo]) => !storedLines.has(lineNo))
      .map(([lineNo, values]): NewRow<'order_lines'> => {
        results.set(lineNo, 'inserted');
        return {
          ...values,
          org_id: orgId,
          order_id: orderId,
          line_no: lineNo,
          created_at: now,
          updated_at: now,
        };
      });
  if (!current) {
    const id = await insertOrder(trx, {
      org_id: orgId,
      customer_id: null,
      ship_from_facility_id: null,
      requested_date: null,
      promised_date: null,
      status: 'open',
      ...header,
      reference: w.header.reference as string,
      order_date: w.header.orderDate as string,
      currency: priced.currency,
      created_at: now,
      updated_at: now,
    });
    await insertLines(trx, newLines(id));
    // No shipment can refer to a new order yet: its delivery facts are null, as inserted.
    await bumpDataVersion(trx, orgId);
    return { result: 'inserted', id, lines: results, headerChanged: true };
  }

  const { order } = current;
  const headerChanges = Object.fromEntries(
    Object.entries(header).filter(([column, value]) => order[column as keyof typeof order] !== value),
  ) as RowUpdate<'orders'>;
  if (priced.currency !== order.currency) headerChanges.currency = priced.currency;
  const inserts = newLines(order.id);
  let linesChanged = inserts.length > 0;
  for (const [lineNo, values] of next) {
    const stored = storedLines.get(lineNo);
    if (!stored) continue;
    const changes = lineChanges(stored, values);
    if (Object.keys(changes).length === 0) {
      results.set(lineNo, 'unchanged');
      continue;
    }
    await updateLine(trx, orgId, order.id, lineNo, changes);
    results.set(lineNo, 'updated');
    linesChanged = true;
  }
  if (Object.keys(headerChanges).length === 0 && !linesChanged) {
    return { result: 'unchanged', id: order.id, lines: results, headerChanged: false };
  }
  if (inserts.length > 0) await insertLines(trx, inserts);
  // The order is stamped with every change of its lines.
  await updateOrder(trx, orgId, order.id, headerChanges);
  // The due date and the status are what the delivery facts read of the order.
  const due =
    'status' in headerChanges || 'promised_date' in headerChanges || 'requested_date' in headerChanges;
  if (due) await refreshOrderFacts(trx, orgId, [order.id]);
  await bumpDataVersion(trx, orgId);
  return {
    result: 'updated',
    id: order.id,
    lines: results,
    headerChanged: Object.keys(headerChanges).length > 0,
  };
}

/** The organization's orders with these references and their lines, by reference (for the importer's merge). */
export async function findOrdersByReference(
  db: Kysely<DB>,
  orgId: number,
  references: readonly string[],
): Promise<Map<string, { order: Row<'orders'>; lines: Row<'order_lines'>[] }>> {
  const found = new Map<string, { order: Row<'orders'>; lines: Row<'order_lines'>[] }>();
  for (const order of await findOrdersByReferences(db, orgId, references)) {
    found.set(order.reference, { order, lines: [] });
  }
  const byId = new Map([...found.values()].map((o) => [o.order.id, o]));
  for (const line of await findLinesOfOrders(db, orgId, [...byId.keys()]))
    byId.get(line.order_id)?.lines.push(line);
  return found;
}
