import { describe, expect, it } from 'vitest';
import { passedStatisticsMark } from './statistics.js';

describe('when an import refreshes the planner statistics', () => {
  it('is each time the rows loaded pass 1,000, 10,000, 100,000, …', () => {
    expect(passedStatisticsMark(0, 500)).toBe(false);
    expect(passedStatisticsMark(500, 1_000)).toBe(true);
    expect(passedStatisticsMark(1_000, 1_500)).toBe(false);
    expect(passedStatisticsMark(9_900, 10_400)).toBe(true);
    expect(passedStatisticsMark(10_400, 99_999)).toBe(false);
    expect(passedStatisticsMark(99_999, 100_000)).toBe(true);
    expect(passedStatisticsMark(999_500, 1_000_000)).toBe(true);
    // A resumed run counts from where it stood.
    expect(passedStatisticsMark(20_000, 20_500)).toBe(false);
  });
});
