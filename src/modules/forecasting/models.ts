import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { listAnswer } from '../../db/keyset.js';
import { type DB, isoInstant, type Row, toDate } from '../../db/types.js';
import { calendarDayOf } from '../../lib/calendar-days.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Caller, callerKey } from '../auth/index.js';
import { modelSorts } from './schema.js';

/**
 * The model registry's versions: listed, created as candidates, promoted (only if better, when
 * asked: the candidate's latest run against the active version's, by mean backtest MASE) and
 * rolled back to the version that was active before. One version of a kind is active at a time;
 * promotion archives the one it replaces. Every change is audited.
 */

type ModelRow = Row<'forecast_models'>;
export type ModelKind = ModelRow['kind'];

function modelToApi(row: ModelRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    version: row.version,
    status: row.status,
    params: JSON.parse(row.params) as Record<string, unknown>,
    trainingFrom: row.training_from === null ? null : calendarDayOf(row.training_from),
    trainingTo: row.training_to === null ? null : calendarDayOf(row.training_to),
    dataFingerprint: row.data_fingerprint,
    metrics: row.metrics === null ? null : (JSON.parse(row.metrics) as Record<string, unknown>),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    promotedAt: isoInstant(row.promoted_at),
  };
}

/** The organization's versions, newest first by default. */
export function listModels(
  db: Kysely<DB>,
  orgId: number,
  q: {
    sort: string;
    limit: number;
    cursor?: string | undefined;
    includeTotal: boolean;
    kind?: ModelKind | undefined;
  },
) {
  let query = db.selectFrom('forecast_models').selectAll().where('org_id', '=', orgId);
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  return listAnswer(query, q, modelSorts, (row) => modelToApi(row as ModelRow));
}

async function findModel(db: Kysely<DB>, orgId: number, id: number): Promise<ModelRow> {
  const row = await db
    .selectFrom('forecast_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No model version with id ${id}.`);
  return row;
}

/** One version. */
export async function getModel(db: Kysely<DB>, orgId: number, id: number) {
  return modelToApi(await findModel(db, orgId, id));
}

/** What a new version records besides its kind and status. */
export interface NewVersion {
  readonly kind: ModelKind;
  readonly status: 'active' | 'candidate';
  readonly params: unknown;
  readonly trainingFrom?: string | null;
  readonly trainingTo?: string | null;
  readonly dataFingerprint?: string | null;
  readonly metrics?: unknown;
  /** Added to the audit event. */
  readonly details?: Record<string, unknown>;
}

/**
 * Adds the next version of a kind, in the caller's transaction: an active one archives the
 * version it replaces; either is audited. Every new version is written here, but for the
 * defaults' version 1 an organization's first run creates (registry.ts).
 */
export async function registerVersion(
  trx: Kysely<DB>,
  caller: Caller,
  version: NewVersion,
  now = new Date(),
) {
  const last = await trx
    .selectFrom('forecast_models')
    .where('org_id', '=', caller.orgId)
    .where('kind', '=', version.kind)
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  const number = Number(last?.version ?? 0) + 1;
  const active = version.status === 'active';
  if (active) {
    await trx
      .updateTable('forecast_models')
      .set({ status: 'archived', updated_at: now })
      .where('org_id', '=', caller.orgId)
      .where('kind', '=', version.kind)
      .where('status', '=', 'active')
      .execute();
  }
  const id = await insertOne(trx, 'forecast_models', {
    org_id: caller.orgId,
    kind: version.kind,
    version: number,
    status: version.status,
    params: JSON.stringify(version.params),
    training_from: version.trainingFrom ?? null,
    training_to: version.trainingTo ?? null,
    data_fingerprint: version.dataFingerprint ?? null,
    metrics: version.metrics === undefined ? null : JSON.stringify(version.metrics),
    created_by: callerKey(caller),
    promoted_at: active ? now : null,
  });
  await recordAudit(trx, {
    orgId: caller.orgId,
    actor: caller.actor,
    action: active ? 'models.promoted' : 'models.candidate_created',
    target: { type: 'forecast_model', id },
    details: { kind: version.kind, version: number, ...version.details },
  });
  return { id, version: number };
}

/** A new candidate version of a forecast configuration; it is used only by runs that name it until promoted. */
export async function createCandidate(db: Kysely<DB>, caller: Caller, params: Record<string, unknown>) {
  return db.transaction().execute(async (trx) => {
    const { id } = await registerVersion(trx, caller, { kind: 'forecast', status: 'candidate', params });
    return modelToApi(await findModel(trx, caller.orgId, id));
  });
}

/** The mean backtest MASE of the latest succeeded run made with a version; null without one. */
async function latestRunMase(db: Kysely<DB>, orgId: number, modelId: number): Promise<number | null> {
  const run = await db
    .selectFrom('forecast_runs')
    .where('org_id', '=', orgId)
    .where('model_id', '=', modelId)
    .where('status', '=', 'succeeded')
    .select('summary')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const mase = run?.summary ? (JSON.parse(run.summary) as { mase?: number | null }).mase : null;
  return typeof mase === 'number' ? mase : null;
}

/**
 * Makes a version the active one of its kind (a candidate, or an archived one: a roll back to
 * it). `ifBetter` promotes only when the version's latest run has a lower mean backtest MASE
 * than the active version's latest run.
 */
export async function promoteModel(db: Kysely<DB>, caller: Caller, id: number, { ifBetter = false } = {}) {
  const row = await findModel(db, caller.orgId, id);
  if (row.status === 'active')
    throw new AppError('MODEL_ALREADY_ACTIVE', `Version ${row.version} is already active.`);
  const active = await db
    .selectFrom('forecast_models')
    .selectAll()
    .where('org_id', '=', caller.orgId)
    .where('kind', '=', row.kind)
    .where('status', '=', 'active')
    .executeTakeFirst();
  let comparison: { candidate: number; active: number } | null = null;
  if (ifBetter && active) {
    const [mine, theirs] = await Promise.all([
      latestRunMase(db, caller.orgId, id),
      latestRunMase(db, caller.orgId, Number(active.id)),
    ]);
    if (mine === null || theirs === null) {
      throw new AppError(
        'MODEL_NOT_EVALUATED',
        `Run both versions first (POST /forecasts/runs with modelVersion ${row.version}, and one with the active version ${active.version}).`,
      );
    }
    if (!(mine < theirs)) {
      throw new AppError(
        'MODEL_NOT_BETTER',
        `Version ${row.version} has a mean backtest MASE of ${mine.toFixed(4)}, the active version ${active.version} ${theirs.toFixed(4)}: not promoted.`,
      );
    }
    comparison = { candidate: mine, active: theirs };
  }
  await activate(db, caller, row, active ?? null, comparison ? { comparison } : {});
  return getModel(db, caller.orgId, id);
}

/** Re-activates the version that was active before the current one (the latest archived by a promotion). */
export async function rollbackModel(db: Kysely<DB>, caller: Caller, kind: ModelKind) {
  const rows = await db
    .selectFrom('forecast_models')
    .selectAll()
    .where('org_id', '=', caller.orgId)
    .where('kind', '=', kind)
    .where('promoted_at', 'is not', null)
    .orderBy('promoted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const [current, previous] = [
    rows.find((r) => r.status === 'active'),
    rows.find((r) => r.status === 'archived'),
  ];
  if (!current || !previous)
    throw new AppError('MODEL_NO_PREVIOUS', `No earlier active ${kind} version to roll back to.`);
  await activate(db, caller, previous, current, { rollbackFrom: current.version });
  return getModel(db, caller.orgId, Number(previous.id));
}

async function activate(
  db: Kysely<DB>,
  caller: Caller,
  row: ModelRow,
  replaced: ModelRow | null,
  details: Record<string, unknown>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    if (replaced) {
      await trx
        .updateTable('forecast_models')
        .set({ status: 'archived', updated_at: now })
        .where('id', '=', replaced.id)
        .where('org_id', '=', caller.orgId)
        .execute();
    }
    await trx
      .updateTable('forecast_models')
      .set({ status: 'active', promoted_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('org_id', '=', caller.orgId)
      .execute();
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'models.promoted',
      target: { type: 'forecast_model', id: Number(row.id) },
      details: { version: row.version, replaced: replaced?.version ?? null, ...details },
    });
  });
}

/** A version used by a run: its parameters, or RESOURCE_REFERENCE_INVALID for an unknown one. */
export async function forecastVersion(db: Kysely<DB>, orgId: number, version: number) {
  const row = await db
    .selectFrom('forecast_models')
    .select(['id', 'version', 'params', 'status'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'forecast')
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_REFERENCE_INVALID', `No forecast configuration version ${version}.`);
  return { id: Number(row.id), version: row.version };
}

/** Records on a version what its latest run was fitted on and how it scored. */
export async function recordModelEvaluation(
  db: Kysely<DB>,
  orgId: number,
  modelId: number,
  evaluation: {
    from: string | null;
    to: string | null;
    fingerprint: string;
    metrics: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .updateTable('forecast_models')
    .set({
      training_from: evaluation.from,
      training_to: evaluation.to,
      data_fingerprint: evaluation.fingerprint,
      metrics: JSON.stringify(evaluation.metrics),
      updated_at: new Date(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', modelId)
    .execute();
}
