import { describe, expect, it } from 'vitest';
import { encodingsFromJson, isKnown } from './encoding.js';
import { evaluateDelayRisk } from './evaluate.js';
import { riskFactors } from './explain.js';
import { featureVector, predictionRates } from './features.js';
import { logOdds, sigmoid } from './logistic.js';
import {
  baselineRate,
  delayRiskShortfall,
  predictDelayRisk,
  predictDelayRisks,
  trainDelayRisk,
} from './model.js';
import type { ShipmentExample } from './types.js';

/** mulberry32: a tiny seeded PRNG, so the synthetic shipments are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2025, 0, 6);
const LANES = ['BER-PAR', 'BER-MUC', 'HAM-MIL', 'LYO-MAD', 'WAW-PRG', 'AMS-BRU', 'VIE-ZRH', 'CPH-OSL'];
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * A year of shipments: carrier 3 on BER-PAR is late 60 % of the time, everyone else 10 %, and a
 * Friday pickup triples the odds of being late for all of them — a weekday the baseline (a rate
 * per carrier × lane) cannot see.
 */
function syntheticShipments(n: number, seed = 1): ShipmentExample[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, id) => {
    const badPair = random() < 0.08;
    const carrierId = badPair ? 3 : 1 + Math.floor(random() * 6);
    const lane = badPair ? 'BER-PAR' : (LANES[Math.floor(random() * LANES.length)] as string);
    const pickup = MONDAY + Math.floor(random() * 365 * 24) * HOUR;
    const friday = Math.floor((pickup - MONDAY) / DAY) % 7 === 4;
    const km = 200 + random() * 1500;
    const plannedDelivery = pickup + (12 + km / 70) * HOUR;
    const base = carrierId === 3 && lane === 'BER-PAR' ? 0.6 : 0.1;
    const late = random() < sigmoid(logit(base) + (friday ? Math.log(3) : 0));
    return {
      id: id + 1,
      carrierId,
      lane,
      mode: ['FTL', 'LTL', 'parcel'][Math.floor(random() * 3)] as string,
      plannedPickupAt: pickup,
      plannedDeliveryAt: plannedDelivery,
      distanceKm: random() < 0.1 ? null : Math.round(km),
      late,
      deliveredAt: plannedDelivery + (late ? (2 + random() * 46) * HOUR : -random() * 6 * HOUR),
    };
  });
}

const shipments = syntheticShipments(10_000);
const open = (over: Partial<ShipmentExample>): ShipmentExample => ({
  id: 0,
  carrierId: 3,
  lane: 'BER-PAR',
  mode: 'FTL',
  plannedPickupAt: MONDAY + 378 * DAY, // a Monday (54 weeks on), after the training year
  plannedDeliveryAt: MONDAY + 379 * DAY,
  distanceKm: 900,
  late: null,
  deliveredAt: null,
  ...over,
});

describe('evaluateDelayRisk', () => {
  const evaluation = evaluateDelayRisk(shipments);

  it('beats the carrier × lane baseline on the holdout', () => {
    expect(evaluation.model.brier).toBeLessThan(evaluation.baseline.brier);
    expect(evaluation.model.logLoss).toBeLessThan(evaluation.baseline.logLoss);
    expect(evaluation.model.auc).toBeGreaterThan(0.6);
    expect(evaluation.brierImprovement).toBeGreaterThan(0);
    expect(evaluation.brierImprovement).toBeCloseTo(
      1 - evaluation.model.brier / evaluation.baseline.brier,
      12,
    );
  });

  it('tests on the latest fifth, after training on what was known before it', () => {
    expect(evaluation.holdout.examples).toBe(2_000);
    expect(evaluation.training.examples + evaluation.training.purged).toBe(8_000);
    // Shipments still in transit at the first test pickup: a couple of days' worth.
    expect(evaluation.training.purged).toBeGreaterThan(0);
    expect(evaluation.training.purged).toBeLessThan(200);
    expect(evaluation.training.to).toBeLessThanOrEqual(evaluation.holdout.from);
    const binned = evaluation.model.calibration.reduce((sum, b) => sum + b.count, 0);
    expect(binned).toBe(2_000);
  });

  it('leaves AUC undefined, and nothing NaN, when the holdout has only one outcome', () => {
    const lastOnTime = shipments.map((s) =>
      s.plannedPickupAt > MONDAY + 300 * DAY ? { ...s, late: false, deliveredAt: s.plannedDeliveryAt } : s,
    );
    const result = evaluateDelayRisk(lastOnTime, { holdoutShare: 0.1 });
    expect(result.model.auc).toBeNull();
    expect(Number.isFinite(result.model.brier) && Number.isFinite(result.model.logLoss)).toBe(true);
    expect(Number.isFinite(result.baseline.brier)).toBe(true);
  });

  it('refuses a holdout share outside (0, 1)', () => {
    expect(() => evaluateDelayRisk(shipments, { holdoutShare: 0 })).toThrow(RangeError);
    expect(() => evaluateDelayRisk(shipments, { holdoutShare: 1 })).toThrow(RangeError);
  });
});

describe('trainDelayRisk and predictDelayRisk', () => {
  const model = trainDelayRisk(shipments);

  it('gives a finite probability strictly inside (0, 1) for every shipment', () => {
    const predictions = predictDelayRisks(
      model,
      shipments.map((s) => ({ ...s, late: null, deliveredAt: null })),
      shipments,
    );
    for (const p of predictions) {
      expect(p.probability > 0 && p.probability < 1 && Number.isFinite(p.probability)).toBe(true);
      expect(p.baseline > 0 && p.baseline < 1).toBe(true);
      expect(p.factors).toHaveLength(3);
    }
  });

  it('names the bad carrier × lane rate as the main reason for its risk', () => {
    const bad = predictDelayRisk(model, open({}), shipments);
    const usual = predictDelayRisk(model, open({ carrierId: 1, lane: 'HAM-MIL' }), shipments);
    expect(bad.probability).toBeGreaterThan(0.4);
    expect(usual.probability).toBeLessThan(0.2);
    expect(bad.factors[0]?.name).toMatch(/^(carrier|lane)'s late rate/);
    expect(bad.factors[0]?.effect).toBeGreaterThan(0);
    expect(bad.baseline).toBeCloseTo(baselineRate(model, open({})), 12);
    expect(bad.baseline).toBeGreaterThan(0.5);
  });

  it('sees the Friday effect the baseline cannot', () => {
    const monday = predictDelayRisk(model, open({ carrierId: 1, lane: 'HAM-MIL' }), shipments);
    const friday = predictDelayRisk(
      model,
      open({
        carrierId: 1,
        lane: 'HAM-MIL',
        plannedPickupAt: MONDAY + 382 * DAY,
        plannedDeliveryAt: MONDAY + 383 * DAY,
      }),
      shipments,
    );
    expect(friday.probability).toBeGreaterThan(monday.probability * 1.8);
    expect(friday.baseline).toBe(monday.baseline);
    expect(friday.factors.map((f) => f.name)).toContain('pickup on a Friday');
  });

  it('has factors that add up, with the intercept, to the log-odds of the prediction', () => {
    const example = open({ distanceKm: null, mode: 'rail' });
    const [rates] = predictionRates(
      [example],
      encodingsFromJson(model.encodings),
      shipments,
      model.recentDays,
      model.encodings.m,
    );
    if (!rates) throw new Error('no rates');
    const x = featureVector(example, rates, model);
    const all = riskFactors(model, example, rates, x);
    const total = all.reduce((sum, f) => sum + f.effect, model.intercept);
    expect(total).toBeCloseTo(logOdds(model, x), 10);
    expect(sigmoid(total)).toBeCloseTo(predictDelayRisk(model, example, shipments).probability, 12);
    expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(['distance not known', 'mode rail (new)']));
  });

  it('round-trips through JSON and predicts the same', () => {
    const stored = JSON.parse(JSON.stringify(model));
    expect(stored).toEqual(model);
    const examples = shipments.slice(0, 200).map((s) => ({ ...s, late: null, deliveredAt: null }));
    expect(predictDelayRisks(stored, examples, shipments)).toEqual(
      predictDelayRisks(model, examples, shipments),
    );
  });

  it('is the same model every time it is trained on the same data', () => {
    expect(trainDelayRisk([...shipments].reverse())).toEqual(model);
  });
});

describe('not enough data', () => {
  const known = shipments.filter(isKnown);

  it('refuses shipments without outcomes with a message saying what is missing', () => {
    const openOnes = shipments.slice(0, 100).map((s) => ({ ...s, late: null, deliveredAt: null }));
    expect(() => trainDelayRisk(openOnes)).toThrow(
      expect.objectContaining({ code: 'DELAY_RISK_NOT_ENOUGH_DATA' }),
    );
    expect(() => trainDelayRisk([])).toThrow(/at least 50 delivered shipments.*it has 0/);
    expect(() => evaluateDelayRisk(openOnes)).toThrow(/at least 50/);
  });

  it('needs 50 known shipments and both outcomes', () => {
    expect(delayRiskShortfall(known.slice(0, 49))).toMatchObject({ known: 49, required: 50 });
    expect(delayRiskShortfall(known.slice(0, 200))).toBeNull();
    const allLate = known.slice(0, 200).map((s) => ({ ...s, late: true }));
    expect(delayRiskShortfall(allLate)).toMatchObject({ known: 200, late: 200, onTime: 0 });
    expect(() => trainDelayRisk(allLate)).toThrow(/some late and some on time/);
  });

  it('says so when the training part before the holdout is too small', () => {
    // 60 known: the earliest 48 train, too few.
    expect(() => evaluateDelayRisk(known.slice(0, 60))).toThrow(/training part/);
  });
});
