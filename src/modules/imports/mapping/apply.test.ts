import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import type { RecordObject } from '../formats/types.js';
import { shipmentsTarget } from '../targets/shipments.js';
import { applyMapping, checkMapping, compileMapping } from './apply.js';
import type { TargetField } from './fields.js';
import type { MappingDefinition } from './schema.js';

const fields = shipmentsTarget.fields;
const record = (values: RecordObject, row = 1) => ({ row, values });

const scms: MappingDefinition = {
  target: 'shipments',
  source: 'scms',
  fields: {
    reference: { column: 'ASN/DN #', transforms: [{ op: 'trim' }] },
    mode: {
      column: 'Shipment Mode',
      transforms: [{ op: 'map', values: { 'Air Charter': 'air', Truck: 'road' }, otherwise: 'keep' }],
    },
    carrier: { column: 'carrier.scac', lookup: { by: 'code', create: true } },
    'destination.country': { column: 'Country' },
    plannedDeliveryAt: {
      column: 'Scheduled Delivery Date',
      transforms: [{ op: 'date', formats: ['d-MMM-yy'] }],
    },
    weightKg: { column: 'Weight (Kilograms)', unparsable: 'unknown', min: 0 },
    'freightCost.amount': { column: 'Freight Cost (USD)', unknownPattern: '^Freight Included' },
    'freightCost.currency': { value: 'USD' },
    commodity: { columns: ['Product Group', 'Sub Classification'], separator: ' / ' },
  },
};

const row: RecordObject = {
  'ASN/DN #': ' ASN-8 ',
  'Shipment Mode': 'Air Charter',
  carrier: { scac: 'SWFT' },
  Country: "Côte d'Ivoire",
  'Scheduled Delivery Date': '2-Jun-06',
  'Weight (Kilograms)': '1,234',
  'Freight Cost (USD)': '780.34',
  'Product Group': 'ARV',
  'Sub Classification': 'N/A',
};

function problemsOf(definition: MappingDefinition, targetFields: readonly TargetField[] = fields) {
  try {
    compileMapping(definition, targetFields);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('IMPORT_MAPPING_INVALID');
    return (error as AppError).details.errors as { path: string; message: string }[];
  }
  return [];
}

describe('applyMapping', () => {
  const compiled = compileMapping(scms, fields);

  it('maps a record to typed values and lookups the shipments target turns into an item', () => {
    const out = applyMapping(compiled, record(row));
    expect(out.reasons).toEqual([]);
    expect(out.values).toEqual({
      reference: 'ASN-8',
      mode: 'air',
      carrier: 'SWFT',
      'destination.country': 'CI',
      plannedDeliveryAt: '2006-06-02T00:00:00.000Z',
      weightKg: 1234,
      'freightCost.amount': 780.34,
      'freightCost.currency': 'USD',
      commodity: 'ARV',
    });
    expect(out.lookups).toEqual([
      { field: 'carrier', table: 'carriers', by: 'code', text: 'SWFT', create: true },
    ]);
    const item = shipmentsTarget.toItem(out.values, () => 3, { source: 'scms', currency: 'EUR' });
    expect(item).toMatchObject({ item: { reference: 'ASN-8', mode: 'air', carrierId: 3, weightKg: 1234 } });
  });

  it('quarantines what it cannot read, with field, column, value, rule and a plain message', () => {
    const out = applyMapping(
      compiled,
      record({
        ...row,
        'Shipment Mode': 'Hovercraft',
        'Scheduled Delivery Date': 'Date Not Captured',
        'Freight Cost (USD)': 'See ASN-93 (ID#:1281)',
        Country: 'Atlantis',
        'Weight (Kilograms)': 'Weight Captured Separately',
      }),
    );
    expect(out.reasons).toEqual([
      {
        field: 'mode',
        column: 'Shipment Mode',
        value: 'Hovercraft',
        rule: 'enum',
        message:
          '"Hovercraft" in column Shipment Mode is not one of road, ltl, ftl, parcel, air, ocean, rail',
      },
      expect.objectContaining({ field: 'destination.country', rule: 'country', value: 'Atlantis' }),
      expect.objectContaining({
        field: 'plannedDeliveryAt',
        rule: 'date',
        message: '"Date Not Captured" in column Scheduled Delivery Date is not a date in the format d-MMM-yy',
      }),
      expect.objectContaining({
        field: 'freightCost.amount',
        rule: 'number',
        value: 'See ASN-93 (ID#:1281)',
      }),
    ]);
    // unparsable: unknown loads the row with no weight.
    expect(out.values.weightKg).toBeNull();
  });

  it('reads unknown texts as null: the mapping list, a field list that replaces it, and a pattern', () => {
    const definition: MappingDefinition = {
      target: 'shipments',
      unknown: ['Date Not Captured', 'N/A'],
      fields: {
        reference: { column: 'id' },
        mode: { value: 'air' },
        plannedDeliveryAt: { column: 'planned', transforms: [{ op: 'date', formats: ['iso'] }] },
        actualDeliveryAt: { column: 'actual', unknown: ['Pre-PQ Process'] },
        'freightCost.amount': { column: 'freight', unknownPattern: '^freight included' },
      },
    };
    const c = compileMapping(definition, fields);
    const out = applyMapping(
      c,
      record({
        id: 'A',
        planned: ' date not captured ',
        actual: 'Pre-PQ Process',
        freight: 'Freight Included in Commodity Cost',
      }),
    );
    expect(out.reasons).toEqual([]);
    expect(out.values).toMatchObject({
      plannedDeliveryAt: null,
      actualDeliveryAt: null,
      'freightCost.amount': null,
    });
    // The field's own list replaces the mapping's: N/A is not unknown there.
    expect(applyMapping(c, record({ id: 'A', actual: 'N/A' })).reasons.map((r) => r.rule)).toEqual(['date']);
  });

  it('checks required, min, max, matches and oneOf', () => {
    const c = compileMapping(
      {
        target: 'shipments',
        fields: {
          reference: { column: 'id', matches: '^[A-Z]+-\\d+$' },
          mode: { column: 'mode', oneOf: ['Air', 'ocean'] },
          pallets: { column: 'pallets', min: 1, max: 33 },
          'origin.city': { column: 'city', required: true },
        },
      },
      fields,
    );
    expect(applyMapping(c, record({ id: 'AB-1', mode: 'air', pallets: '3', city: 'Lagos' })).reasons).toEqual(
      [],
    );
    const out = applyMapping(c, record({ id: 'ab1', mode: 'rail', pallets: '40', city: 'none' }));
    expect(out.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['reference', 'matches'],
      ['mode', 'oneOf'],
      ['pallets', 'max'],
      ['origin.city', 'required'],
    ]);
    expect(
      applyMapping(c, record({ id: 'AB-1', mode: 'air', pallets: '2.5' })).reasons.map((r) => r.rule),
    ).toEqual(['integer', 'required']);
  });

  it('reads dotted paths into JSON objects and lists, and exact dotted column names first', () => {
    const c = compileMapping(
      {
        target: 'shipments',
        fields: {
          reference: { column: 'epcList.0' },
          mode: { column: 'ship.mode' },
          commodity: { column: 'a.b' },
        },
      },
      fields,
    );
    const out = applyMapping(
      c,
      record({
        epcList: ['urn:epc:id:sgtin:1', 'x'],
        ship: { mode: 'OCEAN' },
        'a.b': 'flat',
        a: { b: 'nested' },
      }),
    );
    expect(out.values).toEqual({ reference: 'urn:epc:id:sgtin:1', mode: 'ocean', commodity: 'flat' });
    expect(applyMapping(c, record({ epcList: [], ship: {} })).reasons.map((r) => r.rule)).toEqual([
      'required',
      'required',
    ]);
    expect(applyMapping(c, record({ epcList: [{ a: 1 }], ship: { mode: 'air' } })).reasons[0]).toMatchObject({
      field: 'reference',
      rule: 'type',
    });
  });

  it('types booleans, days, instants, integers and currencies (no boolean or day field in shipments: a test target)', () => {
    const testFields: TargetField[] = [
      { name: 'flag', type: 'boolean', description: '', synonyms: [] },
      { name: 'day', type: 'day', description: '', synonyms: [] },
      { name: 'at', type: 'instant', description: '', synonyms: [] },
      { name: 'money', type: 'currency', description: '', synonyms: [] },
      { name: 'count', type: 'integer', description: '', synonyms: [] },
    ];
    const c = compileMapping(
      {
        target: 'orders',
        timeZone: 'America/Chicago',
        fields: {
          flag: { column: 'flag' },
          day: { column: 'day', transforms: [{ op: 'date', formats: ['MM/dd/yyyy'] }] },
          at: { column: 'at' },
          money: { column: 'money' },
          count: { column: 'count', transforms: [{ op: 'number', decimal: ',' }] },
        },
      },
      testFields,
    );
    expect(
      applyMapping(
        c,
        record({ flag: 'Y', day: '06/02/2006', at: '2006-06-02 08:00', money: '€', count: '1.200' }),
      ),
    ).toEqual({
      values: { flag: true, day: '2006-06-02', at: '2006-06-02T13:00:00.000Z', money: 'EUR', count: 1200 },
      lookups: [],
      reasons: [],
    });
    const bad = applyMapping(
      c,
      record({ flag: 'maybe', day: '13/13/2006', at: 'soon', money: '$', count: '1,5' }),
    );
    expect(bad.reasons.map((r) => r.rule)).toEqual(['boolean', 'date', 'date', 'currency', 'integer']);
    expect(applyMapping(c, record({ flag: false, day: '12/31/2006' })).values).toMatchObject({
      flag: false,
      day: '2006-12-31',
    });
  });

  it('joins columns, leaving out unknown parts', () => {
    const c = compileMapping(
      {
        target: 'shipments',
        fields: {
          reference: { columns: ['PO', 'Line'], separator: '-' },
          mode: { value: 'road' },
        },
      },
      fields,
    );
    expect(applyMapping(c, record({ PO: 'PO-1', Line: 3 })).values.reference).toBe('PO-1-3');
    expect(applyMapping(c, record({ PO: 'PO-1', Line: 'N/A' })).values.reference).toBe('PO-1');
    expect(applyMapping(c, record({ PO: '', Line: '-' })).reasons[0]).toMatchObject({
      field: 'reference',
      column: 'PO, Line',
      rule: 'required',
    });
  });

  it('quarantines a record the reader could not read with one reason', () => {
    expect(
      applyMapping(compiled, {
        row: 7,
        values: { _raw: 'a,b,c' },
        problem: 'the line has 3 fields, the header 2',
      }),
    ).toEqual({
      values: {},
      lookups: [],
      reasons: [
        { field: 'record', value: 'a,b,c', rule: 'record', message: 'the line has 3 fields, the header 2' },
      ],
    });
  });

  it('cuts long values in reasons to 200 characters', () => {
    const out = applyMapping(compiled, record({ ...row, 'Freight Cost (USD)': 'x'.repeat(500) }));
    expect(out.reasons[0]?.value).toBe('x'.repeat(200));
  });
});

describe('compileMapping', () => {
  it('lists every problem of a mapping at once', () => {
    const problems = problemsOf({
      target: 'shipments',
      fields: {
        reference: { column: 'id', lookup: { by: 'name' } },
        weightKg: { column: 'w', transforms: [{ op: 'unit', from: 'lb', to: 'm3' }] },
        plannedDeliveryAt: { column: 'p', transforms: [{ op: 'date', formats: ['dd/QQ/yyyy'] }], min: 3 },
        flavour: { column: 'f' },
        pallets: { value: 'lots' },
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'fields.reference.lookup',
      'fields.weightKg.transforms.0',
      'fields.plannedDeliveryAt.transforms.0',
      'fields.plannedDeliveryAt.min',
      'fields.flavour',
      'fields.pallets.value',
      'fields.mode',
    ]);
    expect(problems.find((p) => p.path === 'fields.mode')?.message).toBe(
      'mode is required by shipments: map it from a column or give it a value',
    );
    expect(problems.find((p) => p.path === 'fields.weightKg.transforms.0')?.message).toMatch(
      /lb \(mass\) to m3/,
    );
  });

  it('refuses a definition its schema refuses', () => {
    const problems = problemsOf({
      target: 'shipments',
      fields: { reference: { column: 'a', value: 'b' }, mode: { value: 'air' } },
    } as MappingDefinition);
    expect(problems[0]?.path).toBe('fields.reference');
  });
});

describe('checkMapping', () => {
  it('names the columns a table header lacks', () => {
    const compiled = compileMapping(scms, fields);
    const problems = checkMapping(compiled, [
      'ASN/DN #',
      'Shipment Mode',
      'carrier',
      'Country',
      'Weight (Kilograms)',
      'Freight Cost (USD)',
      'Product Group',
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      'fields.plannedDeliveryAt.column',
      'fields.commodity.columns.1',
    ]);
    expect(problems[0]?.message).toMatch(
      /^the file has no column "Scheduled Delivery Date"; its columns are ASN\/DN #/,
    );
  });
});
