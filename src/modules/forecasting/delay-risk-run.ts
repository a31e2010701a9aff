import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB } from '../../db/types.js';
import type { Caller } from '../auth/index.js';
import {
  delayRiskShortfall,
  evaluateDelayRisk,
  predictDelayRisks,
  type ShipmentExample,
  type TrainedModel,
  trainDelayRisk,
} from './delay-risk/index.js';
import { loadShipmentExamples } from './delay-risk-data.js';
import { registerVersion } from './models.js';

/**
 * Training, registering and applying the delay-risk model of an organization (ADR 0022). A run
 * evaluates a fresh model on a time-based holdout against the carrier-on-lane baseline, trains
 * it on every known outcome and registers it as a version of kind delay_risk: active when there
 * is no active version or when it beats the active one's holdout Brier score (the registry's
 * "if it beats the active one" policy), a candidate otherwise. Then the active version predicts
 * every open shipment, and the predictions replace the previous ones in one transaction.
 */

export interface DelayRiskRunResult {
  readonly version: number;
  readonly status: 'active' | 'candidate';
  readonly holdoutBrier: number;
  readonly baselineBrier: number;
  readonly brierImprovement: number | null;
  readonly predicted: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Trains, registers and predicts; DELAY_RISK_NOT_ENOUGH_DATA when the history is too thin. */
export async function runDelayRisk(
  db: Kysely<DB>,
  caller: Caller,
  now = new Date(),
): Promise<DelayRiskRunResult> {
  const examples = await loadShipmentExamples(db, caller.orgId);
  delayRiskShortfall(examples);
  const evaluation = evaluateDelayRisk(examples);
  const model = trainDelayRisk(examples);
  const active = await activeDelayRiskModel(db, caller.orgId);
  const beats = active === null || evaluation.model.brier < active.holdoutBrier;
  const fingerprint = createHash('sha256');
  for (const e of examples) if (e.late !== null) fingerprint.update(`${e.id}:${e.late ? 1 : 0};`);
  const metrics = {
    holdout: evaluation.holdout,
    model: { auc: evaluation.model.auc, brier: evaluation.model.brier, logLoss: evaluation.model.logLoss },
    baseline: {
      auc: evaluation.baseline.auc,
      brier: evaluation.baseline.brier,
      logLoss: evaluation.baseline.logLoss,
    },
    brierImprovement: evaluation.brierImprovement,
    calibration: evaluation.model.calibration,
  };
  const { id, version } = await db.transaction().execute((trx) =>
    registerVersion(
      trx,
      caller,
      {
        kind: 'delay_risk',
        status: beats ? 'active' : 'candidate',
        params: model,
        trainingFrom: day(model.training.from),
        trainingTo: day(model.training.to),
        dataFingerprint: fingerprint.digest('hex'),
        metrics,
        details: { holdoutBrier: evaluation.model.brier, replaced: beats ? (active?.version ?? null) : null },
      },
      now,
    ),
  );
  const predicted = beats
    ? await storePredictions(db, caller.orgId, id, model, examples, now)
    : active
      ? await storePredictions(db, caller.orgId, active.id, active.model, examples, now)
      : 0;
  return {
    version,
    status: beats ? 'active' : 'candidate',
    holdoutBrier: evaluation.model.brier,
    baselineBrier: evaluation.baseline.brier,
    brierImprovement: evaluation.brierImprovement,
    predicted,
  };
}

/** The active delay-risk version: its id, model and holdout Brier score; null when there is none. */
export async function activeDelayRiskModel(db: Kysely<DB>, orgId: number) {
  const row = await db
    .selectFrom('forecast_models')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'delay_risk')
    .where('status', '=', 'active')
    .select(['id', 'version', 'params', 'metrics'])
    .executeTakeFirst();
  if (!row) return null;
  const metrics = row.metrics ? (JSON.parse(row.metrics) as { model?: { brier?: number } }) : {};
  return {
    id: Number(row.id),
    version: row.version,
    model: JSON.parse(row.params) as TrainedModel,
    holdoutBrier: metrics.model?.brier ?? Number.POSITIVE_INFINITY,
  };
}

/** Predicts every open shipment with a model and replaces the organization's predictions. */
async function storePredictions(
  db: Kysely<DB>,
  orgId: number,
  modelId: number,
  model: TrainedModel,
  examples: readonly ShipmentExample[],
  now: Date,
): Promise<number> {
  const open = examples.filter((e) => e.late === null);
  const known = examples.filter((e) => e.late !== null);
  const predictions = predictDelayRisks(model, open, known);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('shipment_delay_risks').where('org_id', '=', orgId).execute();
    await insertRows(
      trx,
      'shipment_delay_risks',
      open.map((e, k) => {
        const p = predictions[k] as (typeof predictions)[number];
        return {
          org_id: orgId,
          shipment_id: e.id,
          model_id: modelId,
          probability: p.probability,
          baseline: p.baseline,
          factors: JSON.stringify(p.factors),
          predicted_at: now,
        };
      }),
    );
  });
  return open.length;
}
