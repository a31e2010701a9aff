import { describe, expect, it } from 'vitest';
import { findLevelShifts, findOutliers, flagHistory } from './flags.js';

// A steady series with small period-to-period noise: 10, 11, 10, 9, 10, 11, ...
const wiggle = [0, 1, 0, -1];
const steady = (n: number) => Array.from({ length: n }, (_, t) => 10 + (wiggle[t % 4] ?? 0));

describe('history flags', () => {
  it('flags a spike far from its neighbours, and nothing in steady data', () => {
    const y = steady(24);
    expect(findOutliers(y, 5)).toEqual([]);
    y[12] = 60;
    expect(findOutliers(y, 5)).toEqual([12]);
  });

  it('flags where the level moved and stayed, once per move', () => {
    const y = [...steady(16), ...steady(16).map((v) => v + 20)];
    expect(findLevelShifts(y, 4)).toEqual([16]);
    expect(findLevelShifts(steady(32), 4)).toEqual([]);
  });

  it('says nothing about flat or too-short series', () => {
    expect(flagHistory(new Array(20).fill(3))).toEqual({ outliers: [], levelShifts: [] });
    expect(flagHistory([1, 50])).toEqual({ outliers: [], levelShifts: [] });
  });
});
