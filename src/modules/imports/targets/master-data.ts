import {
  carriers,
  customers,
  facilities,
  facilityKinds,
  type MasterResource,
  type MasterTable,
  products,
  suppliers,
  upsertResources,
} from '../../master-data/index.js';
import type { TargetField } from '../mapping/fields.js';
import { getPath, parseItem, roundTo, setPath } from './items.js';
import type { ImportTarget } from './types.js';

/**
 * Master data (carriers, customers, suppliers, facilities, products): one target per resource,
 * validated by the resource's create schema and upserted by its natural key — a carrier's name,
 * a party's or facility's code, a product's SKU, as the tables' unique keys say — through
 * upsertResources (the resource's own toInsert/toUpdate). A stored row takes the fields the file
 * gives; fields it leaves out keep their values.
 */

type AnyResource = MasterResource<MasterTable, unknown, unknown, unknown>;

interface Definition {
  readonly resource: AnyResource;
  readonly fields: readonly TargetField[];
  /** Places a numeric column keeps: import rounds to them, the API refuses more. */
  readonly places?: Readonly<Record<string, number>>;
  /** The money field whose currency defaults to the reporting currency. */
  readonly money?: string;
}

const code = (noun: string, synonyms: string[]): TargetField => ({
  name: 'code',
  type: 'text',
  required: true,
  description: `The ${noun}'s code, unique in the organization: re-importing it updates the ${noun}`,
  synonyms: ['code', `${noun} code`, `${noun} id`, `${noun} number`, ...synonyms],
});
const name = (noun: string): TargetField => ({
  name: 'name',
  type: 'text',
  required: true,
  description: `The ${noun}'s name`,
  synonyms: ['name', `${noun} name`, 'description'],
});
const city: TargetField = { name: 'city', type: 'text', description: 'City', synonyms: ['city', 'town'] };
const country: TargetField = {
  name: 'country',
  type: 'country',
  description: 'Country (ISO code or English name)',
  synonyms: ['country', 'country code'],
};
const party = (noun: string, synonyms: string[]): readonly TargetField[] => [
  code(noun, synonyms),
  name(noun),
  city,
  country,
];

const definitions: Record<MasterTable, Definition> = {
  carriers: {
    resource: carriers as AnyResource,
    fields: [
      {
        ...name('carrier'),
        description: "The carrier's name, unique in the organization: re-importing it updates the carrier",
        synonyms: ['name', 'carrier', 'carrier name', 'forwarder', 'shipping company'],
      },
      {
        name: 'scac',
        type: 'text',
        description: 'Standard Carrier Alpha Code (2–4 capital letters)',
        synonyms: ['scac', 'scac code', 'carrier code'],
      },
    ],
  },
  customers: { resource: customers as AnyResource, fields: party('customer', ['account', 'sold to']) },
  suppliers: { resource: suppliers as AnyResource, fields: party('supplier', ['vendor', 'vendor code']) },
  facilities: {
    resource: facilities as AnyResource,
    fields: [
      code('facility', ['site', 'site code', 'warehouse code', 'location code', 'plant']),
      name('facility'),
      {
        name: 'kind',
        type: 'enum',
        values: facilityKinds,
        required: true,
        description: `Kind: ${facilityKinds.join(', ')}`,
        synonyms: ['kind', 'type', 'facility type', 'site type'],
      },
      { ...city, required: true },
      {
        name: 'region',
        type: 'text',
        description: 'Region or state',
        synonyms: ['region', 'state', 'province'],
      },
      { ...country, required: true },
      { name: 'latitude', type: 'number', description: 'Latitude', synonyms: ['latitude', 'lat'] },
      { name: 'longitude', type: 'number', description: 'Longitude', synonyms: ['longitude', 'lng', 'lon'] },
      {
        name: 'timezone',
        type: 'text',
        required: true,
        description: 'IANA time zone (America/Chicago): days are counted in it',
        synonyms: ['timezone', 'time zone', 'tz'],
      },
    ],
    places: { latitude: 6, longitude: 6 },
  },
  products: {
    resource: products as AnyResource,
    fields: [
      {
        name: 'sku',
        type: 'text',
        required: true,
        description: "The product's SKU, unique in the organization: re-importing it updates the product",
        synonyms: ['sku', 'item', 'item code', 'product code', 'material', 'part number', 'article'],
      },
      name('product'),
      {
        name: 'category',
        type: 'text',
        description: 'Category',
        synonyms: ['category', 'product group', 'family', 'product category'],
      },
      {
        name: 'unitWeightKg',
        type: 'number',
        description: 'Weight of one unit in kg (convert with a unit transform)',
        synonyms: ['unit weight', 'weight', 'weight kg', 'net weight'],
      },
      {
        name: 'unitCost.amount',
        type: 'number',
        description: 'Cost of one unit',
        synonyms: ['unit cost', 'cost', 'standard cost'],
      },
      {
        name: 'unitCost.currency',
        type: 'currency',
        description: 'Currency of the cost (default: the reporting currency)',
        synonyms: ['currency', 'cost currency'],
      },
    ],
    places: { unitWeightKg: 3, 'unitCost.amount': 4 },
    money: 'unitCost',
  },
};

function masterDataTarget(table: MasterTable): ImportTarget<unknown> {
  const { resource, fields, places = {}, money } = definitions[table];
  return {
    name: table,
    fields,
    keyOf(values) {
      const key = values[resource.naturalKey];
      return typeof key === 'string' && key.trim() !== '' ? key.trim() : null;
    },
    toItem(values, _idOf, context) {
      const item: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(values)) {
        if (value === null || value === undefined) continue;
        const place = places[field];
        setPath(
          item,
          field,
          place !== undefined && typeof value === 'number' ? roundTo(value, place) : value,
        );
      }
      const amount = money ? (item[money] as Record<string, unknown> | undefined) : undefined;
      if (money && amount) {
        if (amount.amount === undefined) delete item[money];
        else if (amount.currency === undefined) amount.currency = context.currency;
      }
      return parseItem(resource.schemas.create, item, (path) => getPath(item, path));
    },
    write: (trx, caller, items) => upsertResources(trx, resource, caller, items),
  };
}

export const carriersTarget = masterDataTarget('carriers');
export const customersTarget = masterDataTarget('customers');
export const suppliersTarget = masterDataTarget('suppliers');
export const facilitiesTarget = masterDataTarget('facilities');
export const productsTarget = masterDataTarget('products');
