import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { readerFor } from './formats/index.js';
import { type FormatOptions, formatOptions, type SourceRecord } from './formats/types.js';
import { applyMapping, checkMapping, compileMapping, suggestMapping } from './mapping/index.js';
import { type PresetName, presetMappings } from './mapping/presets.js';
import type { ImportTargetName, MappingDefinition } from './mapping/schema.js';
import { findFile, findMappingByName } from './repository.js';
import { openStored } from './storage.js';
import { targetOf } from './targets/index.js';

/**
 * Looking at a file before loading it: the first records, a suggested mapping for a target, and
 * what a mapping would make of the first records (values and reasons), without writing anything.
 */

const sampleSize = 200;

async function fileOf(db: Kysely<DB>, orgId: number, fileId: number) {
  const file = await findFile(db, orgId, fileId);
  if (!file) throw new AppError('RESOURCE_NOT_FOUND', `No import file with id ${fileId}.`);
  return file;
}

/** The file's first records (at most `limit`) and its column names (union over them, in order). */
export async function sampleFile(
  directory: string,
  file: Row<'import_files'>,
  limit: number,
  override?: Partial<FormatOptions>,
): Promise<{ readonly columns: string[]; readonly records: SourceRecord[] }> {
  const parsed = formatOptions.safeParse({ ...JSON.parse(file.format), ...(override ?? {}) });
  if (!parsed.success) throw new AppError('REQUEST_INVALID', `format: ${parsed.error.issues[0]?.message}`);
  const input = openStored(directory, file.storage_key);
  const records: SourceRecord[] = [];
  const columns = new Set<string>();
  try {
    for await (const record of readerFor(parsed.data.kind)(input, parsed.data)) {
      records.push(record);
      if (!record.problem) for (const column of Object.keys(record.values)) columns.add(column);
      if (records.length >= limit) break;
    }
  } finally {
    input.destroy();
  }
  return { columns: [...columns], records };
}

/**
 * EDI and EPCIS records have one documented shape each, so their preset mapping is the
 * suggestion, whatever target was asked: X12 by the transaction set of the first record.
 */
function presetFor(kind: string, records: readonly SourceRecord[]): PresetName | null {
  if (kind === 'epcis') return 'epcis-events';
  if (kind !== 'x12') return null;
  const set = records.find((r) => !r.problem)?.values.transactionSet;
  return set === '214' ? 'x12-214' : set === '856' ? 'x12-856' : null;
}

export async function suggestForFile(
  db: Kysely<DB>,
  orgId: number,
  directory: string,
  fileId: number,
  target: ImportTargetName,
) {
  const file = await fileOf(db, orgId, fileId);
  const { columns, records } = await sampleFile(directory, file, sampleSize);
  const preset = presetFor(JSON.parse(file.format).kind, records);
  if (preset) {
    const definition = presetMappings[preset];
    const confidence = Object.fromEntries(Object.keys(definition.fields).map((f) => [f, 1]));
    return { columns, definition, confidence, unmapped: [] };
  }
  const suggested = suggestMapping(targetOf(target).fields, target, columns, records);
  return { columns, ...suggested };
}

export async function previewFile(
  db: Kysely<DB>,
  orgId: number,
  directory: string,
  fileId: number,
  body: {
    readonly mapping?: { readonly name: string; readonly version?: number | undefined } | undefined;
    readonly definition?: MappingDefinition | undefined;
    readonly format?: Partial<FormatOptions> | undefined;
    readonly limit?: number | undefined;
  },
) {
  const file = await fileOf(db, orgId, fileId);
  let definition = body.definition;
  if (body.mapping) {
    const row = await findMappingByName(db, orgId, body.mapping.name, body.mapping.version);
    if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No import mapping named "${body.mapping.name}".`);
    definition = JSON.parse(row.definition) as MappingDefinition;
  }
  if (!definition) throw new AppError('REQUEST_INVALID', 'Send a mapping or a definition.');
  const compiled = compileMapping(definition, targetOf(definition.target).fields);
  const { columns, records } = await sampleFile(directory, file, body.limit ?? 20, body.format);
  return {
    columns,
    problems: checkMapping(compiled, columns).map((p) => p.message),
    records: records.map((record) => {
      const { values, reasons } = applyMapping(compiled, record);
      return { row: record.row, values, reasons: [...reasons] };
    }),
  };
}
