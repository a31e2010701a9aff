/**
 * The shapes of the delay-risk model: what a shipment looks like to it, what it predicts, and
 * the trained model as plain JSON data (numbers, strings, arrays), so a registry row can store
 * `JSON.stringify(model)` and a later prediction can use `JSON.parse` of it unchanged.
 */

/** One shipment as the delay-risk model sees it; every time is in epoch milliseconds (UTC). */
export interface ShipmentExample {
  readonly id: number;
  readonly carrierId: number | null;
  readonly lane: string | null;
  readonly mode: string;
  readonly plannedPickupAt: number;
  readonly plannedDeliveryAt: number;
  readonly distanceKm: number | null;
  /** Whether it was delivered late; null while it is open (the case to predict). */
  readonly late: boolean | null;
  /** When the outcome became known. An example counts as known only with both `late` and this. */
  readonly deliveredAt: number | null;
}

/** A shipment whose outcome is known, and when. */
export type KnownExample = ShipmentExample & { readonly late: boolean; readonly deliveredAt: number };

/** One reason for a prediction: its effect on the log-odds, positive when it raises the risk. */
export interface RiskFactor {
  readonly name: string;
  readonly effect: number;
}

/** The probability that a shipment is delivered late, the baseline's, and the main reasons. */
export interface Prediction {
  readonly probability: number;
  /** The historical late rate of the carrier on the lane (see `baselineRate`). */
  readonly baseline: number;
  /** The three largest contributions by size, largest first. */
  readonly factors: RiskFactor[];
}

/** Late and total counts of known outcomes by carrier, lane and carrier × lane, as JSON tuples. */
export interface TargetEncodings {
  /** The m of the m-estimate (late + m·prior) / (n + m). */
  readonly m: number;
  readonly global: { readonly late: number; readonly total: number };
  readonly carriers: readonly (readonly [carrierId: number, late: number, total: number])[];
  readonly lanes: readonly (readonly [lane: string, late: number, total: number])[];
  readonly carrierLanes: readonly (readonly [carrierId: number, lane: string, late: number, total: number])[];
}

/** The inputs a feature vector needs beyond the shipment and its rates. */
export interface FeatureSchema {
  /** The modes seen in training, one one-hot column each (an unseen mode sets none). */
  readonly modes: readonly string[];
  /** log1p(distance km) that stands in for a missing distance: its training mean. */
  readonly distanceFill: number;
  /** The length of the "recent" window, in days. */
  readonly recentDays: number;
}

/** A fitted logistic regression on standardised features. */
export interface LogisticFit {
  /** Training mean and scale of each feature: z = (x − mean) / scale; a constant feature has scale 1. */
  readonly means: readonly number[];
  readonly scales: readonly number[];
  /** Coefficients on the standardised features. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** A trained delay-risk model: JSON-serialisable, with everything a prediction needs. */
export interface TrainedModel extends LogisticFit, FeatureSchema {
  readonly kind: 'delay_risk';
  readonly formatVersion: 1;
  readonly featureNames: readonly string[];
  /** Late rates of the training examples, for the target-encoded features and the baseline. */
  readonly encodings: TargetEncodings;
  readonly training: {
    readonly examples: number;
    readonly late: number;
    /** First and last planned pickup of the training examples. */
    readonly from: number;
    readonly to: number;
    /** When the last training outcome became known. */
    readonly knownUntil: number;
  };
}
