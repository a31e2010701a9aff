/**
 * Why a prediction is what it is. Each feature contributes coefficient × standardised value to
 * the log-odds (so the contributions and the intercept add up to the prediction's logit). The
 * columns of one idea are summed into one factor — the seven weekday columns into "pickup on a
 * Friday", sin and cos into the time of year — because a single one-hot column ("not a Monday")
 * means nothing to a person.
 */
import type { Rates } from './encoding.js';
import { transitHours, WEEKDAYS, weekdayOf } from './features.js';
import { standardise } from './logistic.js';
import type { RiskFactor, ShipmentExample, TrainedModel } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const percent = (rate: number) => `${Math.round(rate * 100)} %`;
const rounded = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);

/** The factor a feature column belongs to. */
function groupOf(feature: string): string {
  if (feature.startsWith('mode=')) return 'mode';
  if (feature.startsWith('weekday=')) return 'weekday';
  if (feature.startsWith('season_')) return 'season';
  if (feature === 'log_distance_km' || feature === 'distance_missing') return 'distance';
  return feature;
}

/** The plain-words name of a factor, with the shipment's own value. */
function nameOf(group: string, example: ShipmentExample, rates: Rates, model: TrainedModel): string {
  switch (group) {
    case 'carrier_late_rate':
      return `carrier's late rate (${percent(rates.carrier)})`;
    case 'lane_late_rate':
      return `lane's late rate (${percent(rates.lane)})`;
    case 'carrier_lane_late_rate':
      return `carrier's late rate on this lane (${percent(rates.carrierLane)})`;
    case 'carrier_recent_late_rate':
      return `carrier's late rate in the last ${model.recentDays} days (${percent(rates.recentCarrier)})`;
    case 'lane_recent_late_rate':
      return `lane's late rate in the last ${model.recentDays} days (${percent(rates.recentLane)})`;
    case 'mode':
      return model.modes.includes(example.mode) ? `mode ${example.mode}` : `mode ${example.mode} (new)`;
    case 'weekday':
      return `pickup on a ${WEEKDAYS[weekdayOf(example.plannedPickupAt)]}`;
    case 'season': {
      const day = new Date(example.plannedPickupAt);
      return `time of year (${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]})`;
    }
    case 'log_transit_hours':
      return `planned transit ${rounded(transitHours(example))} h`;
    case 'distance':
      return example.distanceKm === null
        ? 'distance not known'
        : `distance ${Math.round(example.distanceKm)} km`;
    default:
      return group;
  }
}

/** The `count` largest factors' contributions to the log-odds (by size; all by default), largest first. */
export function riskFactors(
  model: TrainedModel,
  example: ShipmentExample,
  rates: Rates,
  x: readonly number[],
  count = Number.POSITIVE_INFINITY,
): RiskFactor[] {
  const z = standardise(model, x);
  const effects = new Map<string, number>();
  model.featureNames.forEach((feature, j) => {
    const group = groupOf(feature);
    const effect = (model.coefficients[j] as number) * (z[j] as number);
    effects.set(group, (effects.get(group) ?? 0) + effect);
  });
  // Named after the cut: only the shown factors need their words.
  return [...effects]
    .sort(([, a], [, b]) => Math.abs(b) - Math.abs(a))
    .slice(0, count)
    .map(([group, effect]) => ({ name: nameOf(group, example, rates, model), effect }));
}
