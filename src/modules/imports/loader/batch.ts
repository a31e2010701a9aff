import type { Kysely } from 'kysely';
import { isDeadlock } from '../../../db/errors.js';
import type { DB, NewRow } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import type { Caller } from '../../auth/index.js';
import { lookupKey, resolveMasterData } from '../../master-data/index.js';
import type { SourceRecord } from '../formats/types.js';
import type { MappedRecord as MappingResult } from '../mapping/index.js';
import type { QuarantineReason } from '../mapping/schema.js';
import { advanceRun, insertQuarantine, lockRun } from '../repository.js';
import type { ImportTarget, TargetContext, TargetOutcome } from '../targets/index.js';

/**
 * One batch of a run, committed as a unit (ADR 0016, crash safety): the rows it writes through
 * the target, the records it quarantines, the run's counts and its checkpoint all commit in one
 * transaction, or none of them does. A resumed run starts after the checkpoint, so a kill at any
 * moment leaves the database as one clean run would have, never with a row twice or missing.
 */

/** A record with what the mapping made of it (values, the references it names, what is wrong). */
export type MappedRecord = MappingResult & { readonly record: SourceRecord };

export interface BatchCounts {
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly quarantined: number;
}

export interface BatchScope {
  readonly db: Kysely<DB>;
  readonly caller: Caller;
  readonly runId: number;
  readonly target: ImportTarget;
  readonly context: TargetContext;
}

/** What a committed batch did; `stopped` when the run was cancelled before it could commit. */
export type BatchAnswer =
  | { readonly stopped: false; readonly counts: BatchCounts }
  | { readonly stopped: true };

const attempts = 3;

/**
 * Commits a batch whose records all come after `checkpoint`, moving the checkpoint to `last`
 * (the row of the batch's last record, which may be past the last mapped record when the reader
 * skipped blank lines). Refuses with IMPORT_RUN_BUSY when another worker moved the checkpoint
 * meanwhile (two deliveries of one job), so the same records are never written twice.
 */
export async function commitBatch(
  scope: BatchScope,
  records: readonly MappedRecord[],
  checkpoint: number,
  last: { readonly row: number; readonly bytes: number },
): Promise<BatchAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await scope.db.transaction().execute((trx) => commitOnce(trx, scope, records, checkpoint, last));
    } catch (error) {
      // A deadlock victim's transaction was rolled back whole: running it again is safe.
      if (!isDeadlock(error) || attempt >= attempts) throw error;
    }
  }
}

async function commitOnce(
  trx: Kysely<DB>,
  scope: BatchScope,
  records: readonly MappedRecord[],
  checkpoint: number,
  last: { readonly row: number; readonly bytes: number },
): Promise<BatchAnswer> {
  const { caller, runId } = scope;
  const run = await lockRun(trx, caller.orgId, runId);
  if (!run || run.status === 'cancelled') return { stopped: true };
  if (Number(run.checkpoint_row) !== checkpoint) {
    throw new AppError(
      'IMPORT_RUN_BUSY',
      `Run ${runId} moved on elsewhere (checkpoint ${run.checkpoint_row}, expected ${checkpoint}).`,
    );
  }

  const results = await writeMapped(trx, scope, records);
  const counts = { read: records.length, inserted: 0, updated: 0, unchanged: 0, quarantined: 0 };
  const quarantine: NewRow<'import_quarantine'>[] = [];
  results.forEach((result, i) => {
    const { record } = records[i] as MappedRecord;
    if (result.result === 'refused') {
      quarantine.push(quarantineRow(caller.orgId, runId, record, result.reasons));
      counts.quarantined++;
    } else counts[result.result]++;
  });
  await insertQuarantine(trx, quarantine);
  await advanceRun(trx, caller.orgId, runId, counts, last);
  return { stopped: false, counts };
}

/**
 * Writes mapped records through the target in the caller's transaction and answers per record,
 * in order: the references resolved (and created) in bulk, each record made into the entity's
 * item, the items written in rounds of distinct keys. Shared by a run's batches and by replays
 * of quarantined records, so both obey the same rules.
 */
export async function writeMapped(
  trx: Kysely<DB>,
  scope: Pick<BatchScope, 'caller' | 'target' | 'context'>,
  records: readonly MappedRecord[],
): Promise<TargetOutcome[]> {
  const { caller, target, context } = scope;
  const results: (TargetOutcome | undefined)[] = Array.from(records, () => undefined);
  const resolved = await resolveMasterData(
    trx,
    caller,
    records.flatMap((m) => (m.reasons.length > 0 ? [] : m.lookups)),
  );
  const pending: { index: number; key: string | null; item: unknown }[] = [];
  records.forEach((mapped, index) => {
    if (mapped.reasons.length > 0) {
      results[index] = { result: 'refused', reasons: [...mapped.reasons] };
      return;
    }
    const idByField = new Map<string, number | null>();
    const lookupReasons: QuarantineReason[] = [];
    for (const lookup of mapped.lookups) {
      const key = lookupKey(lookup);
      const id = resolved.ids.get(key) ?? null;
      idByField.set(lookup.field, id);
      if (id === null) {
        lookupReasons.push({
          field: lookup.field,
          value: lookup.text,
          rule: 'lookup',
          message: resolved.problems.get(key)?.message ?? `no ${lookup.table} "${lookup.text}"`,
        });
      }
    }
    if (lookupReasons.length > 0) {
      results[index] = { result: 'refused', reasons: lookupReasons };
      return;
    }
    const made = target.toItem(mapped.values, (field) => idByField.get(field) ?? null, context);
    if ('reasons' in made) {
      results[index] = { result: 'refused', reasons: made.reasons };
      return;
    }
    pending.push({ index, key: target.keyOf(mapped.values, context), item: made.item });
  });
  for (const round of roundsByKey(pending)) {
    const outcomes = await target.write(
      trx,
      caller,
      round.map((p) => p.item),
    );
    outcomes.forEach((outcome, i) => {
      results[(round[i] as (typeof round)[number]).index] = outcome;
    });
  }
  return results.map((r) => r ?? { result: 'refused', reasons: [] });
}

/**
 * Splits a batch into rounds in which each natural key appears once, keeping file order: a
 * file that updates one shipment twice in a batch gets both changes applied in turn, as two
 * separate calls would, instead of one merged against a stale copy.
 */
export function roundsByKey<T extends { readonly key: string | null }>(items: readonly T[]): T[][] {
  const rounds: T[][] = [];
  const roundOfKey = new Map<string, number>();
  for (const item of items) {
    const index = item.key === null ? 0 : (roundOfKey.get(item.key) ?? -1) + 1;
    if (item.key !== null) roundOfKey.set(item.key, index);
    while (rounds.length <= index) rounds.push([]);
    (rounds[index] as T[]).push(item);
  }
  return rounds.filter((r) => r.length > 0);
}

function quarantineRow(
  orgId: number,
  runId: number,
  record: SourceRecord,
  reasons: readonly QuarantineReason[],
): NewRow<'import_quarantine'> {
  return {
    org_id: orgId,
    run_id: runId,
    row_number: record.row,
    status: 'open',
    values_json: JSON.stringify(record.values),
    reasons_json: JSON.stringify(reasons),
  };
}
