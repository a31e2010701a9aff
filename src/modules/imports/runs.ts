import type { Kysely } from 'kysely';
import { listAnswer } from '../../db/keyset.js';
import type { DB, Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey } from '../auth/index.js';
import type { Permission } from '../auth/permissions.js';
import type { JobQueue } from '../jobs/index.js';
import { type FormatOptions, formatOptions } from './formats/types.js';
import { IMPORT_RUN_JOB, type ImportRunPayload } from './job.js';
import { checkMapping, compileMapping } from './mapping/index.js';
import { type ImportTargetName, type MappingDefinition, mappingDefinition } from './mapping/schema.js';
import { sampleFile } from './preview.js';
import { findFile, findMappingByName, findRun, insertRun, runsQuery, updateRun } from './repository.js';
import { runSorts } from './schema.js';
import { targetOf } from './targets/index.js';
import { type RunRow, runToApi } from './to-api.js';

/** Import runs: started (checked and queued), followed, cancelled. The work is loader/run.ts. */

/** The permission each target's rows are written with (the same the entity's API route needs). */
const writePermission: Record<ImportTargetName, Permission> = {
  shipments: 'shipments:write',
  'tracking-events': 'shipments:write',
  orders: 'orders:write',
  products: 'master-data:write',
  facilities: 'master-data:write',
  carriers: 'master-data:write',
  customers: 'master-data:write',
  suppliers: 'master-data:write',
  'inventory-snapshots': 'inventory:write',
  'inventory-movements': 'inventory:write',
};

export interface RunStart {
  readonly fileId: number;
  readonly mapping: { readonly name: string; readonly version?: number | undefined };
  readonly format?: Record<string, unknown> | undefined;
}

/**
 * Creates a run of a file with a saved mapping, checking what the job will need — the target's
 * write permission, and master-data:write when the mapping creates references — so a run never
 * fails halfway for want of a permission. `queue` null creates the run for the caller to execute
 * itself (the CLI's --wait); otherwise an `imports.run` job is queued for it.
 */
export async function startRun(
  db: Kysely<DB>,
  queue: JobQueue | null,
  caller: Caller,
  start: RunStart,
  directory: string,
) {
  const file = await findFile(db, caller.orgId, start.fileId);
  if (!file) throw new AppError('RESOURCE_NOT_FOUND', `No import file with id ${start.fileId}.`);
  const mapping = await findMappingByName(db, caller.orgId, start.mapping.name, start.mapping.version);
  if (!mapping) throw new AppError('RESOURCE_NOT_FOUND', `No import mapping named "${start.mapping.name}".`);
  const definition = mappingDefinition.parse(JSON.parse(mapping.definition));
  const grants = grantsFor(definition);
  const missing = grants.filter((p) => !caller.has(p));
  if (missing.length > 0) {
    throw new AppError('AUTH_FORBIDDEN', `This import needs the ${missing.join(' and ')} permission.`);
  }
  const format = formatOptions.safeParse({ ...JSON.parse(file.format), ...(start.format ?? {}) });
  if (!format.success) {
    throw new AppError('REQUEST_INVALID', `format: ${format.error.issues[0]?.message ?? 'invalid'}`);
  }
  await refuseMissingColumns(directory, file, definition, format.data);
  const runId = await insertRun(db, {
    org_id: caller.orgId,
    file_id: Number(file.id),
    mapping_id: Number(mapping.id),
    source: definition.source ?? 'import',
    job_id: null,
    status: 'queued',
    format: JSON.stringify(format.data),
    created_by: callerKey(caller),
  });
  if (queue) {
    const payload: ImportRunPayload = { runId, actor: callerKey(caller), grants };
    const { job } = await queue.enqueue(IMPORT_RUN_JOB, payload, {
      orgId: caller.orgId,
      dedupeKey: `import-run-${runId}`,
      createdBy: callerKey(caller),
    });
    await updateRun(db, caller.orgId, runId, { job_id: job.id });
  }
  return getRun(db, caller.orgId, runId);
}

/**
 * A table whose header lacks a column the mapping reads would quarantine every row: refused
 * before anything is written (IMPORT_MAPPING_INVALID naming the columns). JSON records may
 * leave keys out, so only tables are checked.
 */
async function refuseMissingColumns(
  directory: string,
  file: Row<'import_files'>,
  definition: MappingDefinition,
  format: FormatOptions,
): Promise<void> {
  if (format.kind !== 'csv' && format.kind !== 'xlsx') return;
  const { columns } = await sampleFile(directory, file, 1, format);
  const problems = checkMapping(compileMapping(definition, targetOf(definition.target).fields), columns);
  if (problems.length > 0) {
    throw new AppError(
      'IMPORT_MAPPING_INVALID',
      `The file lacks columns the mapping reads: ${problems.map((p) => p.message).join('; ')}`,
      { errors: problems },
    );
  }
}

/** The permissions a run of this mapping writes with. */
export function grantsFor(definition: {
  readonly target: ImportTargetName;
  readonly fields: object;
}): Permission[] {
  const grants = new Set<Permission>([writePermission[definition.target]]);
  const creates = Object.values(definition.fields).some(
    (f: { lookup?: { create?: boolean } }) => f.lookup?.create === true,
  );
  if (creates) grants.add('master-data:write');
  return [...grants];
}

export async function getRun(db: Kysely<DB>, orgId: number, id: number) {
  const row = (await runsQuery(db, orgId).where('import_runs.id', '=', id).executeTakeFirst()) as
    | RunRow
    | undefined;
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No import run with id ${id}.`);
  return runToApi(row);
}

export function listRuns(
  db: Kysely<DB>,
  orgId: number,
  q: {
    readonly sort: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
    readonly includeTotal: boolean;
    readonly status?: RunRow['status'] | undefined;
  },
) {
  let query = runsQuery(db, orgId);
  if (q.status !== undefined) query = query.where('import_runs.status', '=', q.status);
  return listAnswer(query, q, runSorts, (row) => runToApi(row as RunRow));
}

/**
 * Cancels a run that has not finished: its status says so at once, the batch in flight (if any)
 * still commits whole, and the next batch sees the status and stops. What was loaded stays.
 */
export async function cancelRun(db: Kysely<DB>, queue: JobQueue, caller: Caller, id: number) {
  const run = await findRun(db, caller.orgId, id);
  if (!run) throw new AppError('RESOURCE_NOT_FOUND', `No import run with id ${id}.`);
  if (run.status !== 'queued' && run.status !== 'running') {
    throw new AppError(
      'RESOURCE_CONFLICT',
      `Run ${id} is ${run.status}; only queued or running runs can be cancelled.`,
    );
  }
  await updateRun(db, caller.orgId, id, { status: 'cancelled', finished_at: new Date() });
  if (run.job_id !== null) {
    try {
      await queue.cancel({ orgId: caller.orgId }, Number(run.job_id));
    } catch (error) {
      // A job that already ended cannot be cancelled; the run's status is what counts.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return getRun(db, caller.orgId, id);
}

/**
 * Data quality per source: what its runs read, what loaded and what is still quarantined (open
 * or set aside), so a screen can say "3.1 % of the TMS export does not load".
 */
export async function qualityBySource(db: Kysely<DB>, orgId: number) {
  const rows = await db
    .selectFrom('import_runs as r')
    .where('r.org_id', '=', orgId)
    .groupBy('r.source')
    .select((eb) => [
      'r.source',
      eb.fn.countAll<number>().as('runs'),
      eb.fn.sum<number>('r.read_rows').as('read'),
      eb.fn.sum<number>(eb('r.inserted', '+', eb('r.updated', '+', eb.ref('r.unchanged')))).as('loaded'),
      eb.fn.sum<number>('r.quarantined').as('quarantined'),
      eb
        .selectFrom('import_quarantine as q')
        .innerJoin('import_runs as r2', 'r2.id', 'q.run_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('q.org_id', '=', orgId)
        .where('q.status', '=', 'open')
        .whereRef('r2.source', '=', 'r.source')
        .as('open'),
    ])
    .orderBy('r.source')
    .execute();
  return {
    data: rows.map((row) => {
      const read = Number(row.read ?? 0);
      const quarantined = Number(row.quarantined ?? 0);
      return {
        source: row.source,
        runs: Number(row.runs),
        read,
        loaded: Number(row.loaded ?? 0),
        quarantined,
        open: Number(row.open ?? 0),
        quarantinedShare: read > 0 ? Math.round((quarantined / read) * 10_000) / 10_000 : null,
      };
    }),
  };
}
