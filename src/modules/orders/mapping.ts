import { type OrderStatus, type Row, toDate } from '../../db/types.js';
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
    archivedAt: toDate(row.archived_at)?.toISOString() ?? null,
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
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
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

/** A stored order with its lines in API shape. */
export function orderToApi(row: Row<'orders'>, lines: readonly Row<'order_lines'>[]): OrderApi {
  return { ...orderSummaryToApi(row), lines: lines.map((line) => lineToApi(line, row.currency)) };
}

/** Header fields → columns for create and patch alike: absent stays, null clears. */
export function orderColumns(input: OrderCreate | OrderPatch) {
  const c: {
    reference?: string;
    customer_id?: number | null;
    ship_from_facility_id?: number | null;
    status?: OrderStatus;
    order_date?: string;
    requested_date?: string | null;
    promised_date?: string | null;
  } = {};
  if (input.reference !== undefined) c.reference = input.reference;
  if (input.customerId !== undefined) c.customer_id = input.customerId;
  if (input.shipFromFacilityId !== undefined) c.ship_from_facility_id = input.shipFromFacilityId;
  if (input.status !== undefined) c.status = input.status;
  if (input.orderDate !== undefined) c.order_date = input.orderDate;
  if (input.requestedDate !== undefined) c.requested_date = input.requestedDate;
  if (input.promisedDate !== undefined) c.promised_date = input.promisedDate;
  return c;
}

/** Line fields → columns (the price's currency lives on the order). */
export function lineColumns(input: OrderLinePatch) {
  const c: {
    product_id?: number;
    qty_ordered?: number;
    qty_shipped?: number;
    qty_delivered?: number;
    unit_price?: number | null;
  } = {};
  if (input.productId !== undefined) c.product_id = input.productId;
  if (input.qtyOrdered !== undefined) c.qty_ordered = input.qtyOrdered;
  if (input.qtyShipped !== undefined) c.qty_shipped = input.qtyShipped;
  if (input.qtyDelivered !== undefined) c.qty_delivered = input.qtyDelivered;
  if (input.unitPrice !== undefined) c.unit_price = input.unitPrice?.amount ?? null;
  return c;
}
