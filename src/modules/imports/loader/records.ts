import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import { reportingSettingsOf } from '../../analytics/index.js';
import type { Caller } from '../../auth/index.js';
import type { SourceRecord } from '../formats/types.js';
import { applyMapping, type CompiledMapping, compileMapping } from '../mapping/apply.js';
import type { MappingDefinition } from '../mapping/schema.js';
import { type TargetOutcome, targetOf } from '../targets/index.js';
import { writeMapped } from './batch.js';

/**
 * Records that do not come from a file — events a feed receives (issue #12) — mapped and written
 * exactly as a run's batch is: the same mapping layer, the same target, the same entity write
 * path (writeMapped), in the caller's transaction. The caller keeps what was refused.
 */

/** Checks a mapping against its target's fields; throws IMPORT_MAPPING_INVALID listing every problem. */
export function compileFor(definition: MappingDefinition): CompiledMapping {
  return compileMapping(definition, targetOf(definition.target).fields);
}

/** What became of a record: the target's outcome, and the values the mapping made of it. */
export interface LoadedRecord {
  readonly outcome: TargetOutcome;
  readonly values: Readonly<Record<string, unknown>>;
}

/** One per record, in order: inserted/updated/unchanged with the row's id, or refused with every reason. */
export async function loadRecords(
  trx: Kysely<DB>,
  caller: Caller,
  compiled: CompiledMapping,
  records: readonly SourceRecord[],
): Promise<LoadedRecord[]> {
  const { definition } = compiled;
  const settings = await reportingSettingsOf(trx, caller.orgId);
  const mapped = records.map((record) => ({ record, ...applyMapping(compiled, record) }));
  const outcomes = await writeMapped(
    trx,
    {
      caller,
      target: targetOf(definition.target),
      context: { source: definition.source ?? 'import', currency: settings.currency },
    },
    mapped,
  );
  return outcomes.map((outcome, i) => ({ outcome, values: (mapped[i] as (typeof mapped)[number]).values }));
}
