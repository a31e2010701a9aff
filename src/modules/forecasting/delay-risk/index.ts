/**
 * The delay-risk model's one door: pure functions from shipments to the probability that an
 * open one is delivered late, with no database. Loading shipments and storing models and
 * predictions belong to the module around it.
 */
export { M_ESTIMATE, RECENT_DAYS } from './encoding.js';
export {
  auc,
  brierScore,
  type CalibrationBin,
  calibrationTable,
  type DelayRiskEvaluation,
  type DelayRiskMetrics,
  type EvaluationOptions,
  evaluateDelayRisk,
  logLoss,
} from './evaluate.js';
export type { LogisticOptions } from './logistic.js';
export {
  baselineRate,
  type DataShortfall,
  delayRiskShortfall,
  MIN_KNOWN_EXAMPLES,
  predictDelayRisk,
  predictDelayRisks,
  trainDelayRisk,
} from './model.js';
export type { Prediction, RiskFactor, ShipmentExample, TrainedModel } from './types.js';
