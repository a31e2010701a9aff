import { describe, expect, it } from 'vitest';
import { computePolicy, errorSdFromInterval, type PolicyInput } from './compute.js';

const base: PolicyInput = {
  onHand: 120,
  allocated: 20,
  onOrder: 30,
  forecastPerWeek: 70,
  weeklyErrorSd: 14,
  leadTimeDays: 14,
  leadTimeSdDays: 0,
  serviceLevel: 0.95,
  orderingCost: null,
  holdingRate: null,
  unitCost: null,
};

describe('inventory policy', () => {
  it('computes demand over the lead time, safety stock and the reorder point by the textbook', () => {
    const p = computePolicy(base);
    // Two weeks of 70 a week; σ = √2 · 14 = 19.799; z(95 %) = 1.6449 → SS = 32.567
    expect(p.forecastOverLeadTime).toBeCloseTo(140, 10);
    expect(p.demandSdOverLeadTime).toBeCloseTo(Math.SQRT2 * 14, 10);
    expect(p.safetyStock).toBeCloseTo(1.6448536 * Math.SQRT2 * 14, 4);
    expect(p.reorderPoint).toBeCloseTo(140 + 1.6448536 * Math.SQRT2 * 14, 4);
    // Available 100, position 130: below the reorder point, and short 42.567 → order that
    expect(p.available).toBe(100);
    expect(p.position).toBe(130);
    expect(p.belowReorderPoint).toBe(true);
    expect(p.suggestedOrder).toBeCloseTo(p.reorderPoint - 130, 10);
    // Days of cover: 100 ÷ (70 / 7) = 10
    expect(p.daysOfCover).toBeCloseTo(10, 10);
    // P(D > 130) with D ~ N(140, 19.799): 1 − Φ(−0.50508) = 0.6932
    expect(p.stockOutProbability).toBeCloseTo(0.6932, 3);
  });

  it('adds the lead time’s own spread', () => {
    // σ = √(2·14² + (70 · 3.5/7)²) = √(392 + 1225) = 40.212
    const p = computePolicy({ ...base, leadTimeSdDays: 3.5 });
    expect(p.demandSdOverLeadTime).toBeCloseTo(Math.sqrt(392 + 1225), 10);
  });

  it('gives the EOQ when the ordering and holding costs are known, and orders at least one', () => {
    // √(2 · 3640 · 50 ÷ (0.25 · 8)) = √182,000 = 426.61
    const p = computePolicy({ ...base, orderingCost: 50, holdingRate: 0.25, unitCost: 8 });
    expect(p.eoq).toBeCloseTo(Math.sqrt(182_000), 8);
    expect(p.suggestedOrder).toBeCloseTo(Math.sqrt(182_000), 8);
    expect(computePolicy({ ...base, orderingCost: 50, holdingRate: null, unitCost: 8 }).eoq).toBeNull();
  });

  it('orders nothing when the position covers the reorder point, and has no cover without demand', () => {
    const p = computePolicy({ ...base, onHand: 400 });
    expect(p.belowReorderPoint).toBe(false);
    expect(p.suggestedOrder).toBe(0);
    expect(p.stockOutProbability).toBeLessThan(1e-6);
    const idle = computePolicy({ ...base, forecastPerWeek: 0, weeklyErrorSd: 0 });
    expect(idle.daysOfCover).toBeNull();
    expect(idle.stockOutProbability).toBe(0);
  });

  it('reads the weekly error σ off an 80 % interval', () => {
    // Half-width 12.8155 ÷ 1.28155 = 10
    expect(errorSdFromInterval(100 - 12.815515655446, 100 + 12.815515655446)).toBeCloseTo(10, 6);
  });
});
