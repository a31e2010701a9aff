import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import type { MovementKind } from '../../db/types.js';
import {
  id,
  identifier,
  idInteger,
  instantInput,
  instantOutput,
  listQueryBase,
} from '../../lib/api-schemas.js';
import { calendarDay } from '../orders/index.js';

/** The /api/v1 contract of inventory: daily snapshots and the movement ledger. */

const count = z.number().int().min(0).max(1_000_000_000);
const filterId = idInteger;
/** The sorts of each list: the `sort` parameter and the keyset column, from one definition each. */
export const snapshotSorts = defineSorts(
  'inventory-snapshots',
  [{ key: 'snapshotDate', column: 'snapshot_date', kind: 'day', nullable: false }],
  '-snapshotDate',
);
export const movementSorts = defineSorts(
  'inventory-movements',
  [{ key: 'occurredAt', column: 'occurred_at', kind: 'instant', nullable: false }],
  '-occurredAt',
);

// --- snapshots ---

const quantities = {
  onHand: count.meta({ description: 'Units on the shelf at the end of the day' }),
  allocated: count.optional().meta({ description: 'Units promised to orders; defaults to 0' }),
  onOrder: count.optional().meta({ description: 'Units on open purchase orders; defaults to 0' }),
};

export const snapshotCreate = z
  .object({ facilityId: id, productId: id, snapshotDate: calendarDay, ...quantities })
  .strict()
  .meta({
    id: 'InventorySnapshotCreate',
    examples: [
      { facilityId: 2, productId: 12, snapshotDate: '2026-03-04', onHand: 480, allocated: 40, onOrder: 200 },
    ],
  });
export type SnapshotCreate = z.infer<typeof snapshotCreate>;

export const snapshotPatch = z
  .object(quantities)
  .partial()
  .strict()
  .meta({
    id: 'InventorySnapshotPatch',
    description: "Quantities only: a snapshot's facility, product and day are what identify it",
    examples: [{ onHand: 472 }],
  });
export type SnapshotPatch = z.infer<typeof snapshotPatch>;

export const snapshot = z
  .object({
    id,
    facilityId: z.number(),
    productId: z.number(),
    snapshotDate: z.string().meta({ description: 'The calendar day, YYYY-MM-DD' }),
    onHand: z.number(),
    allocated: z.number(),
    onOrder: z.number(),
    createdAt: instantOutput,
  })
  .meta({
    id: 'InventorySnapshot',
    examples: [
      {
        id: 9001,
        facilityId: 3,
        productId: 12,
        snapshotDate: '2026-03-01',
        onHand: 420,
        allocated: 40,
        onOrder: 200,
        createdAt: '2026-03-02T00:05:00.000Z',
      },
    ],
  });
export type SnapshotApi = z.infer<typeof snapshot>;

export const snapshotListQuery = z
  .object({
    ...listQueryBase,
    sort: snapshotSorts.param,
    facilityId: filterId.optional(),
    productId: filterId.optional(),
    snapshotDateFrom: calendarDay.optional().meta({ description: 'On or after this day' }),
    snapshotDateTo: calendarDay.optional().meta({ description: 'On or before this day (inclusive)' }),
  })
  .strict();
export type SnapshotListQuery = z.infer<typeof snapshotListQuery>;

// --- movements ---

export const movementKinds = [
  'receipt',
  'shipment',
  'adjustment',
  'transfer_in',
  'transfer_out',
  'return',
] as const satisfies readonly MovementKind[];

// The plausible-instant window of every instant (lib/validity, ADR 0010).
const occurredAt = instantInput;

export const movementCreate = z
  .object({
    facilityId: id,
    productId: id,
    kind: z.enum(movementKinds),
    quantity: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((q) => q !== 0, 'a movement moves something: not 0')
      .meta({
        description:
          'Signed change of on-hand units: positive for receipt, transfer_in and return, negative for shipment and transfer_out, either for adjustment',
      }),
    occurredAt,
    reference: identifier(128)
      .nullable()
      .optional()
      .meta({ description: 'Your document number (receipt, pick list, count sheet…)' }),
    orderLineId: id
      .nullable()
      .optional()
      .meta({ description: 'The order line a shipment or return belongs to' }),
  })
  .strict()
  .meta({
    id: 'InventoryMovementCreate',
    examples: [
      {
        facilityId: 2,
        productId: 12,
        kind: 'receipt',
        quantity: 200,
        occurredAt: '2026-03-04T09:30:00-06:00',
      },
      {
        facilityId: 2,
        productId: 12,
        kind: 'adjustment',
        quantity: -3,
        occurredAt: '2026-03-05T18:00:00Z',
        reference: 'CC-2026-03-05',
      },
    ],
  });
export type MovementCreate = z.infer<typeof movementCreate>;

export const movement = z
  .object({
    id,
    facilityId: z.number(),
    productId: z.number(),
    kind: z.enum(movementKinds),
    quantity: z.number(),
    occurredAt: instantOutput,
    reference: z.string().nullable(),
    orderLineId: z.number().nullable(),
    createdAt: instantOutput,
  })
  .meta({
    id: 'InventoryMovement',
    examples: [
      {
        id: 70123,
        facilityId: 3,
        productId: 12,
        kind: 'shipment',
        quantity: -40,
        occurredAt: '2026-03-02T14:00:00.000Z',
        reference: 'SO-10045',
        orderLineId: 501,
        createdAt: '2026-03-02T14:00:05.000Z',
      },
    ],
  });
export type MovementApi = z.infer<typeof movement>;

export const movementListQuery = z
  .object({
    ...listQueryBase,
    sort: movementSorts.param,
    facilityId: filterId.optional(),
    productId: filterId.optional(),
    kind: z.enum(movementKinds).optional(),
    occurredFrom: occurredAt.optional().meta({ description: 'Occurred at or after' }),
    occurredTo: occurredAt.optional().meta({ description: 'Occurred before' }),
  })
  .strict();
export type MovementListQuery = z.infer<typeof movementListQuery>;
