import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shipmentModes } from '../../../db/types.js';
import { trackingCodes } from '../../shipments/index.js';
import { readEpcis } from '../formats/epcis.js';
import type { RecordObject, SourceRecord } from '../formats/types.js';
import { readX12 } from '../formats/x12/index.js';
import { targetOf } from '../targets/index.js';
import { applyMapping, compileMapping } from './apply.js';
import { presetMappings } from './presets.js';
import { type MappingDefinition, mappingDefinition } from './schema.js';

const fixture = (name: string) =>
  createReadStream(new URL(`../../../../test/fixtures/imports/${name}`, import.meta.url));

async function values(records: AsyncIterable<SourceRecord>): Promise<RecordObject[]> {
  const out: RecordObject[] = [];
  for await (const record of records) if (!record.problem) out.push(record.values);
  return out;
}

function at(record: RecordObject, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

const columnsOf = (mapping: MappingDefinition) =>
  Object.values(mapping.fields).flatMap((f) => f.columns ?? (f.column ? [f.column] : []));

function mapOf(mapping: MappingDefinition, field: string): Record<string, unknown> {
  const step = mapping.fields[field]?.transforms?.find((t) => t.op === 'map');
  return step?.op === 'map' ? step.values : {};
}

const cases = [
  ['x12-214', () => readX12(fixture('x12-214-two-sets.edi'))],
  ['x12-856', () => readX12(fixture('x12-856-two-shipments.edi'))],
  ['epcis-events', () => readEpcis(fixture('epcis-one-of-each.jsonld'))],
] as const;

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of records) if (!record.problem) out.push(record);
  return out;
}

describe('presetMappings', () => {
  it.each(cases)('%s is a valid mapping definition', (name) => {
    expect(mappingDefinition.parse(presetMappings[name])).toEqual(presetMappings[name]);
  });

  it.each(cases)('%s compiles against its target and maps its fixture', async (name, read) => {
    const preset = presetMappings[name];
    const compiled = compileMapping(preset, targetOf(preset.target).fields);
    const reasons = (await collect(read())).map((record) => applyMapping(compiled, record).reasons);
    // Every EDI record maps; of the EPCIS fixture's events, the ones inside a warehouse (packing,
    // no shipment named) are not tracking events and are quarantined by design.
    if (name === 'epcis-events') expect(reasons.filter((r) => r.length === 0).length).toBeGreaterThan(0);
    else expect(reasons.every((r) => r.length === 0)).toBe(true);
  });

  it.each(cases)('%s reads only columns the reader fills for its fixture', async (name, read) => {
    const records = await values(read());
    expect(records.length).toBeGreaterThan(0);
    for (const column of columnsOf(presetMappings[name])) {
      expect(
        records.some((r) => at(r, column) !== undefined),
        column,
      ).toBe(true);
    }
  });

  it('maps every 214 status of the fixture to a tracking code', async () => {
    const codes = mapOf(presetMappings['x12-214'], 'code');
    expect(Object.values(codes).every((c) => (trackingCodes as readonly unknown[]).includes(c))).toBe(true);
    const records = await values(readX12(fixture('x12-214-two-sets.edi')));
    expect(records.map((r) => codes[String(r.statusCode)])).toEqual([
      'BOOKED',
      'PICKED_UP',
      'IN_TRANSIT',
      'IN_TRANSIT',
      'DELIVERED',
      'EXCEPTION',
    ]);
  });

  it('maps the 856 transport methods to shipment modes', async () => {
    const modes = mapOf(presetMappings['x12-856'], 'mode');
    expect(Object.values(modes).every((m) => (shipmentModes as readonly unknown[]).includes(m))).toBe(true);
    const records = await values(readX12(fixture('x12-856-two-shipments.edi')));
    expect(records.map((r) => modes[String(r.transportMethod)])).toEqual(['road', 'air']);
  });

  it('maps the EPCIS business steps to tracking codes and finds the shipment reference', async () => {
    const mapping = presetMappings['epcis-events'];
    const steps = mapOf(mapping, 'code');
    expect(Object.values(steps).every((c) => (trackingCodes as readonly unknown[]).includes(c))).toBe(true);
    const records = await values(readEpcis(fixture('epcis-one-of-each.jsonld')));
    expect(records.map((r) => steps[String(r.bizStep)])).toEqual(['DEPARTED', undefined, 'DELIVERED']);
    const extract = mapping.fields.shipment?.transforms?.[0];
    const pattern = extract?.op === 'extract' ? new RegExp(extract.pattern, 'u') : /$^/;
    expect(records.map((r) => pattern.exec(String(r.shipmentReference ?? ''))?.[1])).toEqual([
      'ASN-5001',
      undefined,
      'BOL778899',
    ]);
  });
});
