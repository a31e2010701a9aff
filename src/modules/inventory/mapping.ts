import { type MovementKind, type Row, toIsoString } from '../../db/types.js';
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
    createdAt: toIsoString(row.created_at),
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
    occurredAt: toIsoString(row.occurred_at),
    reference: row.reference,
    orderLineId: row.order_line_id,
    createdAt: toIsoString(row.created_at),
  };
}
