import { describe, expect, it } from 'vitest';
import { classifySeries } from './classify.js';

/** `n` periods: the sizes first, then zeros. */
const padded = (sizes: readonly number[], n: number): number[] => [
  ...sizes,
  ...Array.from({ length: n - sizes.length }, () => 0),
];

describe('classifySeries', () => {
  it('calls frequent, steady demand smooth', () => {
    // 5 periods, 5 demands: ADI = 1. Sizes 4, 6, 4, 6, 5: mean 5,
    // variance (1 + 1 + 1 + 1 + 0) / 5 = 0.8, CV² = 0.8 / 25 = 0.032
    const c = classifySeries([4, 6, 4, 6, 5]);
    expect(c).toEqual({ class: 'smooth', adi: 1, cv2: expect.closeTo(0.032, 12) });
  });

  it('calls frequent, variable demand erratic', () => {
    // ADI = 4 / 4 = 1. Sizes 1, 9, 1, 9: mean 5, variance 16, CV² = 16 / 25 = 0.64
    expect(classifySeries([1, 9, 1, 9])).toEqual({ class: 'erratic', adi: 1, cv2: 0.64 });
  });

  it('calls infrequent, steady demand intermittent', () => {
    // ADI = 8 / 4 = 2. Sizes 5, 5, 6, 4: mean 5, variance (0 + 0 + 1 + 1) / 4 = 0.5, CV² = 0.02
    expect(classifySeries([0, 5, 0, 5, 0, 6, 0, 4])).toEqual({ class: 'intermittent', adi: 2, cv2: 0.02 });
  });

  it('calls infrequent, variable demand lumpy', () => {
    // ADI = 6 / 2 = 3. Sizes 1, 9: mean 5, variance 16, CV² = 0.64
    expect(classifySeries([0, 1, 0, 0, 9, 0])).toEqual({ class: 'lumpy', adi: 3, cv2: 0.64 });
  });

  it('counts returns and trailing zeros as periods without demand', () => {
    // Demand in 2 of 6 periods (the −3 and −1 are returns): ADI = 3; sizes 4, 4: CV² = 0
    expect(classifySeries([-3, 4, -1, 4, 0, 0])).toEqual({ class: 'intermittent', adi: 3, cv2: 0 });
  });

  it('gives one demand CV² 0', () => {
    expect(classifySeries([0, 0, 7])).toEqual({ class: 'intermittent', adi: 3, cv2: 0 });
    expect(classifySeries([7])).toEqual({ class: 'smooth', adi: 1, cv2: 0 });
  });

  it('puts a series exactly at ADI 1.32 on the infrequent side', () => {
    // 25 equal demands in 33 periods: ADI = 33 / 25 = 1.32, CV² = 0
    const at = padded(
      Array.from({ length: 25 }, () => 2),
      33,
    );
    expect(classifySeries(at)).toEqual({ class: 'intermittent', adi: 1.32, cv2: 0 });
    // One period fewer: 32 / 25 = 1.28
    expect(classifySeries(at.slice(0, 32))).toMatchObject({ class: 'smooth', adi: 1.28 });
  });

  it('puts a series exactly at CV² 0.49 on the variable side', () => {
    // Sizes 3, 17: mean 10, variance (49 + 49) / 2 = 49, CV² = 49 / 100 = 0.49
    expect(classifySeries([3, 17])).toEqual({ class: 'erratic', adi: 1, cv2: 0.49 });
    // Sizes 4, 16: variance 36, CV² = 0.36
    expect(classifySeries([4, 16])).toEqual({ class: 'smooth', adi: 1, cv2: 0.36 });
  });

  it('calls a series at both cut-offs lumpy', () => {
    // 25 threes and 25 seventeens in 66 periods: ADI = 66 / 50 = 1.32, CV² = 49 / 100 = 0.49
    const sizes = Array.from({ length: 50 }, (_, i) => (i % 2 ? 17 : 3));
    expect(classifySeries(padded(sizes, 66))).toEqual({ class: 'lumpy', adi: 1.32, cv2: 0.49 });
  });

  it('calls a series without demand intermittent, with no statistics', () => {
    expect(classifySeries([0, 0, 0])).toEqual({ class: 'intermittent', adi: null, cv2: null });
    expect(classifySeries([0, -2])).toEqual({ class: 'intermittent', adi: null, cv2: null });
    expect(classifySeries([])).toEqual({ class: 'intermittent', adi: null, cv2: null });
  });
});
