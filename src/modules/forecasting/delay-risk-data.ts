import type { Kysely } from 'kysely';
import { type DB, toDate } from '../../db/types.js';
import type { ShipmentExample } from './delay-risk/index.js';

/**
 * An organization's shipments as the delay-risk model sees them: every shipment with a planned
 * pickup and delivery that is not cancelled or archived. A delivered one with a known on-time
 * flag is an outcome (late = not on time, known at its actual delivery); one not delivered yet
 * is open, the case to predict. Delivered ones whose on-time flag is unknown are left out.
 */
export async function loadShipmentExamples(db: Kysely<DB>, orgId: number): Promise<ShipmentExample[]> {
  const rows = await db
    .selectFrom('shipments')
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .where('status', '<>', 'cancelled')
    .where('planned_pickup_at', 'is not', null)
    .where('planned_delivery_at', 'is not', null)
    .select([
      'id',
      'carrier_id',
      'lane',
      'mode',
      'status',
      'planned_pickup_at',
      'planned_delivery_at',
      'actual_delivery_at',
      'distance_km',
      'on_time',
    ])
    .execute();
  const examples: ShipmentExample[] = [];
  for (const r of rows) {
    const delivered = r.status === 'delivered';
    if (delivered && (r.on_time === null || r.actual_delivery_at === null)) continue;
    examples.push({
      id: Number(r.id),
      carrierId: r.carrier_id === null ? null : Number(r.carrier_id),
      lane: r.lane,
      mode: r.mode,
      plannedPickupAt: toDate(r.planned_pickup_at as Date | string).getTime(),
      plannedDeliveryAt: toDate(r.planned_delivery_at as Date | string).getTime(),
      distanceKm: r.distance_km === null ? null : Number(r.distance_km),
      late: delivered ? Number(r.on_time) === 0 : null,
      deliveredAt: delivered ? toDate(r.actual_delivery_at as Date | string).getTime() : null,
    });
  }
  return examples;
}
