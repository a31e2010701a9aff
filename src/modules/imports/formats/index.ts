import { AppError } from '../../../lib/errors.js';
import { readCsv } from './csv.js';
import { readEpcis } from './epcis.js';
import { readJson, readNdjson } from './json.js';
import type { FormatKind, Reader } from './types.js';
import { readX12 } from './x12/index.js';
import { readXlsx } from './xlsx.js';

/** The formats module's one door: readers, detection and the contract types. */

export { readCsv, sniffDelimiter } from './csv.js';
export { checkClaim, claimedKind, detectFormat } from './detect.js';
export { readEpcis, validateEpcis } from './epcis.js';
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
export { readX12, validateX12 } from './x12/index.js';
export { checkXlsxEnd, readXlsx } from './xlsx.js';

const readers: Record<FormatKind, Reader> = {
  csv: readCsv,
  xlsx: readXlsx,
  json: readJson,
  ndjson: readNdjson,
  x12: readX12,
  epcis: readEpcis,
};

/** The reader of a kind. */
export function readerFor(kind: FormatKind): Reader {
  const reader = readers[kind];
  if (!reader) {
    throw new AppError('IMPORT_UNSUPPORTED_TYPE', `Lanewise cannot read ${kind} files yet.`, { kind });
  }
  return reader;
}
