import type { Kysely } from 'kysely';
import { listAnswer } from '../../db/keyset.js';
import type { DB, Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { reportingSettingsOf } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import type { RecordObject } from './formats/types.js';
import { type MappedRecord, writeMapped } from './loader/batch.js';
import { applyMapping, compileMapping } from './mapping/index.js';
import { mappingDefinition } from './mapping/schema.js';
import {
  advanceRun,
  findMapping,
  findMappingByName,
  findQuarantined,
  findRun,
  lockRun,
  quarantineQuery,
  updateQuarantined,
} from './repository.js';
import { grantsFor } from './runs.js';
import { quarantineSorts } from './schema.js';
import { targetOf } from './targets/index.js';
import { quarantinedToApi } from './to-api.js';

/**
 * Quarantined records: listed with every reason, corrected in place, discarded, or replayed
 * through the run's own mapping and target — the same code path as the run, so a replayed record
 * obeys exactly the rules the file did, and a record is loaded at most once.
 */

async function runOf(db: Kysely<DB>, orgId: number, runId: number) {
  const run = await findRun(db, orgId, runId);
  if (!run) throw new AppError('RESOURCE_NOT_FOUND', `No import run with id ${runId}.`);
  return run;
}

export async function listQuarantine(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  q: {
    readonly sort: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
    readonly includeTotal: boolean;
    readonly status?: Row<'import_quarantine'>['status'] | undefined;
  },
) {
  await runOf(db, orgId, runId);
  let query = quarantineQuery(db, orgId, runId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  return listAnswer(query, q, quarantineSorts, quarantinedToApi);
}

/** Corrects a record's values or discards it (or opens a discarded one again); a loaded one stays. */
export async function patchQuarantined(
  db: Kysely<DB>,
  caller: Caller,
  runId: number,
  recordId: number,
  patch: {
    readonly values?: Record<string, unknown> | undefined;
    readonly status?: 'open' | 'discarded' | undefined;
  },
) {
  await runOf(db, caller.orgId, runId);
  const row = await findQuarantined(db, caller.orgId, runId, recordId);
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `Run ${runId} has no quarantined record ${recordId}.`);
  if (row.status === 'loaded') {
    throw new AppError('RESOURCE_CONFLICT', `Record ${recordId} was loaded by a replay; it cannot change.`);
  }
  await updateQuarantined(db, caller.orgId, recordId, {
    ...(patch.values === undefined ? {} : { values_json: JSON.stringify(patch.values) }),
    ...(patch.status === undefined ? {} : { status: patch.status }),
  });
  const after = await findQuarantined(db, caller.orgId, runId, recordId);
  return quarantinedToApi(after as Row<'import_quarantine'>);
}

const replayLimit = 1000;

/**
 * Replays open records (the ones named, or the first 1,000 open ones) in one transaction under
 * the run's lock: each is mapped again from its (corrected) values and written through the
 * target; loaded ones become `loaded` with the row they wrote, the others keep their new reasons.
 * The run's counts follow, so they always say what the file has become.
 */
export async function replayQuarantine(
  db: Kysely<DB>,
  caller: Caller,
  runId: number,
  options: {
    readonly ids?: readonly number[] | undefined;
    readonly mapping?: { readonly name: string; readonly version?: number | undefined } | undefined;
  },
) {
  const { ids } = options;
  const run = await runOf(db, caller.orgId, runId);
  const runMapping = await findMapping(db, caller.orgId, Number(run.mapping_id));
  if (!runMapping) throw new Error(`import run ${runId} lost its mapping`);
  let mappingRow = runMapping;
  if (options.mapping) {
    const other = await findMappingByName(db, caller.orgId, options.mapping.name, options.mapping.version);
    if (!other)
      throw new AppError('RESOURCE_NOT_FOUND', `No import mapping named "${options.mapping.name}".`);
    if (other.target !== runMapping.target) {
      throw new AppError(
        'IMPORT_MAPPING_INVALID',
        `Mapping "${other.name}" imports ${other.target}; run ${runId} imported ${runMapping.target}.`,
      );
    }
    mappingRow = other;
  }
  const definition = mappingDefinition.parse(JSON.parse(mappingRow.definition));
  const missing = grantsFor(definition).filter((p) => !caller.has(p));
  if (missing.length > 0) {
    throw new AppError(
      'AUTH_FORBIDDEN',
      `Replaying this import needs the ${missing.join(' and ')} permission.`,
    );
  }
  const target = targetOf(definition.target);
  const compiled = compileMapping(definition, target.fields);
  const { currency } = await reportingSettingsOf(db, caller.orgId);
  const context = { source: definition.source ?? 'import', currency };

  const replayed = await db.transaction().execute(async (trx) => {
    await lockRun(trx, caller.orgId, runId);
    let query = quarantineQuery(trx, caller.orgId, runId).where('status', '=', 'open');
    if (ids) query = query.where('id', 'in', [...ids]);
    const rows = await query.orderBy('row_number').limit(replayLimit).execute();
    const mapped: MappedRecord[] = rows.map((row) => {
      const record = { row: Number(row.row_number), values: JSON.parse(row.values_json) as RecordObject };
      return { record, ...applyMapping(compiled, record) };
    });
    const outcomes = await writeMapped(trx, { caller, target, context }, mapped);
    const counts = { inserted: 0, updated: 0, unchanged: 0, loaded: 0 };
    for (const [i, outcome] of outcomes.entries()) {
      const row = rows[i] as Row<'import_quarantine'>;
      if (outcome.result === 'refused') {
        await updateQuarantined(trx, caller.orgId, Number(row.id), {
          reasons_json: JSON.stringify(outcome.reasons),
          replays: Number(row.replays) + 1,
        });
        continue;
      }
      counts[outcome.result]++;
      counts.loaded++;
      await updateQuarantined(trx, caller.orgId, Number(row.id), {
        status: 'loaded',
        loaded_id: outcome.id,
        replays: Number(row.replays) + 1,
      });
    }
    await advanceRun(
      trx,
      caller.orgId,
      runId,
      {
        read: 0,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        quarantined: -counts.loaded,
      },
      null,
    );
    return { rows: rows.map((r) => Number(r.id)), loaded: counts.loaded };
  });

  const after =
    replayed.rows.length === 0
      ? []
      : await quarantineQuery(db, caller.orgId, runId)
          .where('id', 'in', replayed.rows)
          .orderBy('row_number')
          .execute();
  return {
    loaded: replayed.loaded,
    quarantined: replayed.rows.length - replayed.loaded,
    records: after.map(quarantinedToApi),
  };
}

/** The first open quarantined records of a run as lines for a terminal: `row 12: weightKg: …`. */
export async function listQuarantineReasons(
  db: Kysely<DB>,
  orgId: number,
  runId: number,
  limit: number,
): Promise<string[]> {
  const rows = await quarantineQuery(db, orgId, runId)
    .where('status', '=', 'open')
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const reasons = JSON.parse(row.reasons_json) as { message: string }[];
    return `row ${row.row_number}: ${reasons.map((r) => r.message).join('; ')}`;
  });
}
