import type { Kysely } from 'kysely';
import { conflictOr } from '../../db/errors.js';
import { listAnswer } from '../../db/keyset.js';
import { missingReferences, type Reference } from '../../db/references.js';
import type { DB, NewRow } from '../../db/types.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { orderColumns, orderSummaryToApi, orderToApi } from './mapping.js';
import { refreshOrderFacts } from './refresh.js';
import { filteredOrders, findLines, findOrder, insertLines, insertOrder, updateOrder } from './repository.js';
import { orderProblems } from './rules.js';
import {
  type OrderCreate,
  type OrderLineCreate,
  type OrderListQuery,
  type OrderPatch,
  orderSorts,
} from './schema.js';

const MAX_LINE_NO = 100_000;
const duplicateReference = 'Another order already has this reference; update that order instead.';

/** 404 for an order that does not exist or belongs to another organization. */
export const orderNotFound = (id: number) => new AppError('RESOURCE_NOT_FOUND', `No order with id ${id}.`);

/** A page of the organization's orders (headers, without lines) in API shape. */
export function listOrders(db: Kysely<DB>, orgId: number, q: OrderListQuery) {
  return listAnswer(filteredOrders(db, orgId, q), q, orderSorts, orderSummaryToApi);
}

/** One order with its lines, or 404. */
export async function getOrder(db: Kysely<DB>, orgId: number, id: number) {
  const row = await findOrder(db, orgId, id);
  if (!row) throw orderNotFound(id);
  return orderToApi(row, await findLines(db, orgId, id));
}

/**
 * Line numbers of a new order: given ones are kept; missing ones take the next numbers after the
 * largest given (1, 2, … when none is given), in array order. Repeats are errors.
 */
function lineNumbers(lines: readonly OrderLineCreate[]): { numbers: number[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const seen = new Map<number, number>();
  let next = Math.max(0, ...lines.map((l) => l.lineNo ?? 0)) + 1;
  const numbers = lines.map((line, index) => {
    const lineNo = line.lineNo ?? next++;
    const first = seen.get(lineNo);
    if (first !== undefined)
      errors.push({ path: `lines.${index}.lineNo`, message: `repeats line ${first}'s number ${lineNo}` });
    else seen.set(lineNo, index);
    if (lineNo > MAX_LINE_NO)
      errors.push({ path: `lines.${index}.lineNo`, message: `no free line number up to ${MAX_LINE_NO}` });
    return lineNo;
  });
  return { numbers, errors };
}

/** The one currency of an order's priced lines, or errors on the lines that differ from the first. */
function priceCurrency(lines: readonly OrderLineCreate[]): { currency: string | null; errors: FieldError[] } {
  const currency = lines.find((l) => l.unitPrice)?.unitPrice?.currency ?? null;
  const errors = lines.flatMap((line, index) =>
    line.unitPrice && line.unitPrice.currency !== currency
      ? [
          {
            path: `lines.${index}.unitPrice.currency`,
            message: `must be ${currency}: an order's prices share one currency`,
          },
        ]
      : [],
  );
  return { currency, errors };
}

function headerReferences(input: OrderCreate | OrderPatch): Reference[] {
  return [
    { path: 'customerId', table: 'customers', id: input.customerId },
    { path: 'shipFromFacilityId', table: 'facilities', id: input.shipFromFacilityId },
  ];
}

/**
 * Creates an order with its lines in one transaction; 422 for references to rows the organization
 * does not have or disagreeing lines, 409 when the reference is taken.
 */
export async function createOrder(db: Kysely<DB>, caller: Caller, input: OrderCreate) {
  const { orgId } = caller;
  const numbered = lineNumbers(input.lines);
  const priced = priceCurrency(input.lines);
  const missing = await missingReferences(db, orgId, [
    ...headerReferences(input),
    ...input.lines.map(
      (line, index): Reference => ({
        path: `lines.${index}.productId`,
        table: 'products',
        id: line.productId,
      }),
    ),
  ]);
  rejectInvalid([
    ...missing,
    ...numbered.errors,
    ...priced.errors,
    ...orderProblems({
      order_date: input.orderDate,
      requested_date: input.requestedDate ?? null,
      promised_date: input.promisedDate ?? null,
    }),
  ]);

  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const now = new Date();
      const orderId = await insertOrder(trx, {
        org_id: orgId,
        customer_id: null,
        ship_from_facility_id: null,
        requested_date: null,
        promised_date: null,
        ...orderColumns(input),
        reference: input.reference,
        order_date: input.orderDate,
        status: input.status ?? 'open',
        currency: priced.currency,
        created_at: now,
        updated_at: now,
      });
      await insertLines(
        trx,
        input.lines.map(
          (line, index): NewRow<'order_lines'> => ({
            org_id: orgId,
            order_id: orderId,
            line_no: numbered.numbers[index] as number,
            product_id: line.productId,
            qty_ordered: line.qtyOrdered,
            qty_shipped: line.qtyShipped ?? 0,
            qty_delivered: line.qtyDelivered ?? 0,
            unit_price: line.unitPrice?.amount ?? null,
            created_at: now,
            updated_at: now,
          }),
        ),
      );
      // No shipment can refer to a new order yet: its delivery facts are null, as inserted.
      await bumpDataVersion(trx, orgId);
      return orderId;
    });
  } catch (error) {
    conflictOr(error, duplicateReference);
  }
  return getOrder(db, orgId, id);
}

/** Updates header fields (lines change through the line routes); 404, 409 and 422 as on create. */
export async function patchOrder(db: Kysely<DB>, caller: Caller, id: number, input: OrderPatch) {
  const { orgId } = caller;
  const current = await findOrder(db, orgId, id);
  if (!current) throw orderNotFound(id);
  const changes = orderColumns(input);
  rejectInvalid([
    ...(await missingReferences(db, orgId, headerReferences(input))),
    ...orderProblems({ ...current, ...changes }),
  ]);
  if (Object.keys(changes).length > 0) {
    try {
      await db.transaction().execute(async (trx) => {
        await updateOrder(trx, orgId, id, changes);
        // The due date and the status are what the delivery facts read of the order.
        const due = 'status' in changes || 'promised_date' in changes || 'requested_date' in changes;
        if (due) await refreshOrderFacts(trx, orgId, [id]);
        await bumpDataVersion(trx, orgId);
      });
    } catch (error) {
      conflictOr(error, duplicateReference);
    }
  }
  return getOrder(db, orgId, id);
}

/**
 * Archives an order: it leaves lists (unless includeArchived=true) while its lines, shipments and
 * inventory movements keep referring to it, so OTIF history stays whole. Archiving twice is harmless.
 */
export async function archiveOrder(db: Kysely<DB>, caller: Caller, id: number) {
  const { orgId } = caller;
  const current = await findOrder(db, orgId, id);
  if (!current) throw orderNotFound(id);
  if (current.archived_at === null) {
    await db.transaction().execute(async (trx) => {
      await updateOrder(trx, orgId, id, { archived_at: new Date() });
      await bumpDataVersion(trx, orgId);
    });
  }
  return getOrder(db, orgId, id);
}
