/**
 * Calendar arithmetic of the generator. A day is an integer: days since 1970-01-01. Times are
 * planned in local wall-clock terms (a pickup at 09:30 in Chicago) and turned into instants
 * with the zone's UTC offset, so that business hours, weekdays and on-time judgements follow
 * each facility's own calendar.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A wall-clock time: a local day and the minute within it. */
export interface LocalTime {
  readonly day: number;
  readonly minute: number;
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const isoCache = new Map<number, string>();

/** 'YYYY-MM-DD' of a day; cached because the same few hundred days are printed millions of times. */
export function isoDay(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

/** Month 0–11 and day of year 0–365 of a day. */
export function monthOf(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth();
}

export function dayOfYear(day: number): number {
  const date = new Date(day * DAY_MS);
  return day - dayOf(Date.UTC(date.getUTCFullYear(), 0, 1));
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The zone's UTC offset in minutes on a day, taken at local midday: daylight-saving changes
 * happen at night, and the generator only places events between 05:00 and 23:00 local.
 */
export function zoneOffset(zone: string, day: number): number {
  let days = offsetCache.get(zone);
  if (!days) {
    days = new Map();
    offsetCache.set(zone, days);
  }
  let offset = days.get(day);
  if (offset === undefined) {
    let format = offsetFormats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      offsetFormats.set(zone, format);
    }
    const noon = day * DAY_MS + 12 * HOUR_MS;
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(noon)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
    );
    offset = Math.round((wall - noon) / MINUTE_MS);
    days.set(day, offset);
  }
  return offset;
}

/** The instant (epoch ms) of a local wall-clock time in a zone. */
export function toInstant(zone: string, t: LocalTime): number {
  return t.day * DAY_MS + (t.minute - zoneOffset(zone, t.day)) * MINUTE_MS;
}

/**
 * The local wall-clock time of an instant in a zone (minute rounded down). Each neighbouring
 * day's offset is tried: the right one maps the instant into a day with that same offset, or,
 * in the hour before clocks change, into the day after one with it. The local day is exact on
 * those nights too (the minute may be an hour off there, which nothing here depends on).
 */
export function toLocal(zone: string, ms: number): LocalTime {
  const utcDay = dayOf(ms);
  let fallback: LocalTime | null = null;
  for (let d = utcDay - 1; d <= utcDay + 1; d++) {
    const offset = zoneOffset(zone, d);
    const local = ms + offset * MINUTE_MS;
    const day = dayOf(local);
    const time = { day, minute: Math.floor((local - day * DAY_MS) / MINUTE_MS) };
    if (zoneOffset(zone, day) === offset) return time;
    if (fallback === null && zoneOffset(zone, day - 1) === offset) fallback = time;
  }
  if (fallback) return fallback;
  throw new Error(`no local day for ${new Date(ms).toISOString()} in ${zone}`);
}

/**
 * The earliest local time at or after an instant that falls inside the daily window
 * [from, to] (minutes), e.g. the first moment a dock is open after a truck arrives.
 */
export function nextWindow(zone: string, ms: number, from: number, to: number): LocalTime {
  const local = toLocal(zone, ms);
  const minute = Math.ceil((ms - toInstant(zone, { day: local.day, minute: 0 })) / MINUTE_MS);
  if (minute < from) return { day: local.day, minute: from };
  if (minute <= to) return { day: local.day, minute };
  return { day: local.day + 1, minute: from };
}
