import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import type { FormatOptions, SourceRecord } from './types.js';
import { cellValue, readXlsx } from './xlsx.js';

type Rows = ExcelJS.CellValue[][];

/** A workbook built in the test, one sheet per entry, as bytes. */
async function workbook(sheets: Record<string, Rows>, dateFormat = 'yyyy-mm-dd'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const values of rows) {
      const row = sheet.addRow(values);
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = dateFormat;
      });
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The bytes in chunks of `size`, as a network would deliver them. */
function chunked(bytes: Buffer, size = 777): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(bytes: Buffer, options: Partial<FormatOptions> = {}): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of readXlsx(chunked(bytes), { kind: 'xlsx', ...options })) out.push(record);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('cellValue', () => {
  it('keeps numbers, text and booleans, and empties as null', () => {
    expect(cellValue(12.5)).toBe(12.5);
    expect(cellValue('Hamburg')).toBe('Hamburg');
    expect(cellValue(false)).toBe(false);
    expect(cellValue(null)).toBeNull();
    expect(cellValue(undefined)).toBeNull();
  });

  it('gives dates as wall-clock ISO text without a zone', () => {
    expect(cellValue(new Date(Date.UTC(2006, 5, 2)))).toBe('2006-06-02T00:00:00');
    expect(cellValue(new Date(Date.UTC(2026, 11, 1, 23, 59, 30)))).toBe('2026-12-01T23:59:30');
    expect(cellValue(new Date(Date.UTC(2026, 11, 1, 8, 0, 0, 250)))).toBe('2026-12-01T08:00:00.250');
  });

  it('flattens rich text, formulas, hyperlinks and errors', () => {
    expect(cellValue({ richText: [{ text: 'Express ' }, { text: 'Air', font: { bold: true } }] })).toBe(
      'Express Air',
    );
    expect(cellValue({ formula: 'A1*2', result: 6 })).toBe(6);
    expect(cellValue({ formula: 'A1', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue)).toBe(
      '#DIV/0!',
    );
    expect(cellValue({ formula: 'NOW()' } as ExcelJS.CellFormulaValue)).toBeNull();
    expect(cellValue({ text: 'Tracking', hyperlink: 'https://example.com/t/1' })).toBe('Tracking');
    expect(cellValue({ error: '#N/A' })).toBe('#N/A');
  });
});

describe('readXlsx', () => {
  it('reads the first sheet under its header, keeping cell types', async () => {
    const bytes = await workbook({
      Orders: [
        ['id', ' Carrier ', 'shipped', 'weight', 'paid', 'total', 'link', null, 'check'],
        [
          1,
          { richText: [{ text: 'Maersk ' }, { text: 'Line', font: { italic: true } }] },
          new Date(Date.UTC(2006, 5, 2)),
          12.5,
          true,
          { formula: 'D2*2', result: 25 },
          { text: 'track', hyperlink: 'https://example.com/t/1' },
          'x',
          { error: '#N/A' },
        ],
      ],
      Other: [['a'], [1]],
    });
    expect(await read(bytes)).toEqual([
      {
        row: 1,
        values: {
          id: 1,
          Carrier: 'Maersk Line',
          shipped: '2006-06-02T00:00:00',
          weight: 12.5,
          paid: true,
          total: 25,
          link: 'track',
          column_8: 'x',
          check: '#N/A',
        },
      },
    ]);
  });

  it('reads the sheet named in the options, and names the sheets when there is no such sheet', async () => {
    const bytes = await workbook({
      Summary: [['n'], [1]],
      'Lane data': [['lane'], ['HAM-SHA'], ['RTM-NYC']],
    });
    expect((await read(bytes, { sheet: 'Lane data' })).map((r) => r.values)).toEqual([
      { lane: 'HAM-SHA' },
      { lane: 'RTM-NYC' },
    ]);
    const err = await failure(read(bytes, { sheet: 'Lanes' }));
    expect(err.code).toBe('IMPORT_FILE_MISMATCH');
    expect(err.message).toContain('"Summary", "Lane data"');
  });

  it('starts at headerRow, fills short rows with null and skips empty rows without numbering them', async () => {
    const bytes = await workbook({
      Export: [
        ['Report of December'],
        [],
        ['id', 'name', 'name'],
        [1, 'a', 'b'],
        [],
        [null, null],
        [2],
        [],
        [],
      ],
    });
    expect(await read(bytes, { headerRow: 3 })).toEqual([
      { row: 1, values: { id: 1, name: 'a', name_2: 'b' } },
      { row: 2, values: { id: 2, name: null, name_2: null } },
    ]);
  });

  it('turns a row with values right of the header into a record with a problem', async () => {
    const bytes = await workbook({
      S: [
        ['a', 'b'],
        [1, 2, 'stray'],
        [3, 4],
      ],
    });
    const records = await read(bytes);
    expect(records[0]).toEqual({
      row: 1,
      values: { _raw: '1\t2\tstray' },
      problem: 'Sheet row 2 has values in 3 columns but the header has 2.',
    });
    expect(records[1]).toEqual({ row: 2, values: { a: 3, b: 4 } });
  });

  it('refuses a header-only sheet, an empty file, bytes that are not a zip and a cut-short zip', async () => {
    expect((await failure(read(await workbook({ S: [['a', 'b']] })))).code).toBe('IMPORT_NO_ROWS');
    expect((await failure(read(Buffer.alloc(0)))).code).toBe('IMPORT_FILE_EMPTY');
    expect((await failure(read(Buffer.from('id,name\n1,Ada\n')))).code).toBe('IMPORT_FILE_MISMATCH');
    const whole = await workbook({ S: [['a'], ...Array.from({ length: 500 }, (_, i) => [`value ${i}`])] });
    expect((await failure(read(whole.subarray(0, Math.floor(whole.length / 2))))).code).toBe(
      'IMPORT_FILE_MALFORMED',
    );
  });

  it('streams a large sheet row by row', async () => {
    const rows = 20_000;
    const data: Rows = [['id', 'lane', 'kg']];
    for (let i = 1; i <= rows; i++) data.push([i, `lane ${i % 40}`, i * 0.5]);
    const bytes = await workbook({ Big: data });
    let count = 0;
    let last: SourceRecord | undefined;
    for await (const record of readXlsx(chunked(bytes, 16 * 1024), { kind: 'xlsx' })) {
      count++;
      last = record;
    }
    expect(count).toBe(rows);
    expect(last).toEqual({ row: rows, values: { id: rows, lane: 'lane 0', kg: rows * 0.5 } });
  });
});
