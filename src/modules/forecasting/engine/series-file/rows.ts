import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../../../lib/errors.js';

/**
 * Reading a series file's records and cells: line numbers as an editor shows them, numbers in the
 * one plain notation the file may use, and the error every refusal of the file carries.
 */

/** The most series one file may hold. */
export const MAX_SERIES = 100_000;
/** The most values one series may hold (once gaps are filled). */
export const MAX_SERIES_LENGTH = 100_000;

/** The refusal of a series file; the message names the line and what to fix. */
export function inputError(message: string): AppError {
  return new AppError('FORECAST_INPUT_INVALID', message);
}

const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  // A file edited on several systems can mix line endings; the default takes the first one seen.
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Calls `visit` with the cells and the first line (1-based) of each non-blank record, in file order. */
export function eachRecord(text: string, visit: (cells: string[], line: number) => void): void {
  let records: string[][];
  try {
    // No `info`, `raw` or `on_record`: each slows csv-parse down a lot, and lines are counted below.
    records = parse(text, CSV_OPTIONS);
  } catch (err) {
    throw csvFault(err, text);
  }
  // Blank lines are records too, so unless a quoted cell spans lines, record k is on line k + 1.
  const oneLineEach = records.length === lineCount(text);
  let line = 1;
  for (const cells of records) {
    if (!isBlank(cells)) visit(cells, line);
    line += oneLineEach ? 1 : 1 + cellBreaks(cells);
  }
}

/** The refusal of a file csv-parse cannot read, naming the line where the faulty record begins. */
function csvFault(err: unknown, text: string): unknown {
  if (!(err instanceof CsvError)) return err;
  // csv-parse's own line count is off after a quoted line break. A second pass that sees the raw
  // text of each record counts them right; it is slower, but runs only for a broken file.
  let line = 1;
  try {
    parse(text, {
      ...CSV_OPTIONS,
      raw: true,
      on_record: (entry) => {
        line += countBreaks((entry as unknown as { raw: string }).raw);
        return null;
      },
    });
  } catch {
    // The same fault again: `line` now is where its record begins.
  }
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return inputError(
      `Line ${line}: a quoted cell opens here and is never closed; close it, or double a quote that is part of the text ("").`,
    );
  }
  return inputError(`Line ${line}: the CSV cannot be read (${err.message}).`);
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const last = text.charCodeAt(text.length - 1);
  return countBreaks(text) + (last === 10 || last === 13 ? 0 : 1);
}

function cellBreaks(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.includes('\n') || cell.includes('\r')) count += countBreaks(cell);
  return count;
}

/** Line breaks in a text, a CRLF counted once. */
function countBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  // A CR is a break of its own only when no LF follows it.
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The finite number a cell holds (spaces around it allowed), or NaN when it holds anything else. */
export function cellNumber(cell: string): number {
  let text = cell;
  // The untrimmed test first: nearly every cell is a bare number, and trimming allocates.
  if (!NUMBER.test(text)) {
    text = cell.trim();
    if (text === cell || !NUMBER.test(text)) return Number.NaN;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** Whether a cell holds nothing but spaces. */
export function isEmptyCell(cell: string | undefined): boolean {
  return cell === undefined || cell === '' || cell.trim() === '';
}

/** The refusal of a cell that `cellNumber` did not read; `where` says which cell ("column 4"). */
export function notANumber(cell: string, line: number, where: string): AppError {
  const text = cell.trim();
  if (NUMBER.test(text))
    return inputError(`Line ${line}: ${where} ${show(text)} is too large to be a number.`);
  return inputError(
    `Line ${line}: ${where} ${show(text)} is not a number; write plain numbers such as 12, 3.5, -2 or 1.5e3 (a decimal point, no thousands separators, units or currency).`,
  );
}

/** A file's text quoted for a message, cut short when long. */
export function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
