import { AppError } from '../../../lib/errors.js';
import type { FormatKind } from './types.js';

/**
 * What a file is, from its first bytes (storage.ts `headOf`), its name and its Content-Type. The
 * bytes decide when they can; the name and type only break ties between text formats, and when
 * they claim a different kind than the bytes the file is refused (checkClaim), so a PDF named
 * `.csv` is a clear error rather than a thousand garbled rows.
 */

/** Binary formats people upload by mistake, named so the refusal can say what the file is. */
const knownBinary: ReadonlyArray<{ magic: number[]; name: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], name: 'a PDF' },
  { magic: [0xff, 0xfe], name: 'UTF-16 text: save it as UTF-8' },
  { magic: [0xfe, 0xff], name: 'UTF-16 text: save it as UTF-8' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], name: 'an old Excel (.xls) or Office file: save it as .xlsx or CSV' },
  { magic: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { magic: [0x1f, 0x8b], name: 'gzip-compressed: unpack it first' },
  { magic: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], name: 'a 7-Zip archive' },
];

/** The kind of a file from its first bytes, falling back to its name or type for ambiguous text. */
export function detectFormat(head: Buffer, fileName?: string, contentType?: string): FormatKind {
  if (head.length === 0) throw new AppError('IMPORT_FILE_EMPTY', 'The file is empty: it holds no bytes.');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  const binary = knownBinary.find((b) => startsWith(head, b.magic));
  if (binary) throw unsupported(`The file is ${binary.name}, not a file Lanewise imports.`);
  if (looksBinary(head)) throw unsupported('The file is binary and not one of the formats Lanewise imports.');

  const text = head.toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  const start = text.trimStart();
  if (isX12(start)) return 'x12';
  if (/^\[\s*(?:[{["\]\-\dtfn]|$)/.test(start)) return 'json';
  if (/^\{\s*(?:["}]|$)/.test(start)) {
    if (isNdjson(start)) return 'ndjson';
    if (/"@context"|"epcisBody"/.test(start)) return 'epcis';
    return 'json';
  }
  const claimed = claimedKind(fileName, contentType);
  return claimed && claimed !== 'xlsx' ? claimed : 'csv';
}

/** The kind a file's name or Content-Type claims, or undefined when neither says (`.txt`, octet-stream). */
export function claimedKind(fileName?: string, contentType?: string): FormatKind | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  const byName = extension ? extensions[extension] : undefined;
  if (byName) return byName;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? contentTypes[type] : undefined;
}

/**
 * Throws IMPORT_FILE_MISMATCH when the name or type claims another kind than the bytes show.
 * JSON, NDJSON and EPCIS are one family here: people save JSON Lines as `.json` and EPCIS as
 * `.json` or `.jsonld`, and the bytes tell them apart.
 */
export function checkClaim(detected: FormatKind, fileName?: string, contentType?: string): void {
  const claimed = claimedKind(fileName, contentType);
  if (!claimed || family(claimed) === family(detected)) return;
  const what = fileName ? `named "${fileName}"` : `sent as ${contentType}`;
  throw new AppError(
    'IMPORT_FILE_MISMATCH',
    `The file is ${what}, which says ${names[claimed]}, but its content is ${names[detected]}. Check that the right file was chosen.`,
    { claimed, detected },
  );
}

const extensions: Readonly<Record<string, FormatKind>> = {
  csv: 'csv',
  tsv: 'csv',
  tab: 'csv',
  psv: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  jsonld: 'epcis',
  x12: 'x12',
  edi: 'x12',
};

const contentTypes: Readonly<Record<string, FormatKind>> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/ld+json': 'epcis',
  'application/edi-x12': 'x12',
};

const names: Readonly<Record<FormatKind, string>> = {
  csv: 'delimited text (CSV)',
  xlsx: 'an Excel workbook (XLSX)',
  json: 'JSON',
  ndjson: 'NDJSON',
  x12: 'X12 EDI',
  epcis: 'EPCIS JSON',
};

function family(kind: FormatKind): string {
  return kind === 'ndjson' || kind === 'epcis' ? 'json' : kind;
}

function startsWith(head: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/** A NUL byte or many control characters: text in any of our encodings has neither. */
function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f) {
      control++;
    }
  }
  return control > head.length / 100;
}

/** An ISA segment is fixed-width: 106 characters, the 4th of which separates its 16 elements. */
function isX12(text: string): boolean {
  if (!text.startsWith('ISA') || text.length < 4) return false;
  const separator = text[3] as string;
  if (/[\w\s]/.test(separator)) return false;
  const segment = text.slice(0, 106);
  return segment.split(separator).length - 1 === 16;
}

/** At least two lines, each a JSON object; the last may be cut short by the end of the head. */
function isNdjson(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const isObject = (line: string): boolean => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  };
  if (lines.length > 0 && !/[\r\n]$/.test(text) && !isObject(lines[lines.length - 1] as string)) lines.pop();
  return lines.length >= 2 && lines.every(isObject);
}

function unsupported(message: string): AppError {
  return new AppError('IMPORT_UNSUPPORTED_TYPE', message);
}
