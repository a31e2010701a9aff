/**
 * A shipment as a vector of numbers. The late rates enter on the logit scale, where a rate that
 * is the true probability has a coefficient of 1. The weekday of pickup is one-hot (Monday …
 * Sunday) rather than sin/cos: freight weekday effects are not a smooth wave (a Friday pickup
 * meets the weekend, a Monday one the backlog), and seven columns let each day have its own
 * effect and its own plain name. Season is sin/cos of the position in the year, which is smooth
 * and has no seam at New Year. Calendar features are read in UTC.
 */
import { isKnown, type Rates, RECENT_DAYS, ratesFor, sweepOutcomes, type Tallies } from './encoding.js';
import type { FeatureSchema, KnownExample, ShipmentExample } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The rate features, in vector order. */
export const RATE_FEATURES = [
  'carrier_late_rate',
  'lane_late_rate',
  'carrier_lane_late_rate',
  'carrier_recent_late_rate',
  'lane_recent_late_rate',
] as const;

/** The names of the vector's columns, in order. */
export function featureNames(schema: FeatureSchema): string[] {
  return [
    ...RATE_FEATURES,
    ...schema.modes.map((mode) => `mode=${mode}`),
    ...WEEKDAYS.map((day) => `weekday=${day.slice(0, 3).toLowerCase()}`),
    'season_sin',
    'season_cos',
    'log_transit_hours',
    'log_distance_km',
    'distance_missing',
  ];
}

/** 0 = Monday … 6 = Sunday, in UTC; 1 January 1970 (day 0) was a Thursday. */
export function weekdayOf(ms: number): number {
  return (((Math.floor(ms / DAY_MS) + 3) % 7) + 7) % 7;
}

/** The position of a time in its UTC year, as an angle from 0 to 2π. */
function yearAngle(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  return (2 * Math.PI * (ms - start)) / (Date.UTC(year + 1, 0, 1) - start);
}

/** Planned hours from pickup to delivery, never below 0. */
export function transitHours(example: ShipmentExample): number {
  return Math.max(0, (example.plannedDeliveryAt - example.plannedPickupAt) / HOUR_MS);
}

const logit = (p: number) => Math.log(p / (1 - p));

/** The feature vector of a shipment with its rates, in the order of `featureNames`. */
export function featureVector(example: ShipmentExample, rates: Rates, schema: FeatureSchema): number[] {
  const weekday = weekdayOf(example.plannedPickupAt);
  const angle = yearAngle(example.plannedPickupAt);
  const distance = example.distanceKm;
  const hasDistance = distance !== null && Number.isFinite(distance) && distance >= 0;
  return [
    logit(rates.carrier),
    logit(rates.lane),
    logit(rates.carrierLane),
    logit(rates.recentCarrier),
    logit(rates.recentLane),
    ...schema.modes.map((mode) => (mode === example.mode ? 1 : 0)),
    ...WEEKDAYS.map((_, day) => (day === weekday ? 1 : 0)),
    Math.sin(angle),
    Math.cos(angle),
    Math.log1p(transitHours(example)),
    hasDistance ? Math.log1p(distance) : schema.distanceFill,
    hasDistance ? 0 : 1,
  ];
}

/**
 * The rates of each training example from the other training examples whose outcome was known
 * before its planned pickup: all-time, and within the trailing `recentDays`.
 */
export function trainingRates(examples: readonly KnownExample[], recentDays = RECENT_DAYS): Rates[] {
  const rates: Rates[] = new Array(examples.length);
  sweepOutcomes(
    examples,
    examples,
    (i, allTime, recent) => {
      rates[i] = ratesFor(examples[i] as KnownExample, allTime, recent);
    },
    recentDays,
  );
  return rates;
}

/**
 * The rates of shipments to predict: all-time ones from the model's training counts, recent ones
 * from the `history` outcomes known before each planned pickup (none: the all-time rates).
 */
export function predictionRates(
  examples: readonly ShipmentExample[],
  trained: Tallies,
  history: readonly ShipmentExample[],
  recentDays: number,
  m: number,
): Rates[] {
  const rates: Rates[] = new Array(examples.length);
  sweepOutcomes(
    examples,
    history.filter(isKnown),
    (i, _allTime, recent) => {
      rates[i] = ratesFor(examples[i] as ShipmentExample, trained, recent, m);
    },
    recentDays,
  );
  return rates;
}

/** The schema that training examples imply: their modes and their mean log distance. */
export function schemaOf(examples: readonly ShipmentExample[], recentDays = RECENT_DAYS): FeatureSchema {
  let sum = 0;
  let count = 0;
  for (const e of examples) {
    if (e.distanceKm !== null && Number.isFinite(e.distanceKm) && e.distanceKm >= 0) {
      sum += Math.log1p(e.distanceKm);
      count++;
    }
  }
  const modes = [...new Set(examples.map((e) => e.mode))].sort();
  return { modes, distanceFill: count > 0 ? sum / count : 0, recentDays };
}

/** Training rows: the feature vectors and labels of known examples, built without leakage. */
export function trainingFeatures(
  examples: readonly KnownExample[],
  schema: FeatureSchema = schemaOf(examples),
) {
  const rates = trainingRates(examples, schema.recentDays);
  const rows = examples.map((e, i) => featureVector(e, rates[i] as Rates, schema));
  return { rows, labels: examples.map((e) => e.late), rates, schema };
}
