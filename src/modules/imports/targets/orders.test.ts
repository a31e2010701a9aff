import { describe, expect, it } from 'vitest';
import { ordersTarget } from './orders.js';

const context = { source: 'sap', currency: 'EUR' };
const ids: Record<string, number> = { customer: 7, 'line.product': 12 };
const idOf = (field: string) => ids[field] ?? null;

describe('the orders import target', () => {
  it('makes one record an order header and one of its lines, ids from lookups, prices in the reporting currency', () => {
    const out = ordersTarget.toItem(
      {
        reference: 'SO-1',
        customer: 'ACME',
        orderDate: '2026-03-02',
        promisedDate: null,
        'line.lineNo': 2,
        'line.product': 'SKU-1',
        'line.qtyOrdered': 40,
        'line.unitPrice.amount': 18.123456,
      },
      idOf,
      context,
    );
    expect(out).toEqual({
      item: {
        header: { reference: 'SO-1', customerId: 7, orderDate: '2026-03-02' },
        line: { lineNo: 2, productId: 12, qtyOrdered: 40, unitPrice: { amount: 18.1235, currency: 'EUR' } },
      },
    });
  });

  it('reports refusals by the record field they came from', () => {
    const out = ordersTarget.toItem(
      { reference: 'SO-1', orderDate: '2026-03-02', 'line.product': 'nope', 'line.qtyOrdered': 0 },
      () => null,
      context,
    );
    expect('reasons' in out && out.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['line.product', 'schema'],
      ['line.qtyOrdered', 'schema'],
    ]);
    const noLine = ordersTarget.toItem(
      { reference: 'SO-1', orderDate: '2026-03-02', 'line.product': 'x', 'line.qtyOrdered': 1 },
      idOf,
      context,
    );
    expect('reasons' in noLine && noLine.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['line.lineNo', 'required'],
    ]);
  });

  it('keys a record by its order reference and line number', () => {
    expect(ordersTarget.keyOf({ reference: 'SO-1', 'line.lineNo': 3 }, context)).toBe('SO-1\u00003');
    expect(ordersTarget.keyOf({ reference: 'SO-1' }, context)).toBeNull();
  });
});
