import { presentColumns } from '../../db/rows.js';
import { type NewRow, type Row, type ShipmentStatus, toIsoString } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import type { ShipmentApi, ShipmentCreate, ShipmentPatch, TrackingEvent } from './schema.js';
import type { TrackingCode } from './tracking.js';

const iso = toIsoString;
const money = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? null : { amount, currency };

/** A stored shipment in API shape. */
export function shipmentToApi(row: Row<'shipments'>): ShipmentApi {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source,
    orderId: row.order_id,
    mode: row.mode,
    status: row.status,
    carrierId: row.carrier_id,
    customerId: row.customer_id,
    supplierId: row.supplier_id,
    commodity: row.commodity,
    origin: {
      facilityId: row.origin_facility_id,
      city: row.origin_city,
      region: row.origin_region,
      country: row.origin_country,
    },
    destination: {
      facilityId: row.destination_facility_id,
      city: row.destination_city,
      region: row.destination_region,
      country: row.destination_country,
      timezone: row.destination_timezone,
    },
    plannedPickupAt: iso(row.planned_pickup_at),
    plannedDeliveryAt: iso(row.planned_delivery_at),
    actualPickupAt: iso(row.actual_pickup_at),
    actualDeliveryAt: iso(row.actual_delivery_at),
    weightKg: row.weight_kg,
    volumeM3: row.volume_m3,
    pallets: row.pallets,
    distanceKm: row.distance_km,
    // One currency column serves both amounts: a shipment is priced in one currency.
    freightCost: money(row.freight_cost, row.currency),
    goodsValue: money(row.goods_value, row.currency),
    lane: row.lane,
    transitDays: row.transit_days,
    delayHours: row.delay_hours,
    onTime: row.on_time === null ? null : row.on_time === 1,
    archivedAt: iso(row.archived_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

type Columns = Partial<
  Omit<NewRow<'shipments'>, 'org_id' | 'lane' | 'transit_days' | 'delay_hours' | 'on_time'>
>;

/**
 * API fields → columns, for create and patch alike: an absent field is left out (patch keeps
 * the stored value), null clears it.
 */
export function shipmentColumns(input: ShipmentCreate | ShipmentPatch): Columns {
  const currency = input.freightCost?.currency ?? input.goodsValue?.currency;
  const amount = (m: { amount: number } | null | undefined) =>
    m === undefined ? undefined : (m?.amount ?? null);
  return presentColumns({
    reference: input.reference,
    source: input.source,
    order_id: input.orderId,
    mode: input.mode,
    status: input.status,
    carrier_id: input.carrierId,
    customer_id: input.customerId,
    supplier_id: input.supplierId,
    commodity: input.commodity,
    origin_facility_id: input.origin?.facilityId,
    origin_city: input.origin?.city,
    origin_region: input.origin?.region,
    origin_country: input.origin?.country,
    destination_facility_id: input.destination?.facilityId,
    destination_city: input.destination?.city,
    destination_region: input.destination?.region,
    destination_country: input.destination?.country,
    // null means "unknown zone": on-time is then judged in UTC.
    destination_timezone:
      input.destination?.timezone === undefined ? undefined : (input.destination.timezone ?? 'UTC'),
    planned_pickup_at: toInstant(input.plannedPickupAt),
    planned_delivery_at: toInstant(input.plannedDeliveryAt),
    actual_pickup_at: toInstant(input.actualPickupAt),
    actual_delivery_at: toInstant(input.actualDeliveryAt),
    weight_kg: input.weightKg,
    volume_m3: input.volumeM3,
    pallets: input.pallets,
    distance_km: input.distanceKm,
    freight_cost: amount(input.freightCost),
    goods_value: amount(input.goodsValue),
    // Both amounts share the one currency column; clearing an amount keeps it.
    currency: currency || undefined,
  });
}

/**
 * The status a new shipment takes when the write names none: what its actual times say (delivered
 * when delivered, in transit when picked up, planned otherwise), so the two agree (rules.ts).
 */
export function defaultStatus(input: ShipmentCreate): ShipmentStatus {
  if (input.actualDeliveryAt != null) return 'delivered';
  return input.actualPickupAt != null ? 'in_transit' : 'planned';
}

/** Every column of a new shipment: the input's values, explicit defaults for the rest. */
export function newShipmentColumns(orgId: number, input: ShipmentCreate) {
  return {
    org_id: orgId,
    source: 'manual',
    order_id: null,
    status: defaultStatus(input),
    carrier_id: null,
    customer_id: null,
    supplier_id: null,
    commodity: null,
    origin_facility_id: null,
    destination_facility_id: null,
    origin_city: null,
    origin_region: null,
    origin_country: null,
    destination_city: null,
    destination_region: null,
    destination_country: null,
    destination_timezone: 'UTC',
    planned_pickup_at: null,
    planned_delivery_at: null,
    actual_pickup_at: null,
    actual_delivery_at: null,
    weight_kg: null,
    volume_m3: null,
    pallets: null,
    distance_km: null,
    freight_cost: null,
    currency: null,
    goods_value: null,
    ...shipmentColumns(input),
    reference: input.reference,
    mode: input.mode,
  };
}

/** A stored tracking event in API shape. */
export function trackingEventToApi(row: Row<'tracking_events'>): TrackingEvent {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    code: row.code as TrackingCode,
    rawCode: row.raw_code,
    occurredAt: iso(row.occurred_at),
    city: row.city,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    source: row.source,
    message: row.message,
    createdAt: iso(row.created_at),
  };
}
