import type { FieldError } from '../../lib/errors.js';
import { checkRules, type Rule } from '../../lib/validity/index.js';

/**
 * Consistency rules of an order (ADR 0010), pure functions over its values as they will be stored
 * (the stored header merged with a patch), shared by every write path. Single-field rules (a line
 * orders at least one unit, days in the plausible window) live in the schema.
 */

/** The header fields the rules read ('YYYY-MM-DD' days). */
export interface OrderFacts {
  readonly order_date: string;
  readonly requested_date: string | null;
  readonly promised_date: string | null;
}

function notBeforeOrder(path: string, value: string | null, orderDate: string): FieldError[] {
  // ISO days compare as text.
  return value !== null && value < orderDate
    ? [{ path, message: `is before the order date ${orderDate}` }]
    : [];
}

/** The header rules; each quarantines the order on import (the file's other orders stand). */
export const orderRules: readonly Rule<OrderFacts>[] = [
  {
    name: 'dates-not-before-order-date',
    onImport: 'quarantine-row',
    check: (o) => [
      ...notBeforeOrder('requestedDate', o.requested_date, o.order_date),
      ...notBeforeOrder('promisedDate', o.promised_date, o.order_date),
    ],
  },
];

/** What cannot be true of an order header as it will be stored (empty: it may be stored). */
export function orderProblems(o: OrderFacts, now: number = Date.now()): FieldError[] {
  return checkRules(orderRules, o, { now });
}

/**
 * An order always has a line: one without lines orders nothing. Checked on the lines the order
 * keeps after a write (create, deleting a line); on import the order is quarantined.
 */
export const keepsALine: Rule<{ readonly lineCount: number }> = {
  name: 'order-keeps-a-line',
  onImport: 'quarantine-row',
  check: ({ lineCount }) =>
    lineCount > 0 ? [] : [{ path: 'lines', message: 'an order keeps at least one line' }],
};
