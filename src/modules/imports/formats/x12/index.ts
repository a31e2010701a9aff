import type { Readable } from 'node:stream';
import type { FormatOptions, RecordObject, SourceRecord } from '../types.js';
import { type TransactionSet, transactionSets } from './envelope.js';
import { segments } from './tokenizer.js';
import { records214 } from './ts214.js';
import { records856 } from './ts856.js';

/**
 * X12 reader (ADR 0017): the delimiters come from ISA, the envelopes are checked as the file
 * streams, and each 214 status or 856 shipment becomes one flattened record. Another transaction
 * set is a record with a problem (the file is valid X12, that set is not something we import).
 */

const readers: Readonly<Record<string, (set: TransactionSet) => RecordObject[]>> = {
  '214': records214,
  '856': records856,
};

function recordsOf(set: TransactionSet): { values: RecordObject; problem?: string }[] {
  const read = readers[set.id];
  const about = { transactionSet: set.id, setControl: set.control };
  if (!read) {
    return [
      {
        values: about,
        problem: `Transaction set ${set.id} (ST ${set.control} at segment ${set.position}) is not imported: Lanewise reads 214 and 856.`,
      },
    ];
  }
  const records = read(set);
  if (records.length > 0) return records.map((values) => ({ values }));
  const what = set.id === '214' ? 'no AT7 status' : 'no HL shipment level';
  return [
    {
      values: about,
      problem: `Transaction set ${set.id} (ST ${set.control} at segment ${set.position}) holds ${what}.`,
    },
  ];
}

/** Reads an X12 file into records; throws IMPORT_X12_INVALID when an envelope is broken. */
export async function* readX12(input: Readable, _options?: FormatOptions): AsyncGenerator<SourceRecord> {
  let row = 0;
  for await (const set of transactionSets(segments(input))) {
    for (const record of recordsOf(set)) {
      row += 1;
      yield { row, ...record };
    }
  }
}

/**
 * Checks every envelope of an X12 file without keeping its segments, so a file that breaks an
 * IEA or GE after its sets is refused before anything is loaded. Resolves to the number of sets.
 */
export async function validateX12(input: Readable): Promise<{ transactionSets: number }> {
  let count = 0;
  for await (const _ of transactionSets(segments(input), false)) count += 1;
  return { transactionSets: count };
}
