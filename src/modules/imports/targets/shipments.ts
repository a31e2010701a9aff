import { shipmentModes, shipmentStatuses } from '../../../db/types.js';
import {
  type ShipmentCreate,
  type ShipmentResult,
  shipmentCreate,
  writeShipments,
} from '../../shipments/index.js';
import type { TargetField } from '../mapping/fields.js';
import { getPath, parseItem, roundTo, setPath, writeReasons } from './items.js';
import type { ImportTarget, TargetContext } from './types.js';

/** Shipments: upserted by (organization, source, reference) through writeShipments. */

const endpoint = (side: 'origin' | 'destination', words: string): TargetField[] => [
  {
    name: `${side}.city`,
    type: 'text',
    description: `City the shipment ${words}`,
    synonyms: [
      `${side} city`,
      side === 'origin' ? 'from city' : 'to city',
      side === 'origin' ? 'ship from city' : 'ship to city',
    ],
  },
  {
    name: `${side}.region`,
    type: 'text',
    description: `Region or state the shipment ${words}`,
    synonyms: [`${side} state`, `${side} region`, side === 'origin' ? 'from state' : 'to state'],
  },
  {
    name: `${side}.country`,
    type: 'country',
    description: `Country the shipment ${words} (ISO code or English name)`,
    synonyms: [
      `${side} country`,
      side === 'origin' ? 'from country' : 'to country',
      ...(side === 'destination'
        ? ['country', 'destination', 'ship to country']
        : ['origin', 'ship from country']),
    ],
  },
  {
    name: `${side}.facility`,
    type: 'reference',
    lookup: 'facilities',
    description: `The organization's facility the shipment ${words}`,
    synonyms: [`${side} facility`, `${side} warehouse`, side === 'origin' ? 'ship from' : 'ship to'],
  },
];

const fields: readonly TargetField[] = [
  {
    name: 'reference',
    type: 'text',
    required: true,
    description: 'Your reference, unique per source: re-importing it updates the shipment',
    synonyms: [
      'reference',
      'shipment id',
      'shipment number',
      'shipment reference',
      'id',
      'asn',
      'bol',
      'bill of lading',
      'tracking number',
      'pro number',
      'load id',
    ],
  },
  {
    name: 'mode',
    type: 'enum',
    values: shipmentModes,
    required: true,
    description: `Transport mode: ${shipmentModes.join(', ')}`,
    synonyms: ['mode', 'shipment mode', 'transport mode', 'ship mode', 'shipping mode', 'service'],
  },
  {
    name: 'status',
    type: 'enum',
    values: shipmentStatuses,
    description: 'Status; when absent, derived from the actual times',
    synonyms: ['status', 'shipment status', 'delivery status'],
  },
  {
    name: 'carrier',
    type: 'reference',
    lookup: 'carriers',
    description: 'Carrier, by name or SCAC',
    synonyms: ['carrier', 'carrier name', 'scac', 'forwarder', 'shipping company'],
  },
  {
    name: 'customer',
    type: 'reference',
    lookup: 'customers',
    description: 'The consignee (a customer)',
    synonyms: ['customer', 'consignee', 'client', 'customer name', 'ship to name'],
  },
  {
    name: 'supplier',
    type: 'reference',
    lookup: 'suppliers',
    description: 'The shipper (a supplier)',
    synonyms: ['supplier', 'vendor', 'shipper', 'supplier name', 'vendor name'],
  },
  {
    name: 'commodity',
    type: 'text',
    description: 'What it carries (a product category)',
    synonyms: ['commodity', 'product group', 'category', 'product category', 'goods'],
  },
  ...endpoint('origin', 'leaves from'),
  ...endpoint('destination', 'goes to'),
  {
    name: 'destination.timezone',
    type: 'text',
    description: 'IANA time zone of the destination (on-time by its calendar day)',
    synonyms: ['destination timezone', 'time zone'],
  },
  {
    name: 'plannedPickupAt',
    type: 'instant',
    description: 'Planned pickup',
    synonyms: [
      'planned pickup',
      'scheduled pickup',
      'pickup date planned',
      'planned ship date',
      'scheduled ship date',
    ],
  },
  {
    name: 'plannedDeliveryAt',
    type: 'instant',
    description: 'Planned (promised) delivery',
    synonyms: [
      'planned delivery',
      'scheduled delivery date',
      'scheduled delivery',
      'promised delivery',
      'due date',
      'eta',
      'expected delivery',
    ],
  },
  {
    name: 'actualPickupAt',
    type: 'instant',
    description: 'Actual pickup',
    synonyms: ['actual pickup', 'pickup date', 'ship date', 'shipped date', 'shipped at', 'departure date'],
  },
  {
    name: 'actualDeliveryAt',
    type: 'instant',
    description: 'Actual delivery',
    synonyms: [
      'actual delivery',
      'delivered date',
      'delivery date',
      'delivered to client date',
      'delivered at',
      'pod date',
      'arrival date',
    ],
  },
  {
    name: 'weightKg',
    type: 'number',
    description: 'Gross weight in kg (convert with a unit transform)',
    synonyms: ['weight', 'weight kg', 'weight kilograms', 'gross weight', 'kg'],
  },
  {
    name: 'volumeM3',
    type: 'number',
    description: 'Volume in m³',
    synonyms: ['volume', 'volume m3', 'cbm', 'cubic meters'],
  },
  {
    name: 'pallets',
    type: 'integer',
    description: 'Pallets',
    synonyms: ['pallets', 'pallet count', 'handling units'],
  },
  {
    name: 'distanceKm',
    type: 'number',
    description: 'Distance in km',
    synonyms: ['distance', 'distance km', 'km'],
  },
  {
    name: 'freightCost.amount',
    type: 'number',
    description: 'Freight cost',
    synonyms: [
      'freight cost',
      'freight',
      'freight cost usd',
      'shipping cost',
      'cost',
      'freight charge',
      'linehaul',
    ],
  },
  {
    name: 'freightCost.currency',
    type: 'currency',
    description: 'Currency of the freight cost (default: the reporting currency)',
    synonyms: ['currency', 'freight currency'],
  },
  {
    name: 'goodsValue.amount',
    type: 'number',
    description: 'Value of the goods',
    synonyms: ['goods value', 'value', 'line item value', 'declared value', 'cargo value', 'invoice value'],
  },
  {
    name: 'goodsValue.currency',
    type: 'currency',
    description: 'Currency of the goods value (default: the reporting currency)',
    synonyms: ['goods currency', 'value currency'],
  },
];

// Places the shipment columns keep (ADR 0010); import rounds to them, the API refuses more.
const places: Readonly<Record<string, number>> = {
  weightKg: 3,
  volumeM3: 3,
  distanceKm: 1,
  'freightCost.amount': 2,
  'goodsValue.amount': 2,
};
// Reference fields and the API field their id goes to.
const idFields: Readonly<Record<string, string>> = {
  carrier: 'carrierId',
  customer: 'customerId',
  supplier: 'supplierId',
  'origin.facility': 'origin.facilityId',
  'destination.facility': 'destination.facilityId',
};

export const shipmentsTarget: ImportTarget<ShipmentCreate> = {
  name: 'shipments',
  fields,
  keyOf(values, context) {
    const reference = values.reference;
    return typeof reference === 'string' && reference !== '' ? `${context.source}\u0000${reference}` : null;
  },
  toItem(values, idOf, context: TargetContext) {
    const item: Record<string, unknown> = { source: context.source };
    for (const [field, value] of Object.entries(values)) {
      if (value === null || value === undefined) continue;
      const idField = idFields[field];
      if (idField) {
        setPath(item, idField, idOf(field));
        continue;
      }
      const place = places[field];
      setPath(item, field, place !== undefined && typeof value === 'number' ? roundTo(value, place) : value);
    }
    // An amount with no currency column is in the organization's reporting currency.
    for (const money of ['freightCost', 'goodsValue'] as const) {
      const entry = item[money] as Record<string, unknown> | undefined;
      if (!entry) continue;
      if (entry.amount === undefined) delete item[money];
      else if (entry.currency === undefined) entry.currency = context.currency;
    }
    return parseItem(shipmentCreate, item, (path) => getPath(item, path));
  },
  async write(trx, caller, items) {
    const results: ShipmentResult[] = await writeShipments(
      trx,
      caller,
      items.map((item) => ({ op: 'upsert', item })),
      { mode: 'each' },
    );
    return results.map((r, i) =>
      r.result === 'refused' ? { result: 'refused', reasons: writeReasons(r.reasons, items[i]) } : r,
    );
  },
};
