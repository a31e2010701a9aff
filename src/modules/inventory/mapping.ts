import { type MovementKind, type Row, toDate } from '../../db/types.js';
import type { MovementApi, SnapshotApi } from './schema.js';

/** A stored snapshot in API shape. */
export function snapshotToApi(row: Row<'inventory_snapshots'>): SnapshotApi {
  return {
    id: row.id,
    facilityId: row.facility_id,
    productId: row.product_id,
    snapshotDate: row.snapshot_date,
    onHand: row.on_hand,
    allocated: row.allocated,
    onOrder: row.on_order,
    createdAt: toDate(row.created_at).toISOString(),
  };
}

/** A stored movement in API shape. */
export function movementToApi(row: Row<'inventory_movements'>): MovementApi {
  return {
    id: row.id,
    facilityId: row.facility_id,
    productId: row.product_id,
    kind: row.kind as MovementKind,
    quantity: row.quantity,
    occurredAt: toDate(row.occurred_at).toISOString(),
    reference: row.reference,
    orderLineId: row.order_line_id,
    createdAt: toDate(row.created_at).toISOString(),
  };
}
