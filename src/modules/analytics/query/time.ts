import { addDays, addMonths, bucketStart, daysBetween, nextBucket } from '../../../lib/calendar-days.js';
import type { Grain, TimeRange } from './schema.js';

export {
  addDays,
  addMonths,
  bucketStart,
  daysBetween,
  nextBucket,
  todayIn,
} from '../../../lib/calendar-days.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' days (UTC dates, no zone: a day is already in the
 * reporting time zone), and relative ranges resolved against a reference day.
 */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** Bucket starts overlapping a range, in order. */
export function bucketsOf(range: DayRange, grain: Grain): string[] {
  const starts: string[] = [];
  for (let b = bucketStart(range.from, grain); b <= range.to; b = nextBucket(b, grain)) starts.push(b);
  return starts;
}

/** Days of a bucket that fall inside the range. */
export function daysOfBucketIn(start: string, grain: Grain, range: DayRange): number {
  // Days are 'YYYY-MM-DD' text: the later and earlier of two compare as strings.
  const from = [start, range.from].sort()[1] as string;
  const to = [addDays(nextBucket(start, grain), -1), range.to].sort()[0] as string;
  return Math.max(0, daysBetween(from, to) + 1);
}

/**
 * A time range as [from, to] days, both included. Relative ranges end with the reference day
 * (this_month is the month to date; last_month the whole previous month; last N days are the N
 * days ending with the reference day).
 */
export function resolveRange(range: TimeRange, today: string): DayRange {
  if ('from' in range) return { from: range.from, to: range.to };
  const asOf = range.asOf ?? today;
  if ('last' in range) {
    const from =
      range.unit === 'days'
        ? addDays(asOf, 1 - range.last)
        : range.unit === 'weeks'
          ? addDays(asOf, 1 - 7 * range.last)
          : addDays(addMonths(asOf, -range.last), 1);
    return { from, to: asOf };
  }
  const whole = (grain: Grain, back: number): DayRange => {
    let start = bucketStart(asOf, grain);
    for (let i = 0; i < back; i++) start = bucketStart(addDays(start, -1), grain);
    return { from: start, to: addDays(nextBucket(start, grain), -1) };
  };
  const toDate = (grain: Grain): DayRange => ({ from: bucketStart(asOf, grain), to: asOf });
  switch (range.relative) {
    case 'today':
      return { from: asOf, to: asOf };
    case 'yesterday':
      return { from: addDays(asOf, -1), to: addDays(asOf, -1) };
    case 'this_week':
      return toDate('week');
    case 'last_week':
      return whole('week', 1);
    case 'this_month':
      return toDate('month');
    case 'last_month':
      return whole('month', 1);
    case 'this_quarter':
      return toDate('quarter');
    case 'last_quarter':
      return whole('quarter', 1);
    case 'this_year':
    case 'year_to_date':
      return toDate('year');
    case 'last_year':
      return whole('year', 1);
  }
}

/**
 * The range to compare with. Same period last year: the same days a year earlier (Feb 29
 * becomes Feb 28). Previous period: for a range starting on the first of a month, the same days
 * as many months earlier as it spans (a month to date against the same days of the month before,
 * a quarter against the quarter before); otherwise the same number of days just before.
 */
export function comparisonRange(
  range: DayRange,
  compare: 'previous_period' | 'same_period_last_year',
): DayRange {
  if (compare === 'same_period_last_year')
    return { from: addMonths(range.from, -12), to: addMonths(range.to, -12) };
  if (range.from.endsWith('-01')) {
    const months = monthIndex(range.to) - monthIndex(range.from) + 1;
    const wholeMonths = addDays(range.to, 1).endsWith('-01');
    return {
      from: addMonths(range.from, -months),
      to: wholeMonths ? addDays(range.from, -1) : addMonths(range.to, -months),
    };
  }
  const days = daysBetween(range.from, range.to) + 1;
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
