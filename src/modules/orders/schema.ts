import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import type { OrderStatus } from '../../db/types.js';
import {
  currency,
  day,
  decimal,
  id,
  identifier,
  idInteger,
  instantOutput,
  integerParam,
  listQueryBase,
} from '../../lib/api-schemas.js';

/** The /api/v1 contract of orders and their lines. */

export const orderStatuses = [
  'open',
  'allocated',
  'shipped',
  'delivered',
  'cancelled',
] as const satisfies readonly OrderStatus[];

// Days in the plausible window every instant keeps (lib/validity, ADR 0010).
export const calendarDay = day.meta({ example: '2026-03-04' });
const reference = identifier(128).meta({
  description: 'Your order number, unique per organization',
  example: 'SO-10045',
});
const quantity = z.number().int().min(0).max(1_000_000_000);
// A line orders something: an order line for nothing cannot be true.
const orderedQuantity = z.number().int().min(1).max(1_000_000_000);
const unitPrice = z
  // numeric(14, 4): four decimals, kept alike by every database.
  .object({ amount: decimal(4).min(0).max(1e9), currency })
  .strict()
  .meta({ description: "Price of one unit; every priced line of an order shares the order's currency" });
const lineNo = z.number().int().min(1).max(100_000);

const lineFields = {
  productId: id,
  qtyOrdered: orderedQuantity.meta({ description: 'At least 1' }),
  qtyShipped: quantity
    .optional()
    .meta({ description: 'Defaults to 0; may exceed qtyOrdered (over-shipments happen)' }),
  qtyDelivered: quantity
    .optional()
    .meta({ description: 'Defaults to 0; partial and over-deliveries happen' }),
  unitPrice: unitPrice.nullable().optional(),
};

export const orderLineCreate = z
  .object({
    lineNo: lineNo
      .optional()
      .meta({ description: 'Defaults to the next free number after the largest given (1, 2, … when none)' }),
    ...lineFields,
  })
  .strict();
export type OrderLineCreate = z.infer<typeof orderLineCreate>;

/** PUT /orders/:id/lines/:lineNo: the whole line (its number is in the path). */
export const orderLinePut = z
  .object(lineFields)
  .strict()
  .meta({
    id: 'OrderLinePut',
    examples: [{ productId: 12, qtyOrdered: 40, unitPrice: { amount: 18.5, currency: 'USD' } }],
  });
export type OrderLinePut = z.infer<typeof orderLinePut>;

/** PATCH /orders/:id/lines/:lineNo: the fields to change. */
export const orderLinePatch = z
  .object(lineFields)
  .partial()
  .strict()
  .meta({ id: 'OrderLinePatch', examples: [{ qtyShipped: 40 }, { qtyDelivered: 38 }] });
export type OrderLinePatch = z.infer<typeof orderLinePatch>;

const headerFields = {
  reference,
  customerId: id.nullable().optional(),
  shipFromFacilityId: id.nullable().optional(),
  status: z.enum(orderStatuses).optional().meta({ description: 'Defaults to open' }),
  orderDate: calendarDay,
  requestedDate: calendarDay.nullable().optional().meta({ description: 'Not before the order date' }),
  promisedDate: calendarDay.nullable().optional().meta({ description: 'Not before the order date' }),
};

export const orderCreate = z
  .object({
    ...headerFields,
    lines: z.array(orderLineCreate).min(1).max(1000).meta({ description: '1 to 1,000 lines' }),
  })
  .strict()
  .meta({
    id: 'OrderCreate',
    examples: [
      {
        reference: 'SO-10045',
        customerId: 7,
        shipFromFacilityId: 2,
        orderDate: '2026-03-02',
        requestedDate: '2026-03-06',
        lines: [
          { productId: 12, qtyOrdered: 40, unitPrice: { amount: 18.5, currency: 'USD' } },
          { productId: 15, qtyOrdered: 6, unitPrice: { amount: 240, currency: 'USD' } },
        ],
      },
    ],
  });
export type OrderCreate = z.infer<typeof orderCreate>;

export const orderPatch = z
  .object(headerFields)
  .partial()
  .strict()
  .meta({
    id: 'OrderPatch',
    description: 'Header fields only; lines change through /orders/{id}/lines/{lineNo}',
    examples: [{ status: 'shipped' }, { promisedDate: '2026-03-07' }],
  });
export type OrderPatch = z.infer<typeof orderPatch>;

const moneyOut = z.object({ amount: z.number(), currency: z.string() });

export const orderLine = z
  .object({
    id: id.meta({ description: 'Identifier of the line (inventory movements refer to it)' }),
    lineNo: z.number(),
    productId: z.number(),
    qtyOrdered: z.number(),
    qtyShipped: z.number(),
    qtyDelivered: z.number(),
    unitPrice: moneyOut.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({
    id: 'OrderLine',
    examples: [
      {
        id: 501,
        lineNo: 1,
        productId: 12,
        qtyOrdered: 40,
        qtyShipped: 40,
        qtyDelivered: 38,
        unitPrice: { amount: 18.5, currency: 'USD' },
        createdAt: '2026-03-01T09:15:00.000Z',
        updatedAt: '2026-03-04T16:20:00.000Z',
      },
    ],
  });
export type OrderLineApi = z.infer<typeof orderLine>;

const headerOut = {
  id,
  reference: z.string(),
  customerId: z.number().nullable(),
  shipFromFacilityId: z.number().nullable(),
  status: z.enum(orderStatuses),
  orderDate: z.string(),
  requestedDate: z.string().nullable(),
  promisedDate: z.string().nullable(),
  archivedAt: instantOutput
    .nullable()
    .meta({ description: 'When it was archived; archived orders leave lists' }),
  createdAt: instantOutput,
  updatedAt: instantOutput,
};

/** An order in lists: the header, without lines. */
const headerExample = {
  id: 88,
  reference: 'SO-10045',
  customerId: 7,
  shipFromFacilityId: 3,
  status: 'shipped',
  orderDate: '2026-03-01',
  requestedDate: '2026-03-05',
  promisedDate: '2026-03-04',
  archivedAt: null,
  createdAt: '2026-03-01T09:15:00.000Z',
  updatedAt: '2026-03-04T16:20:00.000Z',
} as const;
export const orderSummary = z.object(headerOut).meta({ id: 'OrderSummary', examples: [headerExample] });
export type OrderSummaryApi = z.infer<typeof orderSummary>;

export const order = z
  .object({ ...headerOut, lines: z.array(orderLine).meta({ description: 'By line number' }) })
  .meta({
    id: 'Order',
    examples: [
      {
        ...headerExample,
        lines: [
          {
            id: 501,
            lineNo: 1,
            productId: 12,
            qtyOrdered: 40,
            qtyShipped: 40,
            qtyDelivered: 38,
            unitPrice: { amount: 18.5, currency: 'USD' },
            createdAt: '2026-03-01T09:15:00.000Z',
            updatedAt: '2026-03-04T16:20:00.000Z',
          },
        ],
      },
    ],
  });
export type OrderApi = z.infer<typeof order>;

/** The sorts of the order list: the `sort` parameter and the keyset columns, from one definition. */
export const orderSorts = defineSorts(
  'orders',
  [
    { key: 'orderDate', column: 'order_date', kind: 'day', nullable: false },
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'reference', column: 'reference', kind: 'text', nullable: false },
  ],
  '-orderDate',
);
const filterId = idInteger;

export const orderListQuery = z
  .object({
    ...listQueryBase,
    sort: orderSorts.param,
    status: z.enum(orderStatuses).optional(),
    customerId: filterId.optional(),
    shipFromFacilityId: filterId.optional(),
    orderDateFrom: calendarDay.optional().meta({ description: 'Ordered on or after this day' }),
    orderDateTo: calendarDay.optional().meta({ description: 'Ordered on or before this day (inclusive)' }),
    reference: reference.optional().meta({ description: 'Reference starts with' }),
    includeArchived: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .strict();
export type OrderListQuery = z.infer<typeof orderListQuery>;

export const lineParams = z
  .object({
    id: idInteger,
    lineNo: integerParam({ min: 1, max: 100_000 }),
  })
  .strict();
