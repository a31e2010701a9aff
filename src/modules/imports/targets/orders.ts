import type { FieldError } from '../../../lib/errors.js';
import {
  findOrdersByReference,
  type OrderCreate,
  type OrderLineCreate,
  type OrderPatch,
  orderCreate,
  orderStatuses,
  writeOrder,
} from '../../orders/index.js';
import type { TargetField } from '../mapping/fields.js';
import type { QuarantineReason } from '../mapping/schema.js';
import { getPath, parseItem, roundTo, setPath } from './items.js';
import type { ImportTarget, TargetOutcome } from './types.js';

/**
 * Orders, from files with one record per order LINE (the order's columns repeated on each): a
 * record is one line, keyed by (order reference, line number) — orders are unique per
 * organization by reference. write groups a batch's records by order and merges them into the
 * stored order through writeOrder: named lines are inserted or changed (fields the file leaves
 * out keep their stored values), lines it does not name stay. So an order whose lines span
 * batches (or files) grows batch by batch, and re-importing a file changes nothing. The header
 * is the merge of its records' headers (later records win). A line record's outcome names the
 * order's id: `inserted` for a new line, `updated` when the line or the order's header changed.
 */

export interface OrderLineItem {
  readonly header: OrderPatch & { readonly reference: string; readonly orderDate: string };
  readonly line: OrderLineCreate & { readonly lineNo: number };
}

const fields: readonly TargetField[] = [
  {
    name: 'reference',
    type: 'text',
    required: true,
    description: 'Your order number, unique per organization: re-importing it updates the order',
    synonyms: [
      'reference',
      'order',
      'order id',
      'order number',
      'order no',
      'so number',
      'po number',
      'order ref',
    ],
  },
  {
    name: 'customer',
    type: 'reference',
    lookup: 'customers',
    description: 'The customer who ordered',
    synonyms: ['customer', 'customer name', 'client', 'customer id', 'sold to', 'ship to name'],
  },
  {
    name: 'shipFromFacility',
    type: 'reference',
    lookup: 'facilities',
    description: 'The facility the order ships from',
    synonyms: ['ship from', 'warehouse', 'facility', 'plant', 'dc', 'ship from facility'],
  },
  {
    name: 'status',
    type: 'enum',
    values: orderStatuses,
    description: `Status: ${orderStatuses.join(', ')} (default open)`,
    synonyms: ['status', 'order status'],
  },
  {
    name: 'orderDate',
    type: 'day',
    required: true,
    description: 'Day the order was placed',
    synonyms: ['order date', 'ordered', 'date', 'created date', 'po date'],
  },
  {
    name: 'requestedDate',
    type: 'day',
    description: 'Day the customer asked for',
    synonyms: ['requested date', 'requested delivery date', 'need by date', 'required date'],
  },
  {
    name: 'promisedDate',
    type: 'day',
    description: 'Day promised to the customer',
    synonyms: ['promised date', 'promise date', 'confirmed date', 'committed date'],
  },
  {
    name: 'line.lineNo',
    type: 'integer',
    required: true,
    description: "The line's number within its order: re-importing it updates the line",
    synonyms: ['line', 'line no', 'line number', 'item no', 'position', 'line item'],
  },
  {
    name: 'line.product',
    type: 'reference',
    lookup: 'products',
    required: true,
    description: 'The product ordered, by SKU or name',
    synonyms: ['product', 'sku', 'item', 'material', 'product code', 'part number', 'article'],
  },
  {
    name: 'line.qtyOrdered',
    type: 'integer',
    required: true,
    description: 'Units ordered (at least 1)',
    synonyms: ['quantity', 'qty', 'qty ordered', 'ordered quantity', 'order quantity', 'units'],
  },
  {
    name: 'line.qtyShipped',
    type: 'integer',
    description: 'Units shipped',
    synonyms: ['qty shipped', 'shipped quantity', 'shipped'],
  },
  {
    name: 'line.qtyDelivered',
    type: 'integer',
    description: 'Units delivered',
    synonyms: ['qty delivered', 'delivered quantity', 'delivered'],
  },
  {
    name: 'line.unitPrice.amount',
    type: 'number',
    description: 'Price of one unit',
    synonyms: ['unit price', 'price', 'price per unit'],
  },
  {
    name: 'line.unitPrice.currency',
    type: 'currency',
    description: "Currency of the price (default: the reporting currency); an order's prices share one",
    synonyms: ['currency', 'price currency'],
  },
];

// Reference fields and the API field their id goes to.
const idFields: Readonly<Record<string, string>> = {
  customer: 'customerId',
  shipFromFacility: 'shipFromFacilityId',
  'line.product': 'lines.0.productId',
};
/** An API path of OrderCreate (`lines.0.productId`) → the record field it came from (`line.product`). */
function fieldOf(path: string): string {
  const api = path.replace(/^lines\.\d+(\.|$)/, 'lines.0$1');
  const reference = Object.entries(idFields).find(([, id]) => id === api)?.[0];
  if (reference) return reference;
  return api.startsWith('lines.0.') ? `line.${api.slice('lines.0.'.length)}` : api;
}

function reasonsOf(errors: readonly FieldError[], rule: string, value: (path: string) => unknown) {
  return errors.map(
    (e): QuarantineReason => ({
      field: fieldOf(e.path),
      value: value(e.path),
      rule,
      message: `${fieldOf(e.path)}: ${e.message}`,
    }),
  );
}

export const ordersTarget: ImportTarget<OrderLineItem> = {
  name: 'orders',
  fields,
  keyOf(values) {
    const { reference } = values;
    const lineNo = values['line.lineNo'];
    return typeof reference === 'string' && reference !== '' && typeof lineNo === 'number'
      ? `${reference}\u0000${lineNo}`
      : null;
  },
  toItem(values, idOf, context) {
    const item: Record<string, unknown> = { lines: [{}] };
    for (const [field, value] of Object.entries(values)) {
      if (value === null || value === undefined) continue;
      const idField = idFields[field];
      if (idField) setPath(item, idField, idOf(field));
      else if (field.startsWith('line.')) {
        const place = field === 'line.unitPrice.amount' ? 4 : undefined;
        setPath(
          item,
          `lines.0.${field.slice(5)}`,
          place && typeof value === 'number' ? roundTo(value, place) : value,
        );
      } else setPath(item, field, value);
    }
    const line = (item.lines as Record<string, unknown>[])[0] as Record<string, unknown>;
    const price = line.unitPrice as Record<string, unknown> | undefined;
    if (price?.amount === undefined) delete line.unitPrice;
    else if (price.currency === undefined) price.currency = context.currency;
    const parsed = parseItem(orderCreate, item, (path) => getPath(item, path));
    if ('reasons' in parsed) {
      return {
        reasons: parsed.reasons.map((r) => ({
          ...r,
          field: fieldOf(r.field),
          message: r.message.replace(r.field, fieldOf(r.field)),
        })),
      };
    }
    const { lines, ...header }: OrderCreate = parsed.item;
    const first = lines[0] as OrderLineCreate;
    if (first.lineNo === undefined) {
      return {
        reasons: [
          { field: 'line.lineNo', rule: 'required', message: 'line.lineNo: the line number is required' },
        ],
      };
    }
    return { item: { header, line: { ...first, lineNo: first.lineNo } } };
  },
  async write(trx, caller, items) {
    const outcomes: TargetOutcome[] = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((item, index) => {
      const group = groups.get(item.header.reference);
      if (group) group.push(index);
      else groups.set(item.header.reference, [index]);
    });
    const stored = await findOrdersByReference(trx, caller.orgId, [...groups.keys()]);
    for (const [reference, indexes] of groups) {
      // A line twice in one batch: the first stands, the repeat is refused.
      const firstOf = new Map<number, number>();
      let lines = indexes.filter((index) => {
        const lineNo = (items[index] as OrderLineItem).line.lineNo;
        const first = firstOf.get(lineNo);
        if (first === undefined) {
          firstOf.set(lineNo, index);
          return true;
        }
        outcomes[index] = {
          result: 'refused',
          reasons: [
            {
              field: 'line.lineNo',
              value: lineNo,
              rule: 'duplicate',
              message: `line.lineNo: line ${lineNo} of order ${reference} repeats an earlier record of this batch`,
            },
          ],
        };
        return false;
      });
      // A line the order's rules refuse is left out and the order written without it, once.
      for (let attempt = 0; lines.length > 0; attempt++) {
        const group = lines.map((index) => items[index] as OrderLineItem);
        const outcome = await writeOrder(trx, caller, {
          current: stored.get(reference),
          header: Object.assign({}, ...group.map((g) => g.header)),
          lines: group.map((g, k) => ({
            lineNo: g.line.lineNo,
            line: g.line,
            replace: false,
            path: `lines.${k}`,
          })),
        });
        if (outcome.result !== 'refused') {
          lines.forEach((index, k) => {
            const line = outcome.lines.get((group[k] as OrderLineItem).line.lineNo) ?? 'unchanged';
            outcomes[index] = {
              result: line === 'unchanged' && outcome.headerChanged ? 'updated' : line,
              id: outcome.id,
            };
          });
          break;
        }
        const lineOf = (path: string) => Number(/^lines\.(\d+)(\.|$)/.exec(path)?.[1] ?? Number.NaN);
        const headerReasons = outcome.reasons.filter((r) => Number.isNaN(lineOf(r.path)));
        lines.forEach((index, k) => {
          const own = outcome.reasons.filter((r) => lineOf(r.path) === k);
          if (own.length > 0 || headerReasons.length > 0 || attempt > 0) {
            const item = items[index] as OrderLineItem;
            const value = (path: string) =>
              getPath({ ...item.header, lines: [item.line] }, path.replace(/^lines\.\d+/, 'lines.0'));
            outcomes[index] = {
              result: 'refused',
              reasons: reasonsOf(
                own.length + headerReasons.length > 0 ? [...headerReasons, ...own] : outcome.reasons,
                'write',
                value,
              ),
            };
          }
        });
        if (headerReasons.length > 0 || attempt > 0) break;
        lines = lines.filter((_, k) => !outcome.reasons.some((r) => lineOf(r.path) === k));
      }
    }
    return outcomes;
  },
};
