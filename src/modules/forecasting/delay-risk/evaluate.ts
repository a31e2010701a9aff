/**
 * How good the probabilities are — AUC (ranking), Brier score and log loss (accuracy of the
 * probabilities themselves) and a calibration table — and a time-based holdout that compares the
 * model with the baseline a planner already has: the carrier's historical late rate on the lane.
 */
import { isKnown, orderBy } from './encoding.js';
import type { LogisticOptions } from './logistic.js';
import { assertEnoughData, predictDelayRisks, trainDelayRisk } from './model.js';
import type { KnownExample, ShipmentExample } from './types.js';

/**
 * The area under the ROC curve by Mann–Whitney: the share of (late, on-time) pairs the late one
 * scores higher, ties counting ½. Null when either class is absent, as no pair exists.
 */
export function auc(labels: readonly boolean[], scores: readonly number[]): number | null {
  const n = labels.length;
  const score = (i: number) => scores[i] as number;
  const order = labels.map((_, i) => i).sort((a, b) => score(a) - score(b));
  let positives = 0;
  let positiveRanks = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && score(order[end + 1] as number) === score(order[start] as number)) end++;
    // Tied scores share the mean of their ranks (1-based), which counts each tied pair as ½.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k] as number]) {
        positives++;
        positiveRanks += rank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The Brier score: the mean of (p − y)², y = 1 for late. */
export function brierScore(labels: readonly boolean[], probabilities: readonly number[]): number {
  let sum = 0;
  labels.forEach((late, i) => {
    sum += ((probabilities[i] as number) - (late ? 1 : 0)) ** 2;
  });
  return sum / labels.length;
}

/** The mean negative log-likelihood, with p clipped to [1e-15, 1 − 1e-15] so a sure miss is finite. */
export function logLoss(labels: readonly boolean[], probabilities: readonly number[]): number {
  const eps = 1e-15;
  let sum = 0;
  labels.forEach((late, i) => {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i] as number));
    sum -= Math.log(late ? p : 1 - p);
  });
  return sum / labels.length;
}

/** One bin of predicted probabilities [from, to) — the last one includes 1 — and what happened in it. */
export interface CalibrationBin {
  readonly bin: number;
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Null in an empty bin. */
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

/** The calibration table: for each tenth of [0, 1], the mean prediction and the observed late rate. */
export function calibrationTable(
  labels: readonly boolean[],
  probabilities: readonly number[],
  bins = 10,
): CalibrationBin[] {
  const count = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const late = new Array<number>(bins).fill(0);
  labels.forEach((isLate, i) => {
    const p = probabilities[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b] = (count[b] as number) + 1;
    predicted[b] = (predicted[b] as number) + p;
    if (isLate) late[b] = (late[b] as number) + 1;
  });
  return count.map((c, b) => ({
    bin: b,
    from: b / bins,
    to: (b + 1) / bins,
    count: c,
    meanPredicted: c > 0 ? (predicted[b] as number) / c : null,
    observedRate: c > 0 ? (late[b] as number) / c : null,
  }));
}

/** AUC, Brier score, log loss and calibration of one set of predictions. */
export interface DelayRiskMetrics {
  readonly auc: number | null;
  readonly brier: number;
  readonly logLoss: number;
  readonly calibration: CalibrationBin[];
}

/** The model's and the baseline's holdout metrics, and what was trained and tested on. */
export interface DelayRiskEvaluation {
  readonly model: DelayRiskMetrics;
  readonly baseline: DelayRiskMetrics;
  /** 1 − model Brier / baseline Brier: the share of the baseline's error removed; null if it had none. */
  readonly brierImprovement: number | null;
  readonly training: {
    readonly examples: number;
    readonly purged: number;
    readonly from: number;
    readonly to: number;
  };
  readonly holdout: {
    readonly examples: number;
    readonly late: number;
    readonly from: number;
    readonly to: number;
  };
}

function metricsOf(labels: readonly boolean[], probabilities: readonly number[]): DelayRiskMetrics {
  return {
    auc: auc(labels, probabilities),
    brier: brierScore(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    calibration: calibrationTable(labels, probabilities),
  };
}

/** Options: the latest share of known shipments held out, and the model's ridge penalty. */
export interface EvaluationOptions extends LogisticOptions {
  readonly holdoutShare?: number;
}

/**
 * Trains on the earliest known shipments by planned pickup and tests on the latest
 * `holdoutShare`. Training shipments still in transit at the first test pickup are dropped
 * ("purged"): their outcomes were not known then, and counting them would let the test rows'
 * late rates see the future. The test rows' recent rates read only the training outcomes, so the
 * model knows no more than the baseline does.
 */
export function evaluateDelayRisk(
  examples: readonly ShipmentExample[],
  { holdoutShare = 0.2, ...options }: EvaluationOptions = {},
): DelayRiskEvaluation {
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new RangeError('holdoutShare must be between 0 and 1');
  assertEnoughData(examples);
  const known = examples.filter(isKnown);
  const sorted = orderBy(known, (e) => e.plannedPickupAt).map((i) => known[i] as KnownExample);
  const cut = Math.floor(sorted.length * (1 - holdoutShare));
  const holdout = sorted.slice(cut);
  const first = holdout[0] as KnownExample;
  const last = holdout[holdout.length - 1] as KnownExample;
  const candidates = sorted.slice(0, cut);
  const training = candidates.filter((e) => e.deliveredAt < first.plannedPickupAt);
  assertEnoughData(training, 'training part (the earliest shipments, before the holdout)');

  const model = trainDelayRisk(training, options);
  const predictions = predictDelayRisks(model, holdout, training);
  const labels = holdout.map((e) => e.late);
  const modelMetrics = metricsOf(
    labels,
    predictions.map((p) => p.probability),
  );
  const baselineMetrics = metricsOf(
    labels,
    predictions.map((p) => p.baseline),
  );
  return {
    model: modelMetrics,
    baseline: baselineMetrics,
    brierImprovement: baselineMetrics.brier > 0 ? 1 - modelMetrics.brier / baselineMetrics.brier : null,
    training: {
      examples: training.length,
      purged: candidates.length - training.length,
      from: model.training.from,
      to: model.training.to,
    },
    holdout: {
      examples: holdout.length,
      late: labels.filter(Boolean).length,
      from: first.plannedPickupAt,
      to: last.plannedPickupAt,
    },
  };
}
