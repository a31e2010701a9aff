import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { cbvName, occurredAt, readEpcis, validateEpcis } from './epcis.js';
import type { SourceRecord } from './types.js';

const fixture = (name: string, chunk = 61) =>
  createReadStream(new URL(`../../../../test/fixtures/imports/${name}`, import.meta.url), {
    highWaterMark: chunk,
  });
const json = (value: unknown) =>
  Readable.from([Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))]);

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

async function refusal(promise: Promise<unknown>, code = 'IMPORT_EPCIS_INVALID'): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return (error as AppError).message;
}

const header = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
};
const objectEvent = { type: 'ObjectEvent', eventTime: '2026-03-02T14:15:00Z', eventTimeZoneOffset: '+00:00' };

describe('readEpcis', () => {
  it('gives one record per event in file order; unsupported EPCIS types carry a problem', async () => {
    const records = await collect(readEpcis(fixture('epcis-one-of-each.jsonld')));
    expect(records.map((r) => [r.row, r.values.type, r.problem])).toEqual([
      [1, 'ObjectEvent', undefined],
      [2, 'AggregationEvent', undefined],
      [3, 'TransactionEvent', undefined],
      [
        4,
        'TransformationEvent',
        'Event 4 (TransformationEvent) is not imported: Lanewise imports ObjectEvent, AggregationEvent and TransactionEvent.',
      ],
      [5, 'AssociationEvent', expect.stringContaining('(AssociationEvent) is not imported')],
    ]);
  });

  it('flattens an ObjectEvent to short CBV names, transactions by type and its zone offset', async () => {
    const [record] = await collect(readEpcis(fixture('epcis-one-of-each.jsonld')));
    const { event, ...values } = record?.values ?? {};
    expect(values).toEqual({
      type: 'ObjectEvent',
      eventID: 'ni:///sha-256;aa01?ver=CBV2.0',
      eventTime: '2026-03-02T14:15:00Z',
      eventTimeZoneOffset: '+01:00',
      occurredAt: '2026-03-02T15:15:00.000+01:00',
      recordTime: '2026-03-02T14:16:02Z',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: 'urn:epc:id:sgln:4012345.00001.0',
      bizLocation: 'urn:epc:id:sgln:4012345.00001.0',
      epcList: ['urn:epc:id:sgtin:4012345.011111.1001', 'urn:epc:id:sgtin:4012345.011111.1002'],
      bizTransactions: {
        po: 'urn:epcglobal:cbv:bt:4012345000009:PO-4455',
        desadv: 'urn:epcglobal:cbv:bt:4012345000009:ASN-5001',
      },
      shipmentReference: 'urn:epcglobal:cbv:bt:4012345000009:ASN-5001',
      sources: { owning_party: 'urn:epc:id:pgln:4012345.00000' },
      destinations: { owning_party: 'urn:epc:id:pgln:0614141.00000' },
      sensorReports: [
        {
          type: 'Temperature',
          value: 4.5,
          uom: 'CEL',
          time: '2026-03-02T14:10:00Z',
          deviceID: 'urn:epc:id:giai:4012345.TL-7',
        },
      ],
    });
    expect(event).toMatchObject({ type: 'ObjectEvent', bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping' });
  });

  it('reads aggregation and transaction events', async () => {
    const [, aggregation, transaction] = await collect(readEpcis(fixture('epcis-one-of-each.jsonld')));
    expect(aggregation?.values).toMatchObject({
      occurredAt: '2026-03-02T13:40:00.250-06:00',
      parentID: 'urn:epc:id:sscc:4012345.0000000111',
      childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001', 'urn:epc:id:sgtin:4012345.011111.1002'],
      childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011122.L25', quantity: 12 }],
      bizStep: 'packing',
      disposition: 'in_progress',
      bizTransactions: {},
    });
    expect(aggregation?.values.shipmentReference).toBeUndefined();
    expect(transaction?.values).toMatchObject({
      bizStep: 'receiving',
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011122.L25', quantity: 200, uom: 'KGM' }],
      shipmentReference: 'urn:epcglobal:cbv:bt:0614141000005:BOL778899',
      bizLocation: 'urn:epc:id:sgln:0614141.00777.0',
    });
  });

  it('reads the same records whatever the chunk size', async () => {
    const small = await collect(readEpcis(fixture('epcis-one-of-each.jsonld', 1)));
    const large = await collect(readEpcis(fixture('epcis-one-of-each.jsonld', 1 << 16)));
    expect(small).toEqual(large);
  });

  it('reads the events of an EPCISQueryDocument', async () => {
    const doc = {
      ...header,
      type: 'EPCISQueryDocument',
      epcisBody: {
        queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [objectEvent] } },
      },
    };
    const records = await collect(readEpcis(json(doc)));
    expect(records.map((r) => r.values.occurredAt)).toEqual(['2026-03-02T14:15:00.000+00:00']);
  });

  it('reads an empty eventList as no records', async () => {
    expect(await collect(readEpcis(json({ ...header, epcisBody: { eventList: [] } })))).toEqual([]);
  });
});

describe('validateEpcis', () => {
  it('counts the events of a valid document', async () => {
    await expect(validateEpcis(fixture('epcis-one-of-each.jsonld'))).resolves.toEqual({ events: 5 });
  });

  it('refuses a schemaVersion that is not 2.x', async () => {
    expect(await refusal(validateEpcis(fixture('epcis-bad-schema-version.json')))).toBe(
      'The document\'s schemaVersion is "1.2"; Lanewise reads EPCIS 2.x (export the file as EPCIS 2.0 JSON).',
    );
    await refusal(collect(readEpcis(fixture('epcis-bad-schema-version.json'))));
  });

  it.each([
    ['an array', [objectEvent], 'not an object'],
    ['a number', 42, 'not an object'],
    [
      'no @context',
      { type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: { eventList: [] } },
      'no @context',
    ],
    ['another type', { ...header, type: 'Invoice', epcisBody: { eventList: [] } }, 'type is "Invoice"'],
    [
      'no schemaVersion',
      { ...header, schemaVersion: undefined, epcisBody: { eventList: [] } },
      'no schemaVersion',
    ],
    ['no eventList', { ...header, epcisBody: {} }, 'no eventList'],
    ['an eventList that is not an array', { ...header, epcisBody: { eventList: {} } }, 'is not an array'],
    [
      'an unknown event type',
      { ...header, epcisBody: { eventList: [{ type: 'Shipment' }] } },
      'not an EPCIS 2.0',
    ],
    [
      'an event that is not an object',
      { ...header, epcisBody: { eventList: ['x'] } },
      'Event 1 of the eventList',
    ],
  ])('refuses a document with %s', async (_what, doc, message) => {
    expect(await refusal(validateEpcis(json(doc)))).toContain(message);
  });

  it('calls broken JSON malformed, not invalid EPCIS', async () => {
    await refusal(validateEpcis(json('{"type": "EPCISDocument", ')), 'IMPORT_FILE_MALFORMED');
    await refusal(validateEpcis(json('{"type": }')), 'IMPORT_FILE_MALFORMED');
  });
});

describe('EPCIS values', () => {
  it('strips the CBV vocabulary prefixes', () => {
    expect(cbvName('https://ref.gs1.org/cbv/BizStep-shipping')).toBe('shipping');
    expect(cbvName('urn:epcglobal:cbv:bizstep:receiving')).toBe('receiving');
    expect(cbvName('urn:epcglobal:cbv:disp:in_transit')).toBe('in_transit');
    expect(cbvName('https://ref.gs1.org/cbv/BTT-desadv')).toBe('desadv');
    expect(cbvName('departing')).toBe('departing');
    expect(cbvName('https://example.com/steps/custom')).toBe('https://example.com/steps/custom');
  });

  it('writes the instant in the event offset', () => {
    expect(occurredAt('2026-03-02T23:30:00Z', '-05:00')).toBe('2026-03-02T18:30:00.000-05:00');
    expect(occurredAt('2026-03-02T23:30:00+00:00', '+05:30')).toBe('2026-03-03T05:00:00.000+05:30');
    expect(occurredAt('2026-03-02T23:30:00', '+02:00')).toBe('2026-03-02T23:30:00+02:00');
    expect(occurredAt('2026-03-02T23:30:00Z', undefined)).toBe('2026-03-02T23:30:00Z');
    expect(occurredAt(undefined, '+02:00')).toBeUndefined();
  });
});
