import { shipmentModes, shipmentStatuses } from '../../../db/types.js';
import type { DimensionDefinition } from './types.js';

const orderStatuses = ['open', 'allocated', 'shipped', 'delivered', 'cancelled'] as const;

const d = (definition: DimensionDefinition) => definition;

/** Every dimension and filter field of the catalog. Which facts have each: semantic/facts.ts. */
export const dimensions: readonly DimensionDefinition[] = [
  d({
    name: 'carrier',
    label: 'Carrier',
    synonyms: ['carriers', 'per carrier', 'by carrier', 'haulier', 'forwarder', 'scac'],
    description: 'The carrier of the shipment (unknown when none is set)',
    type: 'id',
    entity: { table: 'carriers', matchColumns: ['name', 'scac'] },
  }),
  d({
    name: 'mode',
    label: 'Mode',
    synonyms: ['transport mode', 'modes', 'by mode'],
    description: 'Mode of transport',
    type: 'string',
    values: shipmentModes,
  }),
  d({
    name: 'status',
    label: 'Shipment status',
    synonyms: ['shipment status', 'state'],
    description: 'The shipment status now',
    type: 'string',
    values: shipmentStatuses,
  }),
  d({
    name: 'lane',
    label: 'Lane',
    synonyms: ['lanes', 'route', 'by lane', 'corridor'],
    description: '"Origin city, CC → destination city, CC" (unknown when either end has no city or country)',
    type: 'string',
  }),
  ...(['origin', 'destination'] as const).flatMap((end) => {
    const End = end === 'origin' ? 'Origin' : 'Destination';
    const word = end === 'origin' ? 'from' : 'to';
    return [
      d({
        name: `${end}City`,
        label: `${End} city`,
        synonyms: [`${end} city`, `${word} city`, `${end}`],
        description: `City of the shipment's ${end}`,
        type: 'string',
      }),
      d({
        name: `${end}Region`,
        label: `${End} region`,
        synonyms: [`${end} region`, `${end} state`, `${end} province`],
        description: `Region (state, province) of the shipment's ${end}`,
        type: 'string',
      }),
      d({
        name: `${end}Country`,
        label: `${End} country`,
        synonyms: [`${end} country`, `${word} country`],
        description: `ISO 3166-1 alpha-2 country of the shipment's ${end}`,
        type: 'string',
      }),
      d({
        name: `${end}Facility`,
        label: `${End} facility`,
        synonyms: [`${end} facility`, `${end} warehouse`, `${end} site`],
        description: `The facility the shipment ${end === 'origin' ? 'leaves' : 'goes to'}, when it is one of the organization's`,
        type: 'id',
        entity: { table: 'facilities', matchColumns: ['name', 'code'] },
      }),
    ];
  }),
  d({
    name: 'facility',
    label: 'Facility',
    synonyms: ['warehouse', 'dc', 'site', 'ship-from facility', 'location'],
    description: 'Where stock is held (inventory) or an order ships from (orders)',
    type: 'id',
    entity: { table: 'facilities', matchColumns: ['name', 'code'] },
  }),
  d({
    name: 'customer',
    label: 'Customer',
    synonyms: ['customers', 'consignee', 'client', 'account', 'by customer'],
    description: 'The customer of an order, or the consignee of a shipment',
    type: 'id',
    entity: { table: 'customers', matchColumns: ['name', 'code'] },
  }),
  d({
    name: 'supplier',
    label: 'Supplier',
    synonyms: ['suppliers', 'shipper', 'vendor', 'by supplier'],
    description: 'The shipper of a shipment, when it is one of the organization’s suppliers',
    type: 'id',
    entity: { table: 'suppliers', matchColumns: ['name', 'code'] },
  }),
  d({
    name: 'product',
    label: 'Product',
    synonyms: ['sku', 'item', 'article', 'by product', 'by sku'],
    description: 'The product (SKU) of an order line or a stock position',
    type: 'id',
    entity: { table: 'products', matchColumns: ['sku', 'name'] },
  }),
  d({
    name: 'productCategory',
    label: 'Product category',
    synonyms: ['category', 'commodity', 'product group', 'by category'],
    description: "The product's category (order lines, stock) or the shipment's commodity",
    type: 'string',
  }),
  d({
    name: 'orderStatus',
    label: 'Order status',
    synonyms: ['order state'],
    description: 'The order status now',
    type: 'string',
    values: orderStatuses,
  }),
  d({
    name: 'currency',
    label: 'Currency',
    synonyms: ['shipment currency'],
    description: 'The currency the shipment is priced in (before conversion)',
    type: 'string',
  }),
  d({
    name: 'onTime',
    label: 'On time',
    synonyms: ['late', 'on-time', 'punctual'],
    description:
      'Whether a delivered shipment arrived on or before its planned day (unknown without both dates)',
    type: 'boolean',
  }),
  d({
    name: 'weightKg',
    label: 'Weight (kg)',
    synonyms: ['weight', 'heavier than', 'lighter than'],
    description: 'Gross weight of the shipment, for filters such as "heavier than 500 kg"',
    type: 'number',
    filterOnly: true,
  }),
];

const byName = new Map(dimensions.map((dimension) => [dimension.name, dimension]));

/** The dimension of a name, or undefined. */
export function dimensionNamed(name: string): DimensionDefinition | undefined {
  return byName.get(name);
}
