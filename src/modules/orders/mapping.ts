import { presentColumns } from '../../db/rows.js';
import { type Row, toIsoString } from '../../db/types.js';
import type {
  OrderApi,
  OrderCreate,
  OrderLineApi,
  OrderLinePatch,
  OrderPatch,
  OrderSummaryApi,
} from './schema.js';

/** A stored order header in API shape (lists). */
export function orderSummaryToApi(row: Row<'orders'>): OrderSummaryApi {
  return {
    id: row.id,
    reference: row.reference,
    customerId: row.customer_id,
    shipFromFacilityId: row.ship_from_facility_id,
    status: row.status,
    orderDate: row.order_date,
    requestedDate: row.requested_date,
    promisedDate: row.promised_date,
    archivedAt: toIsoString(row.archived_at),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

/** A stored line in API shape; its price is in the order's currency. */
export function lineToApi(row: Row<'order_lines'>, currency: string | null): OrderLineApi {
  return {
    id: row.id,
    lineNo: row.line_no,
    productId: row.product_id,
    qtyOrdered: row.qty_ordered,
    qtyShipped: row.qty_shipped,
    qtyDelivered: row.qty_delivered,
    // A price without a known currency is not money: it is not shown rather than guessed.
    unitPrice: row.unit_price === null || currency === null ? null : { amount: row.unit_price, currency },
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

/** A stored order with its lines in API shape. */
export function orderToApi(row: Row<'orders'>, lines: readonly Row<'order_lines'>[]): OrderApi {
  return { ...orderSummaryToApi(row), lines: lines.map((line) => lineToApi(line, row.currency)) };
}

/** Header fields → columns for create and patch alike: absent stays, null clears. */
export function orderColumns(input: OrderCreate | OrderPatch) {
  return presentColumns({
    reference: input.reference,
    customer_id: input.customerId,
    ship_from_facility_id: input.shipFromFacilityId,
    status: input.status,
    order_date: input.orderDate,
    requested_date: input.requestedDate,
    promised_date: input.promisedDate,
  });
}

/** Line fields → columns (the price's currency lives on the order). */
export function lineColumns(input: OrderLinePatch) {
  return presentColumns({
    product_id: input.productId,
    qty_ordered: input.qtyOrdered,
    qty_shipped: input.qtyShipped,
    qty_delivered: input.qtyDelivered,
    unit_price: input.unitPrice === undefined ? undefined : (input.unitPrice?.amount ?? null),
  });
}
