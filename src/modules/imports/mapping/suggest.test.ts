import { describe, expect, it } from 'vitest';
import type { RecordObject } from '../formats/types.js';
import { shipmentsTarget } from '../targets/shipments.js';
import { applyMapping, compileMapping } from './apply.js';
import { mappingDefinition } from './schema.js';
import { suggestMapping } from './suggest.js';

const fields = shipmentsTarget.fields;

// The header of a public supply-chain shipment export (SCMS delivery history), values as it writes them.
const scmsColumns = [
  'ID',
  'Project Code',
  'PQ #',
  'PO / SO #',
  'ASN/DN #',
  'Country',
  'Managed By',
  'Fulfill Via',
  'Vendor INCO Term',
  'Shipment Mode',
  'PQ First Sent to Client Date',
  'PO Sent to Vendor Date',
  'Scheduled Delivery Date',
  'Delivered to Client Date',
  'Delivery Recorded Date',
  'Product Group',
  'Sub Classification',
  'Vendor',
  'Item Description',
  'Molecule/Test Type',
  'Brand',
  'Dosage',
  'Dosage Form',
  'Unit of Measure (Per Pack)',
  'Line Item Quantity',
  'Line Item Value',
  'Pack Price',
  'Unit Price',
  'Manufacturing Site',
  'First Line Designation',
  'Weight (Kilograms)',
  'Freight Cost (USD)',
  'Line Item Insurance (USD)',
];

type Row = [string, string, string, string, string, string, string, string, string, string];
// ID, ASN, Country, Mode, PQ sent, Scheduled, Delivered, Vendor, Weight, Freight
const rows: Row[] = [
  [
    '1',
    'ASN-8',
    "Côte d'Ivoire",
    'Air',
    'Pre-PQ Process',
    '2-Jun-06',
    '2-Jun-06',
    'RANBAXY Fine Chemicals LTD.',
    '13',
    '780.34',
  ],
  [
    '3',
    'ASN-14',
    'Vietnam',
    'Air',
    'Pre-PQ Process',
    '14-Nov-06',
    '14-Nov-06',
    'Aurobindo Pharma Limited',
    '358',
    '4521.5',
  ],
  [
    '4',
    'ASN-20',
    "Côte d'Ivoire",
    'Air',
    'Pre-PQ Process',
    '27-Aug-06',
    '27-Aug-06',
    'Abbott GmbH & Co. KG',
    '171',
    '1653.78',
  ],
  [
    '15',
    'ASN-93',
    'Vietnam',
    'Truck',
    '9-Sep-09',
    '1-Sep-10',
    '31-Aug-10',
    'SCMS from RDC',
    'See ASN-93 (ID#:1281)',
    'Freight Included in Commodity Cost',
  ],
  [
    '16',
    'DN-304',
    'Nigeria',
    'Ocean',
    'Date Not Captured',
    '11-Aug-06',
    '11-Aug-06',
    'Orgenics, Ltd',
    'Weight Captured Separately',
    'Freight Included in Commodity Cost',
  ],
  [
    '23',
    'DN-336',
    'Haiti',
    'Air Charter',
    '5-Jan-10',
    '5-May-10',
    '12-May-10',
    'SCMS from RDC',
    'See DN-304 (ID#:10589)',
    'See DN-304 (ID#:10589)',
  ],
  [
    '44',
    'ASN-31',
    'South Africa',
    'N/A',
    '9-Jun-12',
    '19-Jun-12',
    '19-Jun-12',
    'Aurobindo Pharma Limited',
    '1,426',
    '10,205.69',
  ],
];
const sample = rows.map((r, i) => {
  const values: Record<string, string> = Object.fromEntries(scmsColumns.map((c) => [c, '']));
  Object.assign(values, {
    ID: r[0],
    'Project Code': '100-CI-T01',
    'ASN/DN #': r[1],
    Country: r[2],
    'Managed By': 'PMO - US',
    'Fulfill Via': 'Direct Drop',
    'Shipment Mode': r[3],
    'PQ First Sent to Client Date': r[4],
    'Scheduled Delivery Date': r[5],
    'Delivered to Client Date': r[6],
    'Delivery Recorded Date': r[6],
    'Product Group': 'HRDT',
    Vendor: r[7],
    'Line Item Quantity': '19',
    'Line Item Value': '551',
    'Weight (Kilograms)': r[8],
    'Freight Cost (USD)': r[9],
    'Line Item Insurance (USD)': 'N/A',
  });
  return { row: i + 1, values: values as RecordObject };
});

describe('suggestMapping', () => {
  it('maps the SCMS shipment export to shipments, and the suggestion compiles and loads its rows', () => {
    const s = suggestMapping(fields, 'shipments', scmsColumns, sample);
    expect(mappingDefinition.parse(s.definition)).toEqual(s.definition);
    const byField = Object.fromEntries(
      Object.entries(s.definition.fields).map(([f, m]) => [f, m.column ?? m.value]),
    );
    expect(byField).toEqual({
      reference: 'ID',
      mode: 'Shipment Mode',
      'destination.country': 'Country',
      supplier: 'Vendor',
      commodity: 'Product Group',
      plannedDeliveryAt: 'Scheduled Delivery Date',
      actualDeliveryAt: 'Delivered to Client Date',
      weightKg: 'Weight (Kilograms)',
      'freightCost.amount': 'Freight Cost (USD)',
      'freightCost.currency': 'USD',
      'goodsValue.amount': 'Line Item Value',
    });
    const f = s.definition.fields;
    expect(f.plannedDeliveryAt?.transforms).toEqual([{ op: 'date', formats: ['d-MMM-yy'] }]);
    expect(f.mode?.transforms).toEqual([
      { op: 'map', values: { Truck: 'road', 'Air Charter': 'air' }, otherwise: 'keep' },
    ]);
    expect(f.supplier?.lookup).toEqual({ by: 'name', create: true });
    expect(f.weightKg).toMatchObject({
      unknown: expect.arrayContaining(['Weight Captured Separately']),
      unknownPattern: '^(?:See)\\b',
    });
    expect(f['freightCost.amount']?.unknown).toContain('Freight Included in Commodity Cost');
    expect(s.confidence.reference).toBe(1);
    expect(s.confidence.mode).toBeGreaterThan(0.8);
    expect(s.unmapped).toContain('PQ First Sent to Client Date');
    expect(s.unmapped).toContain('Line Item Insurance (USD)');
    expect(s.unmapped).not.toContain('Vendor');

    const compiled = compileMapping(s.definition, fields);
    const results = sample.map((r) => applyMapping(compiled, r));
    expect(results.map((r) => r.reasons.map((x) => `${x.field}:${x.rule}`))).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      ['mode:required'],
    ]);
    expect(results[3]?.values).toMatchObject({ mode: 'road', weightKg: null, 'freightCost.amount': null });
    expect(results[6]?.values).toMatchObject({
      weightKg: 1426,
      'freightCost.amount': 10205.69,
      'destination.country': 'ZA',
    });
    const item = shipmentsTarget.toItem(results[0]?.values ?? {}, () => 5, {
      source: 'scms',
      currency: 'EUR',
    });
    expect(item).toMatchObject({
      item: { reference: '1', mode: 'air', supplierId: 5, freightCost: { amount: 780.34, currency: 'USD' } },
    });
  });

  it('reads messy names: camelCase, underscores, typos and unit hints; codes look up by code; day-first dates', () => {
    const columns = [
      'Shipmnt Mode',
      'LoadID',
      'weight_lb',
      'Carrier SCAC',
      'ShipDate',
      'Volume (cu ft)',
      'Dest Country',
    ];
    const values = [
      ['LTL', 'L-1', '2200', 'ODFL', '13/02/2024', '1,5', 'US'],
      ['Truckload', 'L-2', '10.5', 'SAIA', '01/03/2024', '20', 'Mexico'],
      ['parcel', 'L-3', 'n/a', 'UPSN', '02/03/2024', '3,25', 'CAN'],
    ];
    const sampleRows = values.map((v, i) => ({
      row: i + 1,
      values: Object.fromEntries(columns.map((c, k) => [c, v[k] as string])),
    }));
    const s = suggestMapping(fields, 'shipments', columns, sampleRows);
    const f = s.definition.fields;
    expect(f.mode?.column).toBe('Shipmnt Mode');
    expect(f.mode?.transforms).toEqual([{ op: 'map', values: { Truckload: 'ftl' }, otherwise: 'keep' }]);
    expect(f.reference?.column).toBe('LoadID');
    expect(f.weightKg).toMatchObject({
      column: 'weight_lb',
      transforms: [{ op: 'unit', from: 'lb', to: 'kg' }],
    });
    expect(f.carrier).toMatchObject({ column: 'Carrier SCAC', lookup: { by: 'code', create: true } });
    expect(f.actualPickupAt).toMatchObject({
      column: 'ShipDate',
      transforms: [{ op: 'date', formats: ['d/M/yyyy'] }],
    });
    expect(f.volumeM3).toMatchObject({
      column: 'Volume (cu ft)',
      transforms: [
        { op: 'number', decimal: ',', thousands: '.' },
        { op: 'unit', from: 'ft3', to: 'm3' },
      ],
    });
    expect(f['destination.country']?.column).toBe('Dest Country');
    const compiled = compileMapping(s.definition, fields);
    const out = applyMapping(compiled, sampleRows[0] as (typeof sampleRows)[number]);
    expect(out.reasons).toEqual([]);
    expect(out.values).toMatchObject({
      mode: 'ltl',
      actualPickupAt: '2024-02-13T00:00:00.000Z',
      'destination.country': 'US',
    });
    expect(out.values.weightKg).toBeCloseTo(997.903214, 6);
    expect(out.values.volumeM3).toBeCloseTo(0.042475, 6);
  });

  it('suggests month-first dates with less confidence when no day of the sample is above 12', () => {
    const sampleRows = ['01/02/2024', '03/04/2024', '12/11/2024'].map((d, i) => ({
      row: i + 1,
      values: { Reference: `R${i}`, Mode: 'air', 'Delivery Date': d },
    }));
    const s = suggestMapping(fields, 'shipments', ['Reference', 'Mode', 'Delivery Date'], sampleRows);
    expect(s.definition.fields.actualDeliveryAt?.transforms).toEqual([{ op: 'date', formats: ['M/d/yyyy'] }]);
    expect(s.confidence.actualDeliveryAt).toBeLessThan(0.9);
    expect(s.confidence.mode).toBe(1);
  });

  it('keeps a broken date a reason to quarantine, and reads a 31 in front as day first', () => {
    const sampleRows = ['02/06/2024', '31/02/2024', 'Date Not Captured'].map((d, i) => ({
      row: i + 1,
      values: { Reference: `R${i}`, Mode: 'air', 'Delivery Date': d },
    }));
    const s = suggestMapping(fields, 'shipments', ['Reference', 'Mode', 'Delivery Date'], sampleRows);
    const field = s.definition.fields.actualDeliveryAt;
    expect(field?.transforms).toEqual([{ op: 'date', formats: ['d/M/yyyy'] }]);
    expect(field?.unknown).toContain('Date Not Captured');
    expect(field?.unknown).not.toContain('31/02/2024');
    const compiled = compileMapping(s.definition, fields);
    const broken = applyMapping(compiled, sampleRows[1] as (typeof sampleRows)[number]);
    expect(broken.reasons.map((r) => [r.field, r.rule])).toEqual([['actualDeliveryAt', 'date']]);
    expect(applyMapping(compiled, sampleRows[2] as (typeof sampleRows)[number]).reasons).toEqual([]);
  });

  it('still compiles when no column fits a required field, with confidence 0', () => {
    const s = suggestMapping(fields, 'shipments', ['Colour'], [{ row: 1, values: { Colour: 'red' } }]);
    expect(s.definition.fields.mode).toEqual({ value: null });
    expect(s.confidence.mode).toBe(0);
    expect(s.unmapped).toEqual(['Colour']);
  });
});
