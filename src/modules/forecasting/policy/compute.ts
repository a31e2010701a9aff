import { normalCdf, normalQuantile } from '../engine/normal.js';

/**
 * Inventory policy for one product at one facility, from its demand forecast, the forecast's
 * error and the observed replenishment lead time (Silver, Pyke & Thomas, ch. 6):
 * - demand over the lead time D_L = mean weekly forecast × L/7;
 * - its spread σ_L = √(L/7 · σ_w² + (D_w · σ_L,days/7)²), with σ_w the one-week forecast error
 *   (from the forecast's 80 % interval) and σ_L,days the lead time's own spread;
 * - safety stock z·σ_L for the target service level (cycle service: P(no stock-out in a
 *   replenishment cycle)), reorder point D_L + safety stock;
 * - stock-out probability P(D over the lead time > on hand − allocated + on order);
 * - days of cover (on hand − allocated) ÷ daily forecast;
 * - EOQ √(2·annual demand·ordering cost ÷ (holding rate × unit cost)) where those are known.
 */

/** What the policy is computed from. */
export interface PolicyInput {
  readonly onHand: number;
  readonly allocated: number;
  readonly onOrder: number;
  /** Mean forecast units per week over the horizon. */
  readonly forecastPerWeek: number;
  /** Standard deviation of one week's forecast error. */
  readonly weeklyErrorSd: number;
  readonly leadTimeDays: number;
  readonly leadTimeSdDays: number;
  readonly serviceLevel: number;
  /** Cost of placing one order, and the yearly holding cost as a fraction of unit cost. */
  readonly orderingCost: number | null;
  readonly holdingRate: number | null;
  readonly unitCost: number | null;
}

/** The policy's numbers; each explains itself with the inputs beside it. */
export interface Policy {
  readonly available: number;
  readonly position: number;
  readonly forecastOverLeadTime: number;
  readonly demandSdOverLeadTime: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  readonly daysOfCover: number | null;
  readonly stockOutProbability: number;
  readonly belowReorderPoint: boolean;
  readonly eoq: number | null;
  /** What to order now to be back above the reorder point (at least one EOQ when known). */
  readonly suggestedOrder: number;
}

/** The policy of one product at one facility. */
export function computePolicy(input: PolicyInput): Policy {
  const available = input.onHand - input.allocated;
  const position = available + input.onOrder;
  const weeks = input.leadTimeDays / 7;
  const forecastOverLeadTime = input.forecastPerWeek * weeks;
  const demandSdOverLeadTime = Math.sqrt(
    weeks * input.weeklyErrorSd ** 2 + (input.forecastPerWeek * (input.leadTimeSdDays / 7)) ** 2,
  );
  const z = normalQuantile(input.serviceLevel);
  const safetyStock = Math.max(0, z * demandSdOverLeadTime);
  const reorderPoint = forecastOverLeadTime + safetyStock;
  const stockOutProbability =
    demandSdOverLeadTime > 0
      ? 1 - normalCdf((position - forecastOverLeadTime) / demandSdOverLeadTime)
      : position < forecastOverLeadTime
        ? 1
        : 0;
  const daily = input.forecastPerWeek / 7;
  const eoq =
    input.orderingCost !== null &&
    input.holdingRate !== null &&
    input.unitCost !== null &&
    input.unitCost > 0 &&
    input.holdingRate > 0
      ? Math.sqrt(
          (2 * input.forecastPerWeek * 52 * input.orderingCost) / (input.holdingRate * input.unitCost),
        )
      : null;
  const short = Math.max(0, reorderPoint - position);
  return {
    available,
    position,
    forecastOverLeadTime,
    demandSdOverLeadTime,
    safetyStock,
    reorderPoint,
    daysOfCover: daily > 0 ? Math.max(0, available) / daily : null,
    stockOutProbability,
    belowReorderPoint: position < reorderPoint,
    eoq,
    suggestedOrder: short > 0 ? Math.max(short, eoq ?? 0) : 0,
  };
}

/** σ of one week's forecast error from an 80 % interval (half-width ÷ z₀.₉). */
export function errorSdFromInterval(lower: number, upper: number): number {
  return Math.max(0, (upper - lower) / (2 * normalQuantile(0.9)));
}
