/**
 * Training and prediction. A trained model holds its coefficients and the late-rate counts of its
 * training examples; a prediction reads the all-time rates from those counts and the recent ones
 * from the history it is given, so a model trained a month ago still sees a carrier's last 90
 * days. Every rate of a shipment is as of its planned pickup, in training and in prediction alike.
 */
import { AppError } from '../../../lib/errors.js';
import {
  emptyTallies,
  encodingsFromJson,
  encodingsToJson,
  isKnown,
  orderBy,
  type Rates,
  ratesFor,
  type Tallies,
  tally,
} from './encoding.js';
import { riskFactors } from './explain.js';
import { featureNames, featureVector, predictionRates, trainingFeatures } from './features.js';
import { fitLogistic, type LogisticOptions, logOdds, sigmoid } from './logistic.js';
import type { KnownExample, Prediction, ShipmentExample, TrainedModel } from './types.js';

/** Fewer known shipments than this, or only one outcome among them, cannot train a model. */
export const MIN_KNOWN_EXAMPLES = 50;

/** Why a set of examples cannot train a model: its counts of known outcomes, and a message. */
export interface DataShortfall {
  readonly known: number;
  readonly late: number;
  readonly onTime: number;
  readonly required: number;
  readonly message: string;
}

/** What stops `examples` from training a model, or null when they can. */
export function delayRiskShortfall(
  examples: readonly ShipmentExample[],
  part = 'training data',
): DataShortfall | null {
  const known = examples.filter(isKnown);
  const late = known.filter((e) => e.late).length;
  const onTime = known.length - late;
  if (known.length >= MIN_KNOWN_EXAMPLES && late > 0 && onTime > 0) return null;
  return {
    known: known.length,
    late,
    onTime,
    required: MIN_KNOWN_EXAMPLES,
    message:
      `The delay-risk model needs at least ${MIN_KNOWN_EXAMPLES} delivered shipments, some late and some on ` +
      `time, in its ${part}; it has ${known.length} (${late} late, ${onTime} on time).`,
  };
}

/** Throws DELAY_RISK_NOT_ENOUGH_DATA with the shortfall when the examples cannot train a model. */
export function assertEnoughData(examples: readonly ShipmentExample[], part?: string): void {
  const shortfall = delayRiskShortfall(examples, part);
  if (shortfall) {
    const { message, ...counts } = shortfall;
    throw new AppError('DELAY_RISK_NOT_ENOUGH_DATA', message, counts);
  }
}

/** Trains a model on every example whose outcome is known; open shipments are ignored. */
export function trainDelayRisk(
  examples: readonly ShipmentExample[],
  options: LogisticOptions = {},
): TrainedModel {
  assertEnoughData(examples);
  // In pickup order, so the same shipments in any order give the same sums and the same model.
  const unordered = examples.filter(isKnown);
  const known = orderBy(unordered, (e) => e.plannedPickupAt).map((i) => unordered[i] as KnownExample);
  const { rows, labels, schema } = trainingFeatures(known);
  const fit = fitLogistic(rows, labels, options);
  const totals = emptyTallies();
  for (const e of known) tally(totals, e);
  // A loop, not Math.min(...times): spreading 100,000s of arguments overflows the stack.
  const extreme = (f: (e: KnownExample) => number, pick: (a: number, b: number) => number) =>
    known.reduce((acc, e) => pick(acc, f(e)), f(known[0] as KnownExample));
  return {
    kind: 'delay_risk',
    formatVersion: 1,
    featureNames: featureNames(schema),
    ...schema,
    ...fit,
    encodings: encodingsToJson(totals),
    training: {
      examples: known.length,
      late: totals.global.late,
      from: extreme((e) => e.plannedPickupAt, Math.min),
      to: extreme((e) => e.plannedPickupAt, Math.max),
      knownUntil: extreme((e) => e.deliveredAt, Math.max),
    },
  };
}

// Parsing the counts once per model object, not once per prediction.
const loaded = new WeakMap<TrainedModel, Tallies>();
function trainedTallies(model: TrainedModel): Tallies {
  if (model.kind !== 'delay_risk' || model.formatVersion !== 1) {
    throw new RangeError(`Not a delay-risk model of format 1: ${model.kind} ${model.formatVersion}`);
  }
  let tallies = loaded.get(model);
  if (!tallies) {
    tallies = encodingsFromJson(model.encodings);
    loaded.set(model, tallies);
  }
  return tallies;
}

/** The baseline: the carrier's late rate on the lane, toward the carrier's rate, toward the global one. */
export function baselineRate(model: TrainedModel, example: ShipmentExample): number {
  return ratesFor(example, trainedTallies(model), undefined, model.encodings.m).carrierLane;
}

/**
 * Predicts each shipment, reading recent late rates from the `history` outcomes known before its
 * planned pickup (one sweep for all of them).
 */
export function predictDelayRisks(
  model: TrainedModel,
  examples: readonly ShipmentExample[],
  history: readonly ShipmentExample[] = [],
): Prediction[] {
  const trained = trainedTallies(model);
  const rates = predictionRates(examples, trained, history, model.recentDays, model.encodings.m);
  return examples.map((example, i) => {
    const exampleRates = rates[i] as Rates;
    const x = featureVector(example, exampleRates, model);
    return {
      probability: sigmoid(logOdds(model, x)),
      baseline: exampleRates.carrierLane,
      factors: riskFactors(model, example, exampleRates, x, 3),
    };
  });
}

/** Predicts one shipment, with its three largest factors; see `predictDelayRisks`. */
export function predictDelayRisk(
  model: TrainedModel,
  example: ShipmentExample,
  history: readonly ShipmentExample[] = [],
): Prediction {
  return predictDelayRisks(model, [example], history)[0] as Prediction;
}
