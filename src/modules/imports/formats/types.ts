import type { Readable } from 'node:stream';
import { z } from 'zod';

/**
 * The contract between file formats and the rest of the importer (issue #11, ADR 0016). A reader
 * turns a byte stream into records — a row of a table, one event of an X12 or EPCIS document —
 * and knows nothing of mappings, targets or the database. Every format ends in the same shape,
 * so one mapping layer serves spreadsheets, EDI and EPCIS alike.
 */

export const formatKinds = ['csv', 'xlsx', 'json', 'ndjson', 'x12', 'epcis'] as const;
export type FormatKind = (typeof formatKinds)[number];

export const encodings = ['utf-8', 'latin1'] as const;
export type Encoding = (typeof encodings)[number];

/** How to read a file; what is absent is detected (detect.ts) or defaulted. */
export const formatOptions = z
  .object({
    kind: z.enum(formatKinds),
    /** csv: one character (`,` `;` `\t` `|` are sniffed when absent). */
    delimiter: z.string().length(1).optional(),
    /** csv: the quote character (default `"`). */
    quote: z.string().length(1).optional(),
    /** csv: text encoding; sniffed when absent (valid UTF-8, else Latin-1 / Windows-1252). */
    encoding: z.enum(encodings).optional(),
    /** xlsx: the worksheet by name (default: the first). */
    sheet: z.string().min(1).max(200).optional(),
    /** csv, xlsx: the 1-based line/row that holds the column names (default 1); rows above it are skipped. */
    headerRow: z.number().int().min(1).max(1000).optional(),
    /** json: dotted path of the array of records inside the top-level object (default: the top level is the array). */
    records: z.string().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'ImportFormat', description: 'How a file is read; anything left out is detected' });
export type FormatOptions = z.infer<typeof formatOptions>;

/** A value a record holds: text for CSV, cells for XLSX, anything JSON for JSON, NDJSON and EPCIS. */
export type RecordValue = string | number | boolean | null | readonly RecordValue[] | RecordObject;
export interface RecordObject {
  readonly [key: string]: RecordValue;
}

/** One record of a file. */
export interface SourceRecord {
  /**
   * 1-based position among the file's records, in file order, the same on every read of the same
   * file with the same options: the importer checkpoints and resumes by it, and quarantine and
   * the user's "row 1,204" refer to it.
   */
  readonly row: number;
  /**
   * Column name → value for tables (CSV header, first XLSX row; empty names become `column_N`,
   * repeated ones `Name_2`); the parsed object for JSON, NDJSON and EPCIS; a flattened event for
   * X12 (formats/x12/ names its fields, ADR 0017). XLSX dates are wall-clock ISO text without a zone
   * (`2006-06-02T00:00:00`); the mapping's date transform places them in a zone.
   */
  readonly values: RecordObject;
  /**
   * Set when the reader could read the record's bytes but not the record (a CSV line with more
   * fields than the header, an NDJSON line that is not JSON): the importer quarantines it with
   * this reason instead of mapping it. `values` then holds what could be read (raw text under `_raw`).
   */
  readonly problem?: string;
}

/** Reads one file. Throws FileProblem for a file that is wrong as a whole (see errors.ts). */
export type Reader = (input: Readable, options: FormatOptions) => AsyncIterable<SourceRecord>;
