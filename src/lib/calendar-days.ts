/**
 * Calendar arithmetic on 'YYYY-MM-DD' days (UTC dates, no zone: a day is already in the
 * reporting time zone): the one place analytics and forecasting bucket days into periods.
 */

/** The period lengths days are bucketed into; weeks are ISO weeks (Monday first). */
export type CalendarGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromMs(toMs(day) + n * DAY_MS);
}

/** The same day n months later, clamped to the month's last day (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(day: string, n: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const month = y * 12 + (m - 1) + n;
  const year = Math.floor(month / 12);
  const mon = month - year * 12;
  const last = new Date(Date.UTC(year, mon + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(year, mon, Math.min(d, last)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** The first day of the day/ISO week/month/quarter/year containing the day (as the SQL buckets do). */
export function bucketStart(day: string, grain: CalendarGrain): string {
  const [y = 0, m = 1] = day.split('-').map(Number);
  switch (grain) {
    case 'day':
      return day;
    case 'week': {
      const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // 0 = Monday
      return addDays(day, -weekday);
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter':
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${y}-01-01`;
  }
}

/** The first day of the next bucket. */
export function nextBucket(start: string, grain: CalendarGrain): string {
  switch (grain) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return addMonths(start, 1);
    case 'quarter':
      return addMonths(start, 3);
    case 'year':
      return addMonths(start, 12);
  }
}

/** Today in an IANA zone. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A calendar day column as 'YYYY-MM-DD', whatever the driver returned (a string or a Date at UTC midnight). */
export function calendarDayOf(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
