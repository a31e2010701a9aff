import { z } from 'zod';
import { defineSorts, type SortField } from '../../db/keyset.js';
import { presentColumns } from '../../db/rows.js';
import { type FacilityKind, type Row, toIsoString } from '../../db/types.js';
import {
  countryCode,
  currency,
  decimal,
  id,
  identifier,
  instantOutput,
  timezone,
} from '../../lib/api-schemas.js';
import type { MasterResource } from './resource.js';

// Columns and their API names shared by every master-data resource.
const stamps = {
  archivedAt: instantOutput
    .nullable()
    .meta({ description: 'When it was archived; archived items leave lists' }),
  createdAt: instantOutput,
  updatedAt: instantOutput,
};
function stampsOf(row: {
  archived_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}) {
  return {
    archivedAt: toIsoString(row.archived_at),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}
const text = (max: number) => z.string().trim().min(1).max(max);
// The one identifier rule, narrowed further to what codes and SKUs have always allowed.
const code = identifier(64).regex(/^[\w.\-/]+$/, 'letters, digits and . _ - /');
const sortBy = (key: string, column: string, kind: SortField['kind'] = 'text'): SortField => ({
  key,
  column,
  kind,
  nullable: false,
});
const createdAtSort = sortBy('createdAt', 'created_at', 'instant');

// --- carriers ---
const carrierFields = {
  name: text(200),
  scac: z
    .string()
    .regex(/^[A-Z]{2,4}$/, 'a 2–4 letter SCAC')
    .nullable()
    .optional(),
};
const carrierApi = z.object({ id, name: z.string(), scac: z.string().nullable(), ...stamps }).meta({
  id: 'Carrier',
  examples: [
    {
      id: 3,
      name: 'Swift Freight',
      scac: 'SWFT',
      archivedAt: null,
      createdAt: '2025-11-03T10:00:00.000Z',
      updatedAt: '2026-02-14T08:30:00.000Z',
    },
  ],
});
const carrierCreate = z
  .object(carrierFields)
  .strict()
  .meta({ id: 'CarrierCreate', examples: [{ name: 'Swift Freight', scac: 'SWFT' }] });
const carrierPatch = z
  .object(carrierFields)
  .partial()
  .strict()
  .meta({ id: 'CarrierPatch', examples: [{ scac: null }] });

export const carriers: MasterResource<
  'carriers',
  z.infer<typeof carrierApi>,
  z.infer<typeof carrierCreate>,
  z.infer<typeof carrierPatch>
> = {
  table: 'carriers',
  path: 'carriers',
  noun: 'carrier',
  naturalKey: 'name',
  schemas: {
    api: carrierApi,
    create: carrierCreate,
    patch: carrierPatch,
    filters: z.object({ scac: z.string().max(4).optional() }),
  },
  filters: [{ param: 'scac', column: 'scac' }],
  sorts: defineSorts('carriers', [sortBy('name', 'name'), createdAtSort], 'name'),
  toApi: (row: Row<'carriers'>) => ({ id: row.id, name: row.name, scac: row.scac, ...stampsOf(row) }),
  toInsert: (input) => ({ name: input.name, scac: input.scac ?? null }),
  toUpdate: (input) => presentColumns({ name: input.name, scac: input.scac }),
};

// --- customers and suppliers (the same shape) ---
const partyFields = {
  code,
  name: text(200),
  city: text(120).nullable().optional(),
  country: countryCode.nullable().optional(),
};
function partyResource(table: 'customers' | 'suppliers', noun: string, schemaId: string) {
  const api = z
    .object({
      id,
      code: z.string(),
      name: z.string(),
      city: z.string().nullable(),
      country: z.string().nullable(),
      ...stamps,
    })
    .meta({
      id: schemaId,
      examples: [
        {
          id: 7,
          code: 'C-1042',
          name: 'Lakeside Hardware',
          city: 'Milwaukee',
          country: 'US',
          archivedAt: null,
          createdAt: '2025-11-03T10:00:00.000Z',
          updatedAt: '2026-02-14T08:30:00.000Z',
        },
      ],
    });
  const create = z
    .object(partyFields)
    .strict()
    .meta({
      id: `${schemaId}Create`,
      examples: [{ code: 'C-1042', name: 'Lakeside Hardware', city: 'Milwaukee', country: 'US' }],
    });
  const patch = z
    .object(partyFields)
    .partial()
    .strict()
    .meta({ id: `${schemaId}Patch`, examples: [{ city: 'Madison' }] });
  const resource: MasterResource<
    typeof table,
    z.infer<typeof api>,
    z.infer<typeof create>,
    z.infer<typeof patch>
  > = {
    table,
    path: table,
    noun,
    naturalKey: 'code',
    schemas: {
      api,
      create,
      patch,
      filters: z.object({ country: countryCode.optional(), city: z.string().max(120).optional() }),
    },
    filters: [
      { param: 'country', column: 'country' },
      { param: 'city', column: 'city' },
    ],
    sorts: defineSorts(table, [sortBy('code', 'code'), sortBy('name', 'name'), createdAtSort], 'code'),
    toApi: (row: Row<'customers'>) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      city: row.city,
      country: row.country,
      ...stampsOf(row),
    }),
    toInsert: (input) => ({
      code: input.code,
      name: input.name,
      city: input.city ?? null,
      country: input.country ?? null,
    }),
    toUpdate: (input) =>
      presentColumns({ code: input.code, name: input.name, city: input.city, country: input.country }),
  };
  return resource;
}
export const customers = partyResource('customers', 'customer', 'Customer');
export const suppliers = partyResource('suppliers', 'supplier', 'Supplier');

// --- facilities ---
export const facilityKinds = [
  'warehouse',
  'dc',
  'store',
  'port',
  'plant',
  'cross_dock',
] as const satisfies readonly FacilityKind[];
const facilityFields = {
  code,
  name: text(200),
  kind: z.enum(facilityKinds),
  city: text(120),
  region: text(120).nullable().optional(),
  country: countryCode,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  timezone,
};
const facilityApi = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    kind: z.enum(facilityKinds),
    city: z.string(),
    region: z.string().nullable(),
    country: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    timezone: z.string(),
    ...stamps,
  })
  .meta({
    id: 'Facility',
    examples: [
      {
        id: 3,
        code: 'DC-CHI',
        name: 'Chicago DC',
        kind: 'dc',
        city: 'Chicago',
        region: 'IL',
        country: 'US',
        latitude: 41.8781,
        longitude: -87.6298,
        timezone: 'America/Chicago',
        archivedAt: null,
        createdAt: '2025-11-03T10:00:00.000Z',
        updatedAt: '2026-02-14T08:30:00.000Z',
      },
    ],
  });
const facilityCreate = z
  .object(facilityFields)
  .strict()
  .meta({
    id: 'FacilityCreate',
    examples: [
      {
        code: 'DC-CHI',
        name: 'Chicago DC',
        kind: 'dc',
        city: 'Chicago',
        region: 'IL',
        country: 'US',
        latitude: 41.8781,
        longitude: -87.6298,
        timezone: 'America/Chicago',
      },
    ],
  });
const facilityPatch = z
  .object(facilityFields)
  .partial()
  .strict()
  .meta({ id: 'FacilityPatch', examples: [{ name: 'Chicago North DC' }] });

export const facilities: MasterResource<
  'facilities',
  z.infer<typeof facilityApi>,
  z.infer<typeof facilityCreate>,
  z.infer<typeof facilityPatch>
> = {
  table: 'facilities',
  path: 'facilities',
  noun: 'facility',
  naturalKey: 'code',
  schemas: {
    api: facilityApi,
    create: facilityCreate,
    patch: facilityPatch,
    filters: z.object({
      country: countryCode.optional(),
      city: z.string().max(120).optional(),
      kind: z.enum(facilityKinds).optional(),
    }),
  },
  filters: [
    { param: 'country', column: 'country' },
    { param: 'city', column: 'city' },
    { param: 'kind', column: 'kind' },
  ],
  sorts: defineSorts('facilities', [sortBy('code', 'code'), sortBy('name', 'name'), createdAtSort], 'code'),
  toApi: (row: Row<'facilities'>) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    city: row.city,
    region: row.region,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    timezone: row.timezone,
    ...stampsOf(row),
  }),
  toInsert: (input) => ({
    code: input.code,
    name: input.name,
    kind: input.kind,
    city: input.city,
    region: input.region ?? null,
    country: input.country,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    timezone: input.timezone,
  }),
  toUpdate: (input) =>
    presentColumns({
      code: input.code,
      name: input.name,
      kind: input.kind,
      city: input.city,
      region: input.region,
      country: input.country,
      latitude: input.latitude,
      longitude: input.longitude,
      timezone: input.timezone,
    }),
};

// --- products ---
// numeric(14, 4) and numeric(12, 3): decimals as the columns keep them on every database.
const unitCost = z.object({ amount: decimal(4).min(0).max(1e9), currency }).strict();
const productFields = {
  sku: code,
  name: text(200),
  category: text(120).nullable().optional(),
  unitWeightKg: decimal(3)
    .min(0)
    .max(1e6)
    .nullable()
    .optional()
    .meta({ description: 'Weight of one unit, kilograms' }),
  unitCost: unitCost.nullable().optional(),
};
const productApi = z
  .object({
    id,
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    unitWeightKg: z.number().nullable(),
    unitCost: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    ...stamps,
  })
  .meta({
    id: 'Product',
    examples: [
      {
        id: 12,
        sku: 'FLT-2040',
        name: 'Oil filter 20/40',
        category: 'filters',
        unitWeightKg: 0.45,
        unitCost: { amount: 3.2, currency: 'USD' },
        archivedAt: null,
        createdAt: '2025-11-03T10:00:00.000Z',
        updatedAt: '2026-02-14T08:30:00.000Z',
      },
    ],
  });
const productCreate = z
  .object(productFields)
  .strict()
  .meta({
    id: 'ProductCreate',
    examples: [
      {
        sku: 'FLT-2040',
        name: 'Oil filter 20/40',
        category: 'filters',
        unitWeightKg: 0.45,
        unitCost: { amount: 3.2, currency: 'USD' },
      },
    ],
  });
const productPatch = z
  .object(productFields)
  .partial()
  .strict()
  .meta({ id: 'ProductPatch', examples: [{ unitCost: { amount: 3.35, currency: 'USD' } }] });

export const products: MasterResource<
  'products',
  z.infer<typeof productApi>,
  z.infer<typeof productCreate>,
  z.infer<typeof productPatch>
> = {
  table: 'products',
  path: 'products',
  noun: 'product',
  naturalKey: 'sku',
  schemas: {
    api: productApi,
    create: productCreate,
    patch: productPatch,
    filters: z.object({ category: z.string().max(120).optional() }),
  },
  filters: [{ param: 'category', column: 'category' }],
  sorts: defineSorts('products', [sortBy('sku', 'sku'), sortBy('name', 'name'), createdAtSort], 'sku'),
  toApi: (row: Row<'products'>) => ({
    id: row.id,
    sku: row.sku,
    name: row.name,
    category: row.category,
    unitWeightKg: row.unit_weight_kg,
    unitCost:
      row.unit_cost === null || row.currency === null
        ? null
        : { amount: row.unit_cost, currency: row.currency },
    ...stampsOf(row),
  }),
  toInsert: (input) => ({
    sku: input.sku,
    name: input.name,
    category: input.category ?? null,
    unit_weight_kg: input.unitWeightKg ?? null,
    unit_cost: input.unitCost?.amount ?? null,
    currency: input.unitCost?.currency ?? null,
  }),
  toUpdate: (input) =>
    presentColumns({
      sku: input.sku,
      name: input.name,
      category: input.category,
      unit_weight_kg: input.unitWeightKg,
      unit_cost: input.unitCost === undefined ? undefined : (input.unitCost?.amount ?? null),
      currency: input.unitCost === undefined ? undefined : (input.unitCost?.currency ?? null),
    }),
};

/** Every master-data resource, in the order the API documents them. */
export const masterResources = [carriers, customers, suppliers, facilities, products] as const;
