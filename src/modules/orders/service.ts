import type { Kysely } from 'kysely';
import { conflictOr } from '../../db/errors.js';
import { listAnswer } from '../../db/keyset.js';
import type { DB } from '../../db/types.js';
import { AppError, type FieldError, rejectInvalid } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { orderSummaryToApi, orderToApi } from './mapping.js';
import { filteredOrders, findLines, findOrder, updateOrder } from './repository.js';
import {
  type OrderCreate,
  type OrderLineCreate,
  type OrderListQuery,
  type OrderPatch,
  orderSorts,
} from './schema.js';
import { type OrderWriteResult, writeOrder } from './write.js';

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
 * largest given (1, 2, … when none is given), in array order. Repeats are the write's to report.
 */
function lineNumbers(lines: readonly OrderLineCreate[]): { numbers: number[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let next = Math.max(0, ...lines.map((l) => l.lineNo ?? 0)) + 1;
  const numbers = lines.map((line, index) => {
    const lineNo = line.lineNo ?? next++;
    if (lineNo > MAX_LINE_NO)
      errors.push({ path: `lines.${index}.lineNo`, message: `no free line number up to ${MAX_LINE_NO}` });
    return lineNo;
  });
  return { numbers, errors };
}

/** The id an order write answers, or the 422 its refusal is. */
export function writtenId(outcome: OrderWriteResult): number {
  if (outcome.result !== 'refused') return outcome.id;
  rejectInvalid(outcome.reasons);
  throw new Error('unreachable: a refusal without reasons');
}

/**
 * Creates an order with its lines in one transaction; 422 for references to rows the organization
 * does not have or disagreeing lines, 409 when the reference is taken.
 */
export async function createOrder(db: Kysely<DB>, caller: Caller, input: OrderCreate) {
  const numbered = lineNumbers(input.lines);
  const { lines, ...header } = input;
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const outcome = await writeOrder(trx, caller, {
        header,
        lines: lines.map((line, index) => ({
          lineNo: numbered.numbers[index] as number,
          line,
          replace: true,
          path: `lines.${index}`,
        })),
      });
      // Numbers past the limit are reported with the write's own refusals, all in one answer (the
      // throw rolls back what the write did).
      if (numbered.errors.length > 0) {
        rejectInvalid([...numbered.errors, ...(outcome.result === 'refused' ? outcome.reasons : [])]);
      }
      return writtenId(outcome);
    });
  } catch (error) {
    conflictOr(error, duplicateReference);
  }
  return getOrder(db, caller.orgId, id);
}

/** Updates header fields (lines change through the line routes); 404, 409 and 422 as on create. */
export async function patchOrder(db: Kysely<DB>, caller: Caller, id: number, input: OrderPatch) {
  const { orgId } = caller;
  try {
    await db.transaction().execute(async (trx) => {
      const order = await findOrder(trx, orgId, id);
      if (!order) throw orderNotFound(id);
      writtenId(await writeOrder(trx, caller, { current: { order, lines: [] }, header: input, lines: [] }));
    });
  } catch (error) {
    conflictOr(error, duplicateReference);
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
