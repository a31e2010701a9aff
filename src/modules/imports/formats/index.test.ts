import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  readCsv,
  readEpcis,
  readerFor,
  readJson,
  readNdjson,
  readX12,
  readXlsx,
  type SourceRecord,
} from './index.js';

describe('readerFor', () => {
  it('gives the built-in reader of each table and JSON kind', () => {
    expect(readerFor('csv')).toBe(readCsv);
    expect(readerFor('xlsx')).toBe(readXlsx);
    expect(readerFor('json')).toBe(readJson);
    expect(readerFor('ndjson')).toBe(readNdjson);
  });

  it('gives the X12 and EPCIS readers too', () => {
    expect(readerFor('x12')).toBe(readX12);
    expect(readerFor('epcis')).toBe(readEpcis);
  });

  it('reads a file end to end: detect from the head, then read with the reader of its kind', async () => {
    const bytes = Buffer.from('\uFEFFid;city\r\n1;Köln\r\n', 'utf8');
    const kind = detectFormat(bytes.subarray(0, 64), 'lanes.csv');
    const out: SourceRecord[] = [];
    for await (const record of readerFor(kind)(Readable.from([bytes]), { kind })) out.push(record);
    expect(out).toEqual([{ row: 1, values: { id: '1', city: 'Köln' } }]);
  });
});
