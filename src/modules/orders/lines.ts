import type { Kysely, Transaction } from 'kysely';
import { conflictOr, constraintViolation } from '../../db/errors.js';
import { missingReferences } from '../../db/references.js';
import type { DB, Row } from '../../db/types.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { checkRules } from '../../lib/validity/index.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { lineColumns } from './mapping.js';
import { deleteLine, findLines, findOrder, insertLines, updateLine, updateOrder } from './repository.js';
import { keepsALine } from './rules.js';
import type { OrderLinePatch, OrderLinePut } from './schema.js';
import { getOrder, orderNotFound } from './service.js';

/**
 * Use cases of single order lines, addressed by their line number: PUT replaces or creates a
 * line, PATCH changes some of its fields, DELETE removes it. Each runs in one transaction with
 * the order, whose updated_at moves with every line change.
 */

const lineNotFound = (orderId: number, lineNo: number) =>
  new AppError('RESOURCE_NOT_FOUND', `Order ${orderId} has no line ${lineNo}.`);
const concurrentLine = 'Another request created this line at the same time; retry.';

interface Loaded {
  readonly order: Row<'orders'>;
  readonly lines: Row<'order_lines'>[];
}

async function load(trx: Transaction<DB>, orgId: number, orderId: number): Promise<Loaded> {
  const order = await findOrder(trx, orgId, orderId);
  if (!order) throw orderNotFound(orderId);
  return { order, lines: await findLines(trx, orgId, orderId) };
}

/**
 * Checks a line write: its product must be the organization's, and a price must be in the
 * currency of the order's other priced lines. Returns the order's currency after the write.
 */
async function checkLine(
  trx: Transaction<DB>,
  orgId: number,
  { order, lines }: Loaded,
  lineNo: number,
  input: OrderLinePatch,
): Promise<string | null> {
  const errors: FieldError[] = await missingReferences(trx, orgId, [
    { path: 'productId', table: 'products', id: input.productId },
  ]);
  const otherPriced = lines.some((l) => l.line_no !== lineNo && l.unit_price !== null);
  const wanted = input.unitPrice?.currency;
  if (wanted && otherPriced && order.currency !== null && wanted !== order.currency)
    errors.push({
      path: 'unitPrice.currency',
      message: `must be ${order.currency}: the order's other lines are priced in it`,
    });
  rejectInvalid(errors);
  return wanted ?? order.currency;
}

/**
 * Stamps the order (and records its price currency) after one of its lines changed, and counts
 * the write in the organization's data version (lines hold what OTIF and fill rate read).
 */
async function touchOrder(trx: Transaction<DB>, order: Row<'orders'>, currency: string | null) {
  await updateOrder(trx, order.org_id, order.id, currency === order.currency ? {} : { currency });
  await bumpDataVersion(trx, order.org_id);
}

/** Creates or replaces line `lineNo` of an order; `created` tells which. Answers the whole order. */
export async function putLine(
  db: Kysely<DB>,
  caller: Caller,
  orderId: number,
  lineNo: number,
  input: OrderLinePut,
) {
  const { orgId } = caller;
  let created = false;
  try {
    await db.transaction().execute(async (trx) => {
      const loaded = await load(trx, orgId, orderId);
      const currency = await checkLine(trx, orgId, loaded, lineNo, input);
      const values = {
        product_id: input.productId,
        qty_ordered: input.qtyOrdered,
        // PUT replaces the whole line: what is left out takes its default.
        qty_shipped: input.qtyShipped ?? 0,
        qty_delivered: input.qtyDelivered ?? 0,
        unit_price: input.unitPrice?.amount ?? null,
      };
      if (loaded.lines.some((l) => l.line_no === lineNo)) {
        await updateLine(trx, orgId, orderId, lineNo, values);
      } else {
        const now = new Date();
        await insertLines(trx, [
          { ...values, org_id: orgId, order_id: orderId, line_no: lineNo, created_at: now, updated_at: now },
        ]);
        created = true;
      }
      await touchOrder(trx, loaded.order, currency);
    });
  } catch (error) {
    conflictOr(error, concurrentLine);
  }
  return { created, order: await getOrder(db, orgId, orderId) };
}

/** Changes some fields of line `lineNo` of an order. Answers the whole order. */
export async function patchLine(
  db: Kysely<DB>,
  caller: Caller,
  orderId: number,
  lineNo: number,
  input: OrderLinePatch,
) {
  const { orgId } = caller;
  await db.transaction().execute(async (trx) => {
    const loaded = await load(trx, orgId, orderId);
    if (!loaded.lines.some((l) => l.line_no === lineNo)) throw lineNotFound(orderId, lineNo);
    const currency = await checkLine(trx, orgId, loaded, lineNo, input);
    const changes = lineColumns(input);
    if (Object.keys(changes).length > 0) {
      await updateLine(trx, orgId, orderId, lineNo, changes);
      await touchOrder(trx, loaded.order, currency);
    }
  });
  return getOrder(db, orgId, orderId);
}

/**
 * Removes line `lineNo` of an order; its last line stays (422: an order keeps a line — archive
 * the order instead). A line that inventory movements refer to stays: 409, since the ledger is
 * append-only; set its quantities instead.
 */
export async function removeLine(db: Kysely<DB>, caller: Caller, orderId: number, lineNo: number) {
  const { orgId } = caller;
  try {
    await db.transaction().execute(async (trx) => {
      const loaded = await load(trx, orgId, orderId);
      if (!loaded.lines.some((l) => l.line_no === lineNo)) throw lineNotFound(orderId, lineNo);
      rejectInvalid(
        checkRules([keepsALine], { lineCount: loaded.lines.length - 1 }, { now: Date.now() }),
        '',
      );
      await deleteLine(trx, orgId, orderId, lineNo);
      await touchOrder(trx, loaded.order, loaded.order.currency);
    });
  } catch (error) {
    if (constraintViolation(error) === 'foreign_key') {
      throw new AppError(
        'RESOURCE_CONFLICT',
        `Inventory movements refer to line ${lineNo}; the ledger keeps it. Set its quantities instead.`,
      );
    }
    throw error;
  }
  return getOrder(db, orgId, orderId);
}
