/**
 * Time-zone arithmetic on epoch milliseconds with the zone rules Intl carries: a zone's offset
 * at an instant, and the instant of a wall-clock time in a zone. Imports read millions of
 * instants, so offsets are cached (see offsetAt).
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC (ms) at an instant, as Intl says (uncached). */
function intlOffsetAt(timeZone: string, t: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  asUtc.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return asUtc.getTime() - (t - (((t % 1000) + 1000) % 1000));
}

const HOUR_MS = 3_600_000;

/**
 * The zone's offset from UTC (ms) at an instant. A file's instants are mostly distinct, so the
 * answer is kept per zone and UTC hour when the offset is the same at both ends of the hour (a
 * zone changes its offset at most once in any hour); an hour with a transition (which may fall
 * on :30 or :45) is answered per minute.
 */
export function offsetAt(timeZone: string, t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  const hourKey = `${timeZone}|h${hour}`;
  const whole = offsetCache.get(hourKey);
  if (whole !== undefined && !Number.isNaN(whole)) return whole;
  if (whole === undefined) {
    const start = intlOffsetAt(timeZone, hour * HOUR_MS);
    const end = intlOffsetAt(timeZone, (hour + 1) * HOUR_MS - 1000);
    if (offsetCache.size > 50_000) offsetCache.clear();
    // NaN marks an hour with a transition in it.
    offsetCache.set(hourKey, start === end ? start : Number.NaN);
    if (start === end) return start;
  }
  const key = `${timeZone}|${Math.floor(t / 60_000)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = intlOffsetAt(timeZone, t);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The instant (ms) of a wall clock (as-UTC ms) in a zone: gaps resolve forward, overlaps to the earlier. */
export function zonedToUtc(local: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return local;
  // At most one transition lies within a day either side of any wall clock, so the offsets a day
  // before and a day after are the only candidates.
  const before = offsetAt(timeZone, local - DAY_MS);
  const after = offsetAt(timeZone, local + DAY_MS);
  const early = local - before;
  const late = local - after;
  const earlyOk = offsetAt(timeZone, early) === before;
  const lateOk = offsetAt(timeZone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (earlyOk) return early;
  if (lateOk) return late;
  // In the gap: the offset before the jump places the wall clock after it, moved by the gap.
  return early;
}
