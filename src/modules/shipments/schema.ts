import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { shipmentModes, shipmentStatuses } from '../../db/types.js';
import {
  countryCode,
  currency,
  decimal,
  id,
  identifier,
  idInteger,
  instantInput,
  instantOutput,
  listQueryBase,
  money,
  timezone,
} from '../../lib/api-schemas.js';
import { trackingCodes } from './tracking.js';

/** The /api/v1 contract of shipments and their tracking events. */

const place = z.string().trim().min(1).max(120);
const reference = identifier(128).meta({
  description: 'Your reference, unique per organization and source',
  example: 'SO-10045-1',
});
// The one identifier rule, narrowed to the lowercase names sources have always had.
const source = identifier(64)
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ -')
  .meta({ description: 'Where the shipment comes from (manual, an ERP, a carrier feed…)', example: 'erp' });

const endpointFields = {
  facilityId: id.nullable().optional(),
  city: place.nullable().optional(),
  region: place.nullable().optional(),
  country: countryCode.nullable().optional(),
};
const origin = z.object(endpointFields).strict();
const destination = z
  .object({
    ...endpointFields,
    timezone: timezone
      .nullable()
      .optional()
      .meta({ description: 'IANA zone used for on-time by calendar day' }),
  })
  .strict();

// What a shipment carries, in the words of the organization's product categories (products.category).
const commodity = z.string().trim().min(1).max(120);

const shipmentFields = {
  reference,
  source: source.optional(),
  orderId: id.nullable().optional(),
  mode: z.enum(shipmentModes),
  status: z.enum(shipmentStatuses).optional().meta({
    description:
      'On create, defaults to what the actual times say: delivered, in_transit (picked up) or planned. Must agree with the actual times (README, Values)',
  }),
  carrierId: id.nullable().optional(),
  customerId: id
    .nullable()
    .optional()
    .meta({ description: "The consignee: one of the organization's customers" }),
  supplierId: id
    .nullable()
    .optional()
    .meta({ description: "The shipper: one of the organization's suppliers" }),
  commodity: commodity
    .nullable()
    .optional()
    .meta({ description: 'What it carries: a product category (1–120 characters)', example: 'filters' }),
  origin: origin.optional(),
  destination: destination.optional(),
  plannedPickupAt: instantInput.nullable().optional(),
  plannedDeliveryAt: instantInput.nullable().optional(),
  actualPickupAt: instantInput.nullable().optional(),
  actualDeliveryAt: instantInput.nullable().optional(),
  // Decimals as the numeric(p, s) columns keep them (ADR 0010): 3 for weight and volume, 1 for distance.
  weightKg: decimal(3).min(0).max(1e7).nullable().optional(),
  volumeM3: decimal(3).min(0).max(1e6).nullable().optional(),
  pallets: z.number().int().min(0).max(10_000).nullable().optional(),
  distanceKm: decimal(1).min(0).max(50_000).nullable().optional(),
  freightCost: money.nullable().optional(),
  goodsValue: money.nullable().optional(),
};

export const shipmentCreate = z
  .object(shipmentFields)
  .strict()
  .meta({
    id: 'ShipmentCreate',
    examples: [
      {
        reference: 'SO-10045-1',
        mode: 'ftl',
        carrierId: 3,
        customerId: 7,
        commodity: 'filters',
        origin: { city: 'Chicago', country: 'US' },
        destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
        plannedDeliveryAt: '2026-03-04T17:00:00-06:00',
        weightKg: 12400,
        freightCost: { amount: 2150, currency: 'USD' },
      },
    ],
  });
export type ShipmentCreate = z.infer<typeof shipmentCreate>;

export const shipmentPatch = z
  .object(shipmentFields)
  .partial()
  .strict()
  .meta({
    id: 'ShipmentPatch',
    examples: [{ actualDeliveryAt: '2026-03-04T16:20:00-06:00', status: 'delivered' }],
  });
export type ShipmentPatch = z.infer<typeof shipmentPatch>;

const endpointOut = z.object({
  facilityId: z.number().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});
const moneyOut = z.object({ amount: z.number(), currency: z.string() });

export const shipment = z
  .object({
    id,
    reference: z.string(),
    source: z.string(),
    orderId: z.number().nullable(),
    mode: z.enum(shipmentModes),
    status: z.enum(shipmentStatuses),
    carrierId: z.number().nullable(),
    customerId: z.number().nullable(),
    supplierId: z.number().nullable(),
    commodity: z.string().nullable(),
    origin: endpointOut,
    destination: endpointOut.extend({ timezone: z.string() }),
    plannedPickupAt: instantOutput.nullable(),
    plannedDeliveryAt: instantOutput.nullable(),
    actualPickupAt: instantOutput.nullable(),
    actualDeliveryAt: instantOutput.nullable(),
    weightKg: z.number().nullable(),
    volumeM3: z.number().nullable(),
    pallets: z.number().nullable(),
    distanceKm: z.number().nullable(),
    freightCost: moneyOut.nullable(),
    goodsValue: moneyOut.nullable(),
    lane: z.string().nullable().meta({ description: 'Derived: "Origin, CC → Destination, CC"' }),
    transitDays: z
      .number()
      .nullable()
      .meta({ description: 'Derived: actual delivery − actual pickup, days' }),
    delayHours: z
      .number()
      .nullable()
      .meta({ description: 'Derived: actual − planned delivery, hours (negative = early)' }),
    onTime: z
      .boolean()
      .nullable()
      .meta({ description: 'Derived: delivered on or before the planned calendar day at the destination' }),
    archivedAt: instantOutput.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({
    id: 'Shipment',
    examples: [
      {
        id: 1201,
        reference: 'SO-10045-1',
        source: 'erp',
        orderId: 88,
        mode: 'ftl',
        status: 'delivered',
        carrierId: 3,
        customerId: 7,
        supplierId: null,
        commodity: 'filters',
        origin: { facilityId: 3, city: 'Chicago', region: 'IL', country: 'US' },
        destination: {
          facilityId: null,
          city: 'Dallas',
          region: 'TX',
          country: 'US',
          timezone: 'America/Chicago',
        },
        plannedPickupAt: '2026-03-02T14:00:00.000Z',
        plannedDeliveryAt: '2026-03-04T23:00:00.000Z',
        actualPickupAt: '2026-03-02T14:30:00.000Z',
        actualDeliveryAt: '2026-03-04T22:20:00.000Z',
        weightKg: 12400,
        volumeM3: 38.5,
        pallets: 22,
        distanceKm: 1551.2,
        freightCost: { amount: 2150, currency: 'USD' },
        goodsValue: { amount: 48200, currency: 'USD' },
        lane: 'Chicago, US → Dallas, US',
        transitDays: 2.33,
        delayHours: -0.67,
        onTime: true,
        archivedAt: null,
        createdAt: '2026-03-01T09:20:00.000Z',
        updatedAt: '2026-03-04T22:20:05.000Z',
      },
    ],
  });
export type ShipmentApi = z.infer<typeof shipment>;

/** The sorts of the shipment list: the `sort` parameter and the keyset columns, from one definition. */
export const shipmentSorts = defineSorts(
  'shipments',
  [
    { key: 'plannedDeliveryAt', column: 'planned_delivery_at', kind: 'instant', nullable: true },
    { key: 'actualDeliveryAt', column: 'actual_delivery_at', kind: 'instant', nullable: true },
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'reference', column: 'reference', kind: 'text', nullable: false },
  ],
  '-plannedDeliveryAt',
);
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

export const shipmentListQuery = z
  .object({
    ...listQueryBase,
    sort: shipmentSorts.param,
    status: z.enum(shipmentStatuses).optional(),
    mode: z.enum(shipmentModes).optional(),
    carrierId: idInteger.optional(),
    customerId: idInteger.optional(),
    supplierId: idInteger.optional(),
    commodity: commodity.optional().meta({ description: 'Commodity equals' }),
    originCity: place.optional(),
    originCountry: countryCode.optional(),
    destinationCity: place.optional(),
    destinationCountry: countryCode.optional(),
    lane: z.string().max(255).optional(),
    plannedFrom: instantInput.optional().meta({ description: 'Planned delivery at or after' }),
    plannedTo: instantInput.optional().meta({ description: 'Planned delivery before' }),
    deliveredFrom: instantInput.optional().meta({ description: 'Actual delivery at or after' }),
    deliveredTo: instantInput.optional().meta({ description: 'Actual delivery before' }),
    late: flag.meta({ description: 'true: delivered late only' }),
    inTransit: flag.meta({ description: 'true: in transit only' }),
    reference: identifier(128).optional().meta({ description: 'Reference starts with' }),
    includeArchived: flag,
  })
  .strict();
export type ShipmentListQuery = z.infer<typeof shipmentListQuery>;

/** A shipment's events: by when they happened, oldest first unless asked otherwise. */
export const trackingEventSorts = defineSorts(
  'tracking-events',
  [{ key: 'occurredAt', column: 'occurred_at', kind: 'instant', nullable: false }],
  'occurredAt',
);

export const trackingEventListQuery = z.object({ ...listQueryBase, sort: trackingEventSorts.param }).strict();
export type TrackingEventListQuery = z.infer<typeof trackingEventListQuery>;

export const trackingEventCreate = z
  .object({
    code: z.enum(trackingCodes),
    rawCode: identifier(64).nullable().optional().meta({ description: "The carrier's own code" }),
    occurredAt: instantInput,
    city: place.nullable().optional(),
    country: countryCode.nullable().optional(),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    source: source.optional(),
    message: z.string().max(500).nullable().optional(),
  })
  .strict()
  .meta({
    id: 'TrackingEventCreate',
    examples: [{ code: 'DELIVERED', occurredAt: '2026-03-04T16:20:00-06:00', city: 'Dallas', country: 'US' }],
  });
export type TrackingEventCreate = z.infer<typeof trackingEventCreate>;

export const trackingEvent = z
  .object({
    id,
    shipmentId: z.number(),
    code: z.enum(trackingCodes),
    rawCode: z.string().nullable(),
    occurredAt: instantOutput,
    city: z.string().nullable(),
    country: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    source: z.string(),
    message: z.string().nullable(),
    createdAt: instantOutput,
  })
  .meta({
    id: 'TrackingEvent',
    examples: [
      {
        id: 90311,
        shipmentId: 1201,
        code: 'DELIVERED',
        rawCode: 'D1',
        occurredAt: '2026-03-04T22:20:00.000Z',
        city: 'Dallas',
        country: 'US',
        latitude: 32.7767,
        longitude: -96.797,
        source: 'carrier-feed',
        message: 'Signed by R. Lopez',
        createdAt: '2026-03-04T22:21:10.000Z',
      },
    ],
  });
export type TrackingEvent = z.infer<typeof trackingEvent>;

export const batchUpsert = z
  .object({
    // Each item is a whole ShipmentCreate, so OpenAPI publishes it and a malformed item is a 400
    // with its path (body.items.N.field), like every other body.
    items: z.array(shipmentCreate).min(1).max(1000).meta({ description: 'Up to 1,000 shipments' }),
  })
  .strict()
  .meta({
    id: 'ShipmentBatch',
    examples: [
      {
        items: [
          {
            reference: 'SO-10045-1',
            source: 'erp',
            mode: 'ftl',
            plannedDeliveryAt: '2026-03-04T17:00:00-06:00',
          },
          { reference: 'SO-10046-1', source: 'erp', mode: 'parcel', weightKg: 12.4 },
        ],
      },
    ],
  });

export const batchResult = z
  .object({
    data: z.array(
      z.object({
        index: z.number(),
        id: z.number(),
        reference: z.string(),
        result: z.enum(['inserted', 'updated', 'unchanged']).meta({
          description: 'unchanged: the item equals the stored shipment, which is left as it was',
        }),
      }),
    ),
  })
  .meta({
    id: 'ShipmentBatchResult',
    examples: [
      {
        data: [
          { index: 0, id: 1201, reference: 'SO-10045-1', result: 'updated' },
          { index: 1, id: 1388, reference: 'SO-10046-1', result: 'inserted' },
        ],
      },
    ],
  });

export { currency };
