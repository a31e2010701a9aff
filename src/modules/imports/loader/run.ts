import { Transform } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB, Row } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import { reportingSettingsOf } from '../../analytics/index.js';
import type { Caller } from '../../auth/index.js';
import { readerFor } from '../formats/index.js';
import { type FormatOptions, formatOptions, type SourceRecord } from '../formats/types.js';
import { applyMapping, compileMapping } from '../mapping/index.js';
import { mappingDefinition } from '../mapping/schema.js';
import { findFile, findMapping, findRun, updateRunIf } from '../repository.js';
import { openStored } from '../storage.js';
import { targetOf } from '../targets/index.js';
import { type BatchScope, commitBatch, type MappedRecord } from './batch.js';
import { passedStatisticsMark, refreshStatistics } from './statistics.js';

/**
 * Executes an import run (the `imports.run` job's body): reads the run's file from the start,
 * skips the records its checkpoint covers, maps the rest and commits them in batches. Safe to
 * call again after any crash, and again after it finished (it answers the stored counts).
 */

export interface RunProgress {
  /** Records read so far, this attempt and earlier ones together. */
  readonly rows: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface RunEnvironment {
  readonly db: Kysely<DB>;
  /** LANEWISE_IMPORT_DIR. */
  readonly directory: string;
  /** Records per transaction (default 500). */
  readonly batchSize?: number;
  /** Stops between batches when it fires (job cancelled, lease lost, shutdown). */
  readonly signal?: AbortSignal;
  readonly progress?: (progress: RunProgress) => void;
}

export interface RunSummary {
  readonly status: Row<'import_runs'>['status'];
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly quarantined: number;
  readonly errorCode: string | null;
}

const defaultBatchSize = 500;

export async function executeRun(env: RunEnvironment, caller: Caller, runId: number): Promise<RunSummary> {
  const { db } = env;
  const run = await findRun(db, caller.orgId, runId);
  if (!run) throw new AppError('RESOURCE_NOT_FOUND', `No import run with id ${runId}.`);
  if (run.status === 'succeeded' || run.status === 'cancelled' || run.status === 'failed') {
    return summaryOf(run);
  }
  await updateRunIf(db, caller.orgId, runId, run.status, {
    status: 'running',
    ...(run.started_at === null ? { started_at: new Date() } : {}),
  });
  try {
    const finished = await load(env, caller, run);
    if (finished) {
      await updateRunIf(db, caller.orgId, runId, 'running', { status: 'succeeded', finished_at: new Date() });
    }
  } catch (error) {
    // A file or mapping that is wrong as a whole will be just as wrong on a retry: the run fails
    // with the reason and the job ends. Anything else (the database went away) is retried.
    if (!(error instanceof AppError) || error.code === 'IMPORT_RUN_BUSY') throw error;
    await updateRunIf(db, caller.orgId, runId, 'running', {
      status: 'failed',
      error_code: error.code,
      error_message: error.message.slice(0, 2000),
      finished_at: new Date(),
    });
  }
  const after = await findRun(db, caller.orgId, runId);
  return summaryOf(after ?? run);
}

/** Loads what the checkpoint does not cover; false when it stopped early (cancelled, signal). */
async function load(env: RunEnvironment, caller: Caller, run: Row<'import_runs'>): Promise<boolean> {
  const { db } = env;
  const [file, mappingRow] = await Promise.all([
    findFile(db, caller.orgId, Number(run.file_id)),
    findMapping(db, caller.orgId, Number(run.mapping_id)),
  ]);
  if (!file || !mappingRow) throw new Error(`import run ${run.id} lost its file or mapping`);
  const definition = mappingDefinition.parse(JSON.parse(mappingRow.definition));
  const target = targetOf(definition.target);
  const compiled = compileMapping(definition, target.fields);
  const options: FormatOptions = formatOptions.parse(JSON.parse(run.format));
  const settings = await reportingSettingsOf(db, caller.orgId);
  const scope: BatchScope = {
    db,
    caller,
    runId: Number(run.id),
    target,
    context: { source: definition.source ?? 'import', currency: settings.currency },
  };

  let bytesRead = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const input = openStored(env.directory, file.storage_key).pipe(meter);
  const records = readerFor(options.kind)(input, options);
  const batchSize = env.batchSize ?? defaultBatchSize;
  let checkpoint = Number(run.checkpoint_row);
  let rows = Number(run.read_rows);
  let batch: MappedRecord[] = [];
  let lastRow = checkpoint;

  const flush = async (): Promise<boolean> => {
    if (lastRow === checkpoint) return true;
    const answer = await commitBatch(scope, batch, checkpoint, { row: lastRow, bytes: bytesRead });
    if (answer.stopped) return false;
    if (passedStatisticsMark(rows, rows + answer.counts.read)) await refreshStatistics(db);
    rows += answer.counts.read;
    checkpoint = lastRow;
    batch = [];
    env.progress?.({ rows, bytesRead, bytesTotal: Number(file.bytes) });
    return !env.signal?.aborted;
  };

  try {
    for await (const record of records) {
      if (record.row <= checkpoint) continue;
      batch.push(mapRecord(compiled, record));
      lastRow = record.row;
      if (batch.length >= batchSize && !(await flush())) return false;
    }
    return await flush();
  } finally {
    input.destroy();
  }
}

function mapRecord(compiled: ReturnType<typeof compileMapping>, record: SourceRecord): MappedRecord {
  return { record, ...applyMapping(compiled, record) };
}

function summaryOf(run: Row<'import_runs'>): RunSummary {
  return {
    status: run.status,
    read: Number(run.read_rows),
    inserted: Number(run.inserted),
    updated: Number(run.updated),
    unchanged: Number(run.unchanged),
    quarantined: Number(run.quarantined),
    errorCode: run.error_code,
  };
}
