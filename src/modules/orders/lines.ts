import type { Kysely, Transaction } from 'kysely';
import { conflictOr, constraintViolation } from '../../db/errors.js';
import type { DB, Row } from '../../db/types.js';
import { AppError, rejectInvalid } from '../../lib/errors.js';
import { checkRules } from '../../lib/validity/index.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { deleteLine, findLines, findOrder, updateOrder } from './repository.js';
import { keepsALine } from './rules.js';
import type { OrderLinePatch, OrderLinePut } from './schema.js';
import { getOrder, orderNotFound, writtenId } from './service.js';
import { writeOrder } from './write.js';

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
  let created = false;
  try {
    await db.transaction().execute(async (trx) => {
      const loaded = await load(trx, caller.orgId, orderId);
      created = !loaded.lines.some((l) => l.line_no === lineNo);
      // PUT replaces the whole line: what is left out takes its default.
      writtenId(
        await writeOrder(trx, caller, {
          current: loaded,
          header: {},
          lines: [{ lineNo, line: input, replace: true, path: '' }],
        }),
      );
    });
  } catch (error) {
    conflictOr(error, concurrentLine);
  }
  return { created, order: await getOrder(db, caller.orgId, orderId) };
}

/** Changes some fields of line `lineNo` of an order. Answers the whole order. */
export async function patchLine(
  db: Kysely<DB>,
  caller: Caller,
  orderId: number,
  lineNo: number,
  input: OrderLinePatch,
) {
  await db.transaction().execute(async (trx) => {
    const loaded = await load(trx, caller.orgId, orderId);
    if (!loaded.lines.some((l) => l.line_no === lineNo)) throw lineNotFound(orderId, lineNo);
    writtenId(
      await writeOrder(trx, caller, {
        current: loaded,
        header: {},
        lines: [{ lineNo, line: input, replace: false, path: '' }],
      }),
    );
  });
  return getOrder(db, caller.orgId, orderId);
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
