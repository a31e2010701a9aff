import type { MappingDefinition, Transform } from './schema.js';

/**
 * Mappings for the record shapes the X12 and EPCIS readers produce (ADR 0017), so an EDI or
 * EPCIS file imports without the user writing one. They are data like any saved mapping: a user
 * copies one and edits it (another value map, a source, a zone for X12 local times). Tracking
 * events name their shipment in `shipment` by the shipment's own `reference`.
 */

// X12 214 AT701 shipment status codes (element 1650) → tracking codes; an unlisted code
// quarantines its record, naming the code, rather than guessing.
const x12StatusCodes: Record<string, string> = {
  XB: 'BOOKED',
  X3: 'BOOKED',
  X8: 'BOOKED',
  AF: 'PICKED_UP',
  CP: 'PICKED_UP',
  L1: 'PICKED_UP',
  P1: 'DEPARTED',
  OA: 'DEPARTED',
  RL: 'DEPARTED',
  X4: 'ARRIVED_AT_HUB',
  I1: 'ARRIVED_AT_HUB',
  AR: 'ARRIVED_AT_HUB',
  X6: 'IN_TRANSIT',
  J1: 'IN_TRANSIT',
  X1: 'IN_TRANSIT',
  X5: 'IN_TRANSIT',
  AJ: 'OUT_FOR_DELIVERY',
  AH: 'DELIVERY_ATTEMPTED',
  AP: 'DELIVERY_ATTEMPTED',
  D1: 'DELIVERED',
  CD: 'DELIVERED',
  SD: 'EXCEPTION',
  A3: 'EXCEPTION',
  A7: 'EXCEPTION',
  A9: 'EXCEPTION',
  AI: 'EXCEPTION',
  CA: 'CANCELLED',
};

// X12 TD504 transportation method/type codes (element 91) → shipment modes.
const x12TransportMethods: Record<string, string> = {
  M: 'road',
  E: 'road',
  P: 'road',
  J: 'road',
  LT: 'ltl',
  A: 'air',
  AE: 'air',
  R: 'rail',
  X: 'rail',
  O: 'ocean',
  S: 'ocean',
  U: 'parcel',
  D: 'parcel',
};

// CBV business steps (short names) → tracking codes. Steps inside a warehouse (picking,
// storing, cycle_counting…) are not tracking events; an unlisted step is quarantined.
const cbvBizSteps: Record<string, string> = {
  loading: 'PICKED_UP',
  shipping: 'DEPARTED',
  departing: 'DEPARTED',
  transporting: 'IN_TRANSIT',
  arriving: 'ARRIVED_AT_HUB',
  unloading: 'ARRIVED_AT_HUB',
  receiving: 'DELIVERED',
  accepting: 'DELIVERED',
  holding: 'EXCEPTION',
  void_shipping: 'CANCELLED',
};

const instant: Transform = { op: 'date', formats: ['iso'] };

export type PresetName = 'x12-214' | 'x12-856' | 'epcis-events';

export const presetMappings: Record<PresetName, MappingDefinition> = {
  'x12-214': {
    target: 'tracking-events',
    fields: {
      shipment: { column: 'shipmentId', required: true },
      code: { column: 'statusCode', transforms: [{ op: 'map', values: x12StatusCodes, otherwise: 'error' }] },
      rawCode: { column: 'statusCode' },
      // AT7 times without a time code are local to the place (LT); the mapping's zone reads them.
      occurredAt: { column: 'occurredAt', transforms: [instant] },
      city: { column: 'city' },
      country: { column: 'country' },
      latitude: { column: 'latitude' },
      longitude: { column: 'longitude' },
      message: {
        column: 'statusReason',
        transforms: [{ op: 'replace', pattern: '^(.+)$', with: 'X12 status reason $1' }],
      },
    },
  },
  'x12-856': {
    target: 'shipments',
    fields: {
      reference: { column: 'shipmentId' },
      mode: {
        column: 'transportMethod',
        transforms: [{ op: 'map', values: x12TransportMethods, otherwise: 'error' }],
      },
      carrier: { column: 'scac', lookup: { by: 'code', create: true } },
      'origin.city': { column: 'parties.SF.city' },
      'origin.region': { column: 'parties.SF.state' },
      'origin.country': { column: 'parties.SF.country' },
      'destination.city': { column: 'parties.ST.city' },
      'destination.region': { column: 'parties.ST.state' },
      'destination.country': { column: 'parties.ST.country' },
      // DTM 011 is the date shipped (an actual time); 017 the estimated delivery (a plan).
      actualPickupAt: { column: 'shippedAt', transforms: [instant] },
      plannedDeliveryAt: { column: 'estimatedDeliveryAt', transforms: [instant] },
      weightKg: { column: 'weightKg' },
    },
  },
  'epcis-events': {
    target: 'tracking-events',
    fields: {
      // bizTransaction ids are URIs (urn:epcglobal:cbv:bt:<GLN>:<id>, https://…/<id>): keep the last part.
      shipment: {
        column: 'shipmentReference',
        required: true,
        transforms: [{ op: 'extract', pattern: '([^:/]+)$', group: 1 }],
      },
      code: { column: 'bizStep', transforms: [{ op: 'map', values: cbvBizSteps, otherwise: 'error' }] },
      rawCode: { column: 'bizStep' },
      occurredAt: { column: 'occurredAt', transforms: [instant] },
      message: { column: 'disposition' },
    },
  },
};
