import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { checkClaim, claimedKind, detectFormat } from './detect.js';

const b = (text: string) => Buffer.from(text, 'utf8');
const isa =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261201*1200*U*00401*000000001*0*P*>~';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return undefined;
}

describe('detectFormat', () => {
  it('knows a zip as XLSX whatever the name says', () => {
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'orders.csv')).toBe('xlsx');
  });

  it('tells JSON, NDJSON and EPCIS apart, after a BOM and whitespace', () => {
    expect(detectFormat(b('\uFEFF  \n[{"a":1}]'))).toBe('json');
    expect(detectFormat(b('[\n  {"a": 1}'))).toBe('json');
    expect(detectFormat(b('{"data":[{"a":1}]}'))).toBe('json');
    expect(detectFormat(b('{"a":1}\n{"a":2}\n{"a":'))).toBe('ndjson');
    expect(detectFormat(b('{"a":1}\r\n{"a":2}'))).toBe('ndjson');
    expect(
      detectFormat(
        b(
          '{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],\n"type":"EPCISDocument"',
        ),
      ),
    ).toBe('epcis');
    expect(detectFormat(b('{\n  "type": "EPCISDocument",\n  "epcisBody": {'))).toBe('epcis');
  });

  it('does not take a CSV whose header starts with a bracket for JSON', () => {
    expect(detectFormat(b('[Order ID],[Date]\n1,2026-12-01\n'))).toBe('csv');
    expect(detectFormat(b('{id};name\n1;Ada\n'))).toBe('csv');
  });

  it('knows an X12 interchange by its ISA segment', () => {
    expect(detectFormat(b(`${isa}\nGS*QM*S*R*20261201*1200*1*X*004010~`))).toBe('x12');
    expect(detectFormat(b('ISA,code\n1,2\n'))).toBe('csv');
  });

  it('reads other text as CSV unless the name says which text format it is', () => {
    expect(detectFormat(b('id;name\n1;Ada\n'))).toBe('csv');
    expect(detectFormat(b('id;name\n1;Ada\n'), 'data.txt')).toBe('csv');
    expect(detectFormat(b('hello'), 'data.json')).toBe('json');
    expect(detectFormat(b('id,name\n'), 'book.xlsx')).toBe('csv');
    expect(detectFormat(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3b, 0x80, 0x0a]))).toBe('csv');
  });

  it('refuses binary files it does not import, and an empty head', () => {
    expect(codeOf(() => detectFormat(b('%PDF-1.7\n%\xE2\xE3'), 'orders.csv'))).toBe(
      'IMPORT_UNSUPPORTED_TYPE',
    );
    expect(codeOf(() => detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])))).toBe(
      'IMPORT_UNSUPPORTED_TYPE',
    );
    expect(codeOf(() => detectFormat(Buffer.from([0x01, 0x02, 0x00, 0x41])))).toBe('IMPORT_UNSUPPORTED_TYPE');
    expect(codeOf(() => detectFormat(Buffer.from('\uFEFFid,name', 'utf16le')))).toBe(
      'IMPORT_UNSUPPORTED_TYPE',
    );
    expect(codeOf(() => detectFormat(Buffer.alloc(0)))).toBe('IMPORT_FILE_EMPTY');
  });
});

describe('claimedKind and checkClaim', () => {
  it('reads the claim from the extension, then the Content-Type', () => {
    expect(claimedKind('Orders.CSV')).toBe('csv');
    expect(claimedKind('orders.tsv')).toBe('csv');
    expect(claimedKind('book.xlsx')).toBe('xlsx');
    expect(claimedKind('events.jsonl')).toBe('ndjson');
    expect(claimedKind('status.edi')).toBe('x12');
    expect(claimedKind('upload', 'text/csv; charset=utf-8')).toBe('csv');
    expect(claimedKind('notes.txt', 'text/plain')).toBeUndefined();
    expect(claimedKind(undefined, 'application/octet-stream')).toBeUndefined();
  });

  it('refuses a file whose name claims another kind than its bytes show', () => {
    expect(codeOf(() => checkClaim('xlsx', 'orders.csv'))).toBe('IMPORT_FILE_MISMATCH');
    expect(codeOf(() => checkClaim('csv', 'book.xlsx'))).toBe('IMPORT_FILE_MISMATCH');
    expect(codeOf(() => checkClaim('csv', undefined, 'application/json'))).toBe('IMPORT_FILE_MISMATCH');
    try {
      checkClaim('xlsx', 'orders.csv');
    } catch (err) {
      expect((err as AppError).message).toContain('orders.csv');
      expect((err as AppError).details).toEqual({ claimed: 'csv', detected: 'xlsx' });
    }
  });

  it('accepts a matching claim, no claim, and JSON family members under each other’s names', () => {
    expect(codeOf(() => checkClaim('csv', 'orders.csv'))).toBeUndefined();
    expect(codeOf(() => checkClaim('csv', 'notes.txt'))).toBeUndefined();
    expect(codeOf(() => checkClaim('ndjson', 'events.json'))).toBeUndefined();
    expect(codeOf(() => checkClaim('epcis', 'capture.json'))).toBeUndefined();
    expect(codeOf(() => checkClaim('xlsx'))).toBeUndefined();
  });
});
