/**
 * The calendar of a series file: ISO date labels, whether a series is daily, weekly or monthly,
 * and the labels of periods it lacks or has not reached yet. Days are counted from 1970-01-01
 * with integer arithmetic (not `Date`), so years before 100 and time zones cannot shift a label.
 */

/** A date label read from a file. */
export interface SeriesDate {
  /** The instant, in ms since the epoch (a label without an offset is read as UTC): orders labels. */
  readonly ms: number;
  /** The label's calendar date as days since 1970-01-01, before any offset is applied. */
  readonly day: number;
  /** What follows the date (`T08:00:00Z`, '' for a plain date); a regular series repeats it. */
  readonly time: string;
}

/** How far apart consecutive periods are; `anchor` is the day of the month, 31 for month-ends. */
export type Spacing = { readonly unit: 'day' | 'week' } | { readonly unit: 'month'; readonly anchor: number };

const MS_PER_DAY = 86_400_000;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Reads `YYYY-MM-DD` or an ISO date-time (`T` or a space before the time); null for anything else. */
export function parseSeriesDate(text: string): SeriesDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return null;
  const day = daysFromCivil(year, month, dayOfMonth);
  if (m[4] === undefined) return { ms: day * MS_PER_DAY, day, time: '' };
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  const seconds = Number(m[6] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const offset = offsetMinutes(m[8]);
  if (offset === null) return null;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const ms = day * MS_PER_DAY + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + fraction;
  return { ms, day, time: text.slice(10) };
}

function offsetMinutes(text: string | undefined): number | null {
  if (text === undefined || text === 'Z') return 0;
  const hours = Number(text.slice(1, 3));
  const minutes = text.length > 3 ? Number(text.slice(-2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return (text[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * The spacing of strictly ascending days that share one time of day, or null when irregular.
 * The smallest step must be exactly one period and every step a whole number of periods: a series
 * that jumps 14 days at a time is irregular, not weekly with every other week missing.
 */
export function detectSpacing(days: readonly number[]): Spacing | null {
  if (days.length < 2) return null;
  let smallest = Number.POSITIVE_INFINITY;
  let allWeeks = true;
  for (let i = 1; i < days.length; i++) {
    const step = (days[i] as number) - (days[i - 1] as number);
    if (step <= 0) return null;
    if (step < smallest) smallest = step;
    if (step % 7 !== 0) allWeeks = false;
  }
  if (smallest === 1) return { unit: 'day' };
  if (smallest === 7 && allWeeks) return { unit: 'week' };
  return smallest >= 28 ? monthlySpacing(days) : null;
}

/** Monthly when every date is a month-end, or falls on one day of the month (clamped to short months). */
function monthlySpacing(days: readonly number[]): Spacing | null {
  const dates = days.map(civilFromDays);
  const anchor = dates.every((d) => d.day === daysInMonth(d.year, d.month))
    ? 31
    : dates.reduce((max, d) => Math.max(max, d.day), 0);
  let smallest = Number.POSITIVE_INFINITY;
  let previous: number | undefined;
  for (const d of dates) {
    if (d.day !== Math.min(anchor, daysInMonth(d.year, d.month))) return null;
    const index = monthIndex(d);
    if (previous !== undefined) smallest = Math.min(smallest, index - previous);
    previous = index;
  }
  return smallest === 1 ? { unit: 'month', anchor } : null;
}

/** How many periods of `spacing` lie from the day `from` to the day `to` (both on its calendar). */
export function periodsBetween(spacing: Spacing, from: number, to: number): number {
  if (spacing.unit === 'day') return to - from;
  if (spacing.unit === 'week') return (to - from) / 7;
  return monthIndex(civilFromDays(to)) - monthIndex(civilFromDays(from));
}

/** The label of the period `k` periods after the day `first`, with the series' time of day. */
export function labelAt(spacing: Spacing, first: number, time: string, k: number): string {
  if (spacing.unit !== 'month') return formatDay(first + k * (spacing.unit === 'week' ? 7 : 1)) + time;
  const index = monthIndex(civilFromDays(first)) + k;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(spacing.anchor, daysInMonth(year, month));
  return formatCivil(year, month, day) + time;
}

/** The `horizon` period labels after the last of `dates` when they are regular, else null (RangeError for a bad horizon). */
export function futureDates(dates: string[], horizon: number): string[] | null {
  if (!Number.isInteger(horizon) || horizon < 0) throw new RangeError(`horizon must be a whole number ≥ 0`);
  const days: number[] = [];
  let time: string | undefined;
  for (const text of dates) {
    const date = parseSeriesDate(text);
    if (!date || (time !== undefined && date.time !== time)) return null;
    time = date.time;
    days.push(date.day);
  }
  const spacing = detectSpacing(days);
  const first = days[0];
  const last = days.at(-1);
  if (!spacing || first === undefined || last === undefined || time === undefined) return null;
  const lastIndex = periodsBetween(spacing, first, last);
  return Array.from({ length: horizon }, (_, i) => labelAt(spacing, first, time, lastIndex + 1 + i));
}

interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function monthIndex(d: Civil): number {
  return d.year * 12 + d.month - 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil and civil_from_days (proleptic Gregorian, eras of 400 years).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1,
  };
}

function formatDay(days: number): string {
  const d = civilFromDays(days);
  return formatCivil(d.year, d.month, d.day);
}

function formatCivil(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
