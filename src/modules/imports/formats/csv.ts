import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../../lib/errors.js';
import type { Encoding, FormatOptions, Reader, RecordObject, SourceRecord } from './types.js';

/**
 * CSV and other delimited text (TSV, semicolon, pipe), streamed through csv-parse. Values stay
 * text: typing them is the mapping's job. Decisions: a line with fewer fields than the header
 * gets empty strings for the missing ones (spreadsheets drop trailing empty cells); a line with
 * more is a record with a `problem`; lines that hold no text (or only delimiters) are skipped
 * and take no row number, so rows count the data records in file order.
 */

/** How much of the start of a file is read before deciding its encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

const candidates = [',', ';', '\t', '|'] as const;

/** The delimiter a sample of delimited text most likely uses: , ; tab or | (`,` when unsure). */
export function sniffDelimiter(sample: string, quote = '"'): string {
  const lines = sampleLines(sample, quote);
  let best: { char: string; consistent: number; count: number } = { char: ',', consistent: 0, count: 0 };
  for (const char of candidates) {
    const counts = lines.map((line) => countOutsideQuotes(line, char, quote));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((n) => n === first).length / counts.length;
    if (consistent > best.consistent || (consistent === best.consistent && first > best.count)) {
      best = { char, consistent, count: first };
    }
  }
  return best.char;
}

/** Up to 20 non-blank lines of a sample, a quoted field's line breaks kept inside its line. */
function sampleLines(sample: string, quote: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < sample.length && lines.length < 20; i++) {
    const c = sample[i];
    if (c === quote) quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (i > start) lines.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  // The sample may end inside a line: use that piece only when nothing else is there.
  if (lines.length === 0 && start < sample.length) lines.push(sample.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, char: string, quote: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === quote) quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/**
 * Column names from a header: trimmed, an empty one becomes `column_N` (its 1-based position),
 * a repeated one `Name_2`, `Name_3`, ... so every name is unique.
 */
export function columnNames(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    const trimmed = name.trim();
    // `__proto__` as a key would set a record's prototype instead of a value: treat it as unnamed.
    const base = trimmed && trimmed !== '__proto__' ? trimmed : `column_${i + 1}`;
    let unique = base;
    for (let n = 2; seen.has(unique); n++) unique = `${base}_${n}`;
    seen.add(unique);
    return unique;
  });
}

/**
 * Decodes a byte stream into text. Without an encoding it sniffs the first SAMPLE_BYTES: valid
 * UTF-8 is read as UTF-8, anything else as Windows-1252 (what "Latin-1" files really are). The
 * first string yielded holds at least the sample (or the whole file), a BOM is dropped, and a
 * byte sequence that is not UTF-8 later in a UTF-8 file is IMPORT_FILE_MALFORMED rather than
 * silently replaced. Zero bytes are IMPORT_FILE_EMPTY.
 */
export async function* decodeText(
  input: AsyncIterable<Buffer | string>,
  encoding?: Encoding,
): AsyncGenerator<string> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  const iterator = input[Symbol.asyncIterator]();
  while (headBytes < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headBytes += chunk.length;
  }
  if (headBytes === 0) throw new AppError('IMPORT_FILE_EMPTY', 'The file is empty: it holds no bytes.');
  const sample = Buffer.concat(head);
  const label = (encoding ?? sniffEncoding(sample, ended)) === 'utf-8' ? 'utf-8' : 'windows-1252';
  const decoder = new TextDecoder(label, { fatal: label === 'utf-8' });
  let offset = 0;
  const decode = (bytes: Buffer, stream: boolean): string => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw new AppError(
        'IMPORT_FILE_MALFORMED',
        `The file is not valid UTF-8 (somewhere after byte ${offset}): if it was saved as Latin-1 or Windows-1252, import it with encoding "latin1".`,
        { byte: offset },
      );
    } finally {
      offset += bytes.length;
    }
  };
  yield decode(sample, true);
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const text = decode(toBuffer(next.value), true);
    if (text) yield text;
  }
  const rest = decode(Buffer.alloc(0), false);
  if (rest) yield rest;
}

/**
 * `utf-8` when the bytes are valid UTF-8, else `latin1`. Unless `complete` (the sample is the
 * whole file), a sequence cut at the end of the sample is allowed.
 */
export function sniffEncoding(sample: Uint8Array, complete = true): Encoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

interface ParsedLine {
  readonly record: string[];
  readonly raw: string;
}

/** Reads delimited text; see the module comment for how odd lines are treated. */
export const readCsv: Reader = (input, options) => csvRecords(input, options);

async function* csvRecords(input: Readable, options: FormatOptions): AsyncGenerator<SourceRecord> {
  try {
    yield* parseCsv(input, options);
  } finally {
    // The reader owns its input: stopping early or failing must not leave the file open.
    input.destroy();
  }
}

async function* parseCsv(input: Readable, options: FormatOptions): AsyncGenerator<SourceRecord> {
  const text = decodeText(input, options.encoding);
  const first = await text.next();
  const sample = first.done ? '' : first.value;
  const quote = options.quote ?? '"';
  const headerRow = options.headerRow ?? 1;
  const parser = parse({
    // Sniffed from the header on: a title line above it says nothing about the delimiter.
    delimiter: options.delimiter ?? sniffDelimiter(skipLines(sample, headerRow - 1), quote),
    quote,
    from_line: headerRow,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    // Line numbers are counted from `raw` rather than csv-parse's `info`, which is slower and
    // miscounts after a quoted CRLF.
    raw: true,
  });
  // The lines fed so far, for the error about an unclosed quote (the line it opened on).
  const fed = new LineCounter();
  async function* all(): AsyncGenerator<string> {
    fed.add(sample);
    yield sample;
    for await (const piece of text) {
      fed.add(piece);
      yield piece;
    }
  }
  const feeding = pipeline(Readable.from(all()), parser);
  // The failure surfaces through the parser's iteration; this only keeps it from being unhandled.
  feeding.catch(() => undefined);

  let names: string[] | undefined;
  let row = 0;
  let lines = headerRow - 1;
  try {
    for await (const line of parser as AsyncIterable<ParsedLine>) {
      lines += countBreaks(line.raw);
      const fields = line.record;
      if (isBlank(fields)) continue;
      if (!names) {
        names = columnNames(fields);
        continue;
      }
      row++;
      if (fields.length > names.length) {
        yield {
          row,
          values: { _raw: trimLineBreaks(line.raw) },
          problem: `Line ${endsWithBreak(line.raw) ? lines : lines + 1} has ${fields.length} fields but the header has ${names.length}.`,
        };
        continue;
      }
      yield { row, values: toValues(names, fields) };
    }
  } catch (err) {
    throw fileError(err, fed.lines());
  }
  if (row === 0) {
    throw new AppError(
      'IMPORT_NO_ROWS',
      names ? 'The file holds a header but no data rows.' : 'The file holds no rows.',
    );
  }
}

/** Line breaks in a record's raw text, which also holds the blank lines skipped before it. */
function countBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (raw.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

function endsWithBreak(raw: string): boolean {
  const last = raw.charCodeAt(raw.length - 1);
  return last === 10 || last === 13;
}

function skipLines(text: string, count: number): string {
  let at = 0;
  for (let i = 0; i < count && at < text.length; i++) {
    const next = text.slice(at).search(/\r\n|\r|\n/);
    if (next < 0) return '';
    at += next + (text.startsWith('\r\n', at + next) ? 2 : 1);
  }
  return text.slice(at);
}

function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

function toValues(names: readonly string[], fields: readonly string[]): RecordObject {
  const values: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) values[names[i] as string] = fields[i] ?? '';
  return values;
}

function trimLineBreaks(raw: string): string {
  return raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

class LineCounter {
  private breaks = 0;
  private afterCr = false;
  private last = 0;
  add(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) this.breaks++;
      else if (c === 10 && !this.afterCr) this.breaks++;
      this.afterCr = c === 13;
    }
    if (text.length > 0) this.last = text.charCodeAt(text.length - 1);
  }
  /** Lines of the text so far, a last line without a break included. */
  lines(): number {
    return this.last === 10 || this.last === 13 || this.last === 0 ? this.breaks : this.breaks + 1;
  }
}

function fileError(err: unknown, fileLines: number): unknown {
  if (!(err instanceof CsvError)) return err;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    // The record still open at the end of the file takes its last lines.
    const raw = trimLineBreaks(String((err as { raw?: unknown }).raw ?? ''));
    const line = Math.max(1, fileLines - countBreaks(raw));
    return new AppError(
      'IMPORT_FILE_MALFORMED',
      `A quoted field opened on line ${line} is never closed: the file may be cut short, or a quote in that line needs doubling.`,
      { line },
    );
  }
  return new AppError('IMPORT_FILE_MALFORMED', `The file cannot be read as delimited text: ${err.message}`);
}
