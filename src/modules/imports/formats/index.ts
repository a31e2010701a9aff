import { AppError } from '../../../lib/errors.js';
import { readCsv } from './csv.js';
import { readJson, readNdjson } from './json.js';
import type { FormatKind, Reader } from './types.js';
import { readXlsx } from './xlsx.js';

/** The formats module's one door: readers, detection and the contract types. */

export { readCsv, sniffDelimiter } from './csv.js';
export { checkClaim, claimedKind, detectFormat } from './detect.js';
export { readJson, readNdjson } from './json.js';
export type {
  Encoding,
  FormatKind,
  FormatOptions,
  Reader,
  RecordObject,
  RecordValue,
  SourceRecord,
} from './types.js';
export { encodings, formatKinds, formatOptions } from './types.js';
export { readXlsx } from './xlsx.js';

const builtIn: Partial<Record<FormatKind, Reader>> = {
  csv: readCsv,
  xlsx: readXlsx,
  json: readJson,
  ndjson: readNdjson,
};

/** The reader for a kind; X12 and EPCIS readers come through `extra` until they live here. */
export function readerFor(kind: FormatKind, extra: Partial<Record<FormatKind, Reader>> = {}): Reader {
  const reader = extra[kind] ?? builtIn[kind];
  if (!reader) {
    throw new AppError('IMPORT_UNSUPPORTED_TYPE', `Lanewise cannot read ${kind} files yet.`, { kind });
  }
  return reader;
}
