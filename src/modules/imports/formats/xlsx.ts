import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../lib/errors.js';
import { columnNames } from './csv.js';
import type { FormatOptions, Reader, RecordObject, RecordValue, SourceRecord } from './types.js';

/**
 * Excel workbooks, streamed with exceljs' WorkbookReader (rows are parsed as the zip is read,
 * never the whole sheet at once). Decisions: an empty cell is `null` (not "": the cell holds
 * nothing); rows with no value are skipped and take no row number, as blank CSV lines do; a
 * row with values to the right of the header is a record with a problem. Bytes that are not a
 * zip are IMPORT_FILE_MISMATCH (the file is not a workbook at all); a zip that cannot be read
 * (cut short, corrupt) is IMPORT_FILE_MALFORMED.
 */

/** Reads the rows of one worksheet (options.sheet, else the first) under its header row. */
export const readXlsx: Reader = (input, options) => xlsxRecords(input, options);

type ExcelValue = ExcelJS.CellValue | { sharedString: number };

/** A cell's value as a record value: dates as wall-clock ISO text, formulas as their result, links and rich text as text. */
export function cellValue(value: ExcelValue): RecordValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return wallClock(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellValue(value.result as ExcelValue);
  if ('hyperlink' in value) return cellValue(value.text as ExcelValue);
  return null;
}

/** exceljs gives a date cell as the Date whose UTC fields are the cell's wall clock. */
function wallClock(date: Date): RecordValue {
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? iso.slice(0, 19) : iso.slice(0, 23);
}

async function* xlsxRecords(input: Readable, options: FormatOptions): AsyncGenerator<SourceRecord> {
  let source: Readable;
  try {
    source = await checkedZip(input);
  } catch (err) {
    input.destroy();
    throw err;
  }
  // Loaded on the first workbook: exceljs and its zip readers add ~0.3 s to every start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // without it, dates are serial numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const found: string[] = [];
  let read = false;
  let names: string[] | undefined;
  let row = 0;
  try {
    for await (const sheet of workbook) {
      const name = (sheet as unknown as { name: string }).name;
      found.push(name);
      if (read || (options.sheet !== undefined && options.sheet !== name)) continue;
      read = true;
      for await (const line of sheet) {
        if (line.number < (options.headerRow ?? 1)) continue;
        // row.values is sparse and 1-based: empty cells are holes.
        const sparse = line.values as ExcelValue[];
        const cells = Array.from({ length: Math.max(0, sparse.length - 1) }, (_, i) =>
          cellValue(sparse[i + 1]),
        );
        if (cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === '')))
          continue;
        if (!names) {
          names = columnNames(cells.map((cell) => (cell === null ? '' : String(cell))));
          continue;
        }
        row++;
        yield toRecord(row, line.number, names, cells);
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'IMPORT_FILE_MALFORMED',
      `The workbook cannot be read (it may be cut short or damaged): ${(err as Error).message}`,
    );
  } finally {
    // The reader owns its input: stopping early must not leave the file open.
    source.destroy();
    input.destroy();
  }
  if (found.length === 0) {
    throw new AppError(
      'IMPORT_FILE_MISMATCH',
      'The file is a zip archive but not an Excel workbook: it has no worksheets.',
    );
  }
  if (!read) {
    throw new AppError(
      'IMPORT_FILE_MISMATCH',
      `The workbook has no sheet named "${options.sheet}"; its sheets are ${found.map((s) => `"${s}"`).join(', ')}.`,
      { sheets: found },
    );
  }
  if (row === 0) {
    throw new AppError(
      'IMPORT_NO_ROWS',
      names ? 'The sheet holds a header but no data rows.' : 'The sheet holds no rows.',
    );
  }
}

function toRecord(
  row: number,
  sheetRow: number,
  names: readonly string[],
  cells: RecordValue[],
): SourceRecord {
  const extra = cells.slice(names.length).some((cell) => cell !== null);
  if (extra) {
    return {
      row,
      values: { _raw: cells.map((cell) => (cell === null ? '' : String(cell))).join('\t') },
      problem: `Sheet row ${sheetRow} has values in ${cells.length} columns but the header has ${names.length}.`,
    };
  }
  const values: Record<string, RecordValue> = {};
  for (let i = 0; i < names.length; i++) values[names[i] as string] = cells[i] ?? null;
  return { row, values: values as RecordObject };
}

/** The input, after checking that it starts as a zip does; refuses anything else. */
async function checkedZip(input: Readable): Promise<Readable> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let bytes = 0;
  while (bytes < 4) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    bytes += next.value.length;
  }
  const start = Buffer.concat(head);
  if (start.length === 0) throw new AppError('IMPORT_FILE_EMPTY', 'The file is empty: it holds no bytes.');
  if (!start.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new AppError(
      'IMPORT_FILE_MISMATCH',
      'The file is not an Excel workbook (.xlsx): it is not a zip archive.',
    );
  }
  return Readable.from(
    (async function* () {
      yield start;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Refuses a workbook cut short (an upload that stopped, a copy that failed): a whole zip ends
 * with its end-of-central-directory record (PK\x05\x06) within its last 64 KiB + 22 bytes.
 * Checked when the file is stored, so a truncated workbook is refused before any row is read.
 */
export function checkXlsxEnd(tail: Buffer): void {
  if (tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) === -1) {
    throw new AppError(
      'IMPORT_FILE_MALFORMED',
      'The workbook is incomplete (its zip directory is missing): it was cut short or damaged. Save or send it again.',
    );
  }
}
