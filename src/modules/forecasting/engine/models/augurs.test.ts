import { describe, expect, it } from 'vitest';
import type { Interval, ModelForecast } from '../types.js';
import { ets, mstl } from './augurs.js';

const intervalAt = (forecast: ModelForecast, level: number): Interval => {
  const interval = forecast.intervals?.find((i) => i.level === level);
  if (!interval) throw new Error(`no ${level} interval`);
  return interval;
};

/** A random walk from 100 with steps in [−3, 3) from a linear congruential generator. */
const randomWalk = (n: number): number[] => {
  let state = 12345;
  let value = 100;
  return Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    value += 6 * (state / 2147483648 - 0.5);
    return value;
  });
};

/** Hourly: level 100, a daily sine of amplitude 20 and +30 all day on the sixth day of each week. */
const hourly = (t: number) =>
  100 + 20 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 === 5 ? 30 : 0);

describe('ets', () => {
  it('continues a noiseless linear trend', () => {
    // y = 100 + 2t, t = 0 … 29: the next six values are 160 … 170
    const y = Array.from({ length: 30 }, (_, t) => 100 + 2 * t);
    const forecast = ets.forecast(y, 6, 1);
    forecast.mean.forEach((f, h) => {
      const truth = 160 + 2 * h;
      expect(Math.abs(f - truth) / truth).toBeLessThan(0.01);
    });
  });

  it('gives nested intervals that widen with the horizon', () => {
    // On a random walk AutoETS picks a large α: the spread grows like √(1 + (h − 1)α²).
    const forecast = ets.forecast(randomWalk(40), 6, 1);
    const i80 = intervalAt(forecast, 0.8);
    const i95 = intervalAt(forecast, 0.95);
    const width = (i: Interval, h: number) => (i.upper[h] as number) - (i.lower[h] as number);
    forecast.mean.forEach((m, h) => {
      expect(i95.lower[h]).toBeLessThan(i80.lower[h] as number);
      expect(i80.lower[h]).toBeLessThan(m);
      expect(m).toBeLessThan(i80.upper[h] as number);
      expect(i80.upper[h]).toBeLessThan(i95.upper[h] as number);
      // Normal intervals: the 95 % half-width is 1.95996/1.28155 = 1.5294 times the 80 % one
      expect(width(i95, h) / width(i80, h)).toBeCloseTo(1.959964 / 1.281552, 3);
      if (h > 0) expect(width(i80, h)).toBeGreaterThan(width(i80, h - 1) * 1.05);
    });
  });

  it('needs 10 values', () => {
    expect(ets.minLength(1)).toBe(10);
  });
});

describe('mstl', () => {
  it('reproduces a daily and a weekly season two days ahead', () => {
    // Three weeks of hours (504), both seasons usable (504 > 2·168)
    const y = Array.from({ length: 504 }, (_, t) => hourly(t));
    const forecast = mstl.forecast(y, 48, 24, [24, 168]);
    expect(forecast.mean).toHaveLength(48);
    forecast.mean.forEach((f, j) => {
      const truth = hourly(504 + j);
      expect(Math.abs(f - truth) / truth).toBeLessThan(0.03);
    });
    const i80 = intervalAt(forecast, 0.8);
    const i95 = intervalAt(forecast, 0.95);
    forecast.mean.forEach((m, j) => {
      expect(i95.lower[j]).toBeLessThanOrEqual(i80.lower[j] as number);
      expect(i80.lower[j]).toBeLessThanOrEqual(m);
      expect(i80.upper[j]).toBeLessThanOrEqual(i95.upper[j] as number);
    });
  });

  it('needs two full cycles of its shortest season and one value more', () => {
    expect(mstl.minLength(24, [24, 168])).toBe(49);
    expect(mstl.minLength(12)).toBe(25);
  });

  it('cannot run without a season above 1', () => {
    expect(mstl.minLength(1)).toBe(Number.POSITIVE_INFINITY);
    expect(mstl.minLength(1, [])).toBe(Number.POSITIVE_INFINITY);
    expect(mstl.minLength(7, [1])).toBe(Number.POSITIVE_INFINITY);
  });
});
