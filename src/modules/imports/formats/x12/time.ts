/**
 * X12 date, time and time code (element 623) → ISO 8601. Fixed codes carry their offset; the
 * generic US codes (ET, CT, MT, PT) follow daylight saving time on that date; LT (local time)
 * and unknown codes give wall-clock text without an offset, which the mapping's zone places.
 */

import { zonedToUtc } from '../../../../lib/time-zones.js';

const fixed: Readonly<Record<string, string>> = {
  UT: '+00:00',
  GM: '+00:00',
  ES: '-05:00',
  ED: '-04:00',
  CS: '-06:00',
  CD: '-05:00',
  MS: '-07:00',
  MD: '-06:00',
  PS: '-08:00',
  PD: '-07:00',
};

const zones: Readonly<Record<string, string>> = {
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  PT: 'America/Los_Angeles',
};

const pad = (n: number) => String(n).padStart(2, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Codes 01–12 are UTC+1…+12, 13–24 are UTC−12…−1. */
function numericOffset(code: string): string | undefined {
  if (!/^\d\d$/.test(code)) return undefined;
  const n = Number(code);
  if (n >= 1 && n <= 12) return formatOffset(n * 60);
  if (n >= 13 && n <= 24) return formatOffset((n - 25) * 60);
  return undefined;
}

/**
 * The offset a wall-clock time has in a zone (the earlier instant in the autumn overlap, a time
 * skipped in spring moved forward: src/lib/time-zones.ts).
 */
function zoneOffset(zone: string, wallAsUtcMs: number): string {
  return formatOffset(Math.round((wallAsUtcMs - zonedToUtc(wallAsUtcMs, zone)) / 60_000));
}

/**
 * `CCYYMMDD` (or `YYMMDD`), `HHMM[SS[D…]]` and a time code → `2026-03-04T16:20:00-06:00`; without
 * a time the date alone (`2026-03-04`); undefined when the date is not a date.
 */
export function x12DateTime(date: string | undefined, time?: string, code?: string): string | undefined {
  if (!date) return undefined;
  const full = /^\d{6}$/.test(date) ? `20${date}` : date;
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(full);
  if (!d) return undefined;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const iso = `${d[1]}-${d[2]}-${d[3]}`;
  const t = time ? /^(\d{2})(\d{2})(\d{2})?(\d{1,2})?$/.exec(time) : null;
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3] ?? 0) > 59) return iso;
  const fraction = t[4] ? `.${t[4].padEnd(3, '0')}` : '';
  const wall = `${iso}T${t[1]}:${t[2]}:${t[3] ?? '00'}${fraction}`;
  const upper = code?.toUpperCase() ?? '';
  const zone = zones[upper];
  const offset =
    fixed[upper] ??
    numericOffset(upper) ??
    (zone
      ? zoneOffset(zone, Date.UTC(year, month - 1, day, Number(t[1]), Number(t[2]), Number(t[3] ?? 0)))
      : undefined);
  return offset ? `${wall}${offset}` : wall;
}
