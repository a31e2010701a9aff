/**
 * Dates of imported files → instants (ISO 8601 UTC text). Formats are those of schema.ts
 * (`dateFormat`): `iso`, `excel`, `epoch-s`, `epoch-ms` or a token pattern. Decisions:
 * - Two-digit years (`yy`) pivot at 50: 00–49 are 2000–2049, 50–99 are 1950–1999.
 * - A wall-clock time is read in the zone; one that does not exist there (the hour skipped when
 *   clocks spring forward) moves forward by the gap (02:30 → 03:30), and one that exists twice
 *   (clocks fall back) is the earlier instant.
 * - Excel serials follow the 1900 date system with its leap-year bug: serial 60 is the
 *   non-existent 1900-02-29 (unreadable), serials above 60 are one day late and are shifted back.
 * - Years outside 1–9999 and impossible days (31 June) are unreadable.
 */

import { offsetAt, zonedToUtc } from '../../../lib/time-zones.js';

/** Reads one text (or a number, for `excel` and the epochs); null when it cannot. */
export type DateParser = (text: string | number) => string | null;

const DAY_MS = 86_400_000;
const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Month number of an English name or abbreviation (`Jun`, `June`, `Sept`), or 0. */
function monthOf(text: string): number {
  const t = text.toLowerCase();
  if (t === 'sept') return 9;
  for (let i = 0; i < 12; i++) {
    const name = monthNames[i] as string;
    if (t === name || (t.length === 3 && name.startsWith(t))) return i + 1;
  }
  return 0;
}
const monthAlternation = `(${[...monthNames, 'sept', ...monthNames.map((m) => m.slice(0, 3))].join('|')})`;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return monthDays[month - 1] as number;
}

/** Wall clock fields → ms as if UTC, or NaN for an impossible date. */
function wallMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return Number.NaN;
  if (h > 23 || mi > 59 || s > 59) return Number.NaN;
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // Date.UTC maps years 0–99 to 1900–1999
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a zone. */
export function dayOf(instant: string | number, timeZone = 'UTC'): string | null {
  const t = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(t)) return null;
  const local = timeZone === 'UTC' ? t : t + offsetAt(timeZone, t);
  return new Date(local).toISOString().slice(0, 10);
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function fractionMs(digits: string | undefined): number {
  return digits ? Math.floor(Number(`0.${digits}`) * 1000 + 1e-6) : 0;
}

function isoParser(timeZone: string): DateParser {
  return (input) => {
    if (typeof input !== 'string') return null;
    const m = isoPattern.exec(input);
    if (!m) return null;
    const local = wallMs(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      m[4] ? Number(m[4]) : 0,
      m[5] ? Number(m[5]) : 0,
      m[6] ? Number(m[6]) : 0,
      fractionMs(m[7]),
    );
    if (Number.isNaN(local)) return null;
    const zone = m[8];
    if (!zone) return new Date(zonedToUtc(local, timeZone)).toISOString();
    if (zone === 'Z' || zone === 'z') return new Date(local).toISOString();
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return null;
    return new Date(local - sign * (hours * 60 + minutes) * 60_000).toISOString();
  };
}

const decimalText = /^\d+(?:\.\d+)?$/;
const signedDecimalText = /^-?\d+(?:\.\d+)?$/;

function numberOf(input: string | number, pattern: RegExp): number {
  if (typeof input === 'number') return Number.isFinite(input) ? input : Number.NaN;
  return pattern.test(input) ? Number(input) : Number.NaN;
}

function instantText(t: number): string | null {
  if (!Number.isFinite(t) || t < -62_135_596_800_000 || t > 253_402_300_799_999) return null;
  return new Date(t).toISOString();
}

function excelParser(timeZone: string): DateParser {
  // Serial 1 is 1900-01-01; 61 is 1900-03-01 because Lotus counted a 29 February 1900.
  const epochBefore = Date.UTC(1899, 11, 31);
  const epochAfter = Date.UTC(1899, 11, 30);
  return (input) => {
    const serial = numberOf(input, decimalText);
    if (!(serial >= 1) || serial >= 2_958_466) return null;
    const day = Math.floor(serial);
    if (day === 60) return null;
    const local = (day < 60 ? epochBefore : epochAfter) + Math.round(serial * DAY_MS);
    return instantText(zonedToUtc(local, timeZone));
  };
}

function epochParser(scale: number): DateParser {
  return (input) => instantText(Math.round(numberOf(input, signedDecimalText) * scale));
}

interface Slot {
  readonly kind:
    | 'year'
    | 'year2'
    | 'month'
    | 'monthName'
    | 'day'
    | 'hour'
    | 'hour12'
    | 'minute'
    | 'second'
    | 'ms'
    | 'ampm';
}

const tokens: readonly (readonly [string, Slot['kind'], string])[] = [
  ['yyyy', 'year', '(\\d{4})'],
  ['yy', 'year2', '(\\d{2})'],
  ['MMMM', 'monthName', monthAlternation],
  ['MMM', 'monthName', monthAlternation],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{2})'],
  ['d', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['ss', 'second', '(\\d{2})'],
  ['SSS', 'ms', '(\\d{3})'],
  ['a', 'ampm', '([ap]\\.?m\\.?)'],
];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A token pattern → regular expression and the meaning of each group; throws for a bad pattern. */
function compilePattern(format: string): { regex: RegExp; slots: Slot['kind'][] } {
  let source = '^';
  const slots: Slot['kind'][] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === "'") {
      // '…' is literal text; '' is one quote, inside or outside a quoted part.
      if (format[i + 1] === "'") {
        source += "'";
        i += 2;
        continue;
      }
      let literal = '';
      let j = i + 1;
      for (;;) {
        if (j >= format.length) throw new Error(`date format ${format}: a quote is not closed`);
        if (format[j] === "'") {
          if (format[j + 1] !== "'") break;
          literal += "'";
          j += 2;
        } else literal += format[j++];
      }
      source += escapeRegex(literal);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      const token = tokens.find(([t]) => format.startsWith(t, i));
      if (!token)
        throw new Error(`date format ${format}: unknown letter ${ch} (quote literal letters with '…')`);
      source += token[2];
      slots.push(token[1]);
      i += token[0].length;
      continue;
    }
    source += ch === ' ' ? '\\s+' : escapeRegex(ch);
    i++;
  }
  const kinds = new Set(slots);
  if (
    !(kinds.has('year') || kinds.has('year2')) ||
    !(kinds.has('month') || kinds.has('monthName')) ||
    !kinds.has('day')
  ) {
    throw new Error(`date format ${format}: needs a year, a month and a day`);
  }
  if (kinds.has('hour12') !== kinds.has('ampm'))
    throw new Error(`date format ${format}: h and hh need a (AM/PM)`);
  return { regex: new RegExp(`${source}$`, 'iu'), slots };
}

function patternParser(format: string, timeZone: string): DateParser {
  const { regex, slots } = compilePattern(format);
  return (input) => {
    if (typeof input !== 'string') return null;
    const m = regex.exec(input);
    if (!m) return null;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let ms = 0;
    let pm: boolean | null = null;
    for (let g = 0; g < slots.length; g++) {
      const text = m[g + 1] as string;
      switch (slots[g]) {
        case 'year':
          y = Number(text);
          break;
        case 'year2': {
          const yy = Number(text);
          y = yy < 50 ? 2000 + yy : 1900 + yy;
          break;
        }
        case 'month':
          mo = Number(text);
          break;
        case 'monthName':
          mo = monthOf(text);
          break;
        case 'day':
          d = Number(text);
          break;
        case 'hour':
          h = Number(text);
          break;
        case 'hour12':
          h = Number(text);
          if (h < 1 || h > 12) return null;
          break;
        case 'minute':
          mi = Number(text);
          break;
        case 'second':
          s = Number(text);
          break;
        case 'ms':
          ms = Number(text);
          break;
        case 'ampm':
          pm = text[0] === 'p' || text[0] === 'P';
          break;
      }
    }
    if (pm !== null) h = (h % 12) + (pm ? 12 : 0);
    const local = wallMs(y, mo, d, h, mi, s, ms);
    return Number.isNaN(local) ? null : instantText(zonedToUtc(local, timeZone));
  };
}

/** One format → its parser; throws an Error saying what is wrong with a bad pattern. */
export function compileDateFormat(format: string, timeZone = 'UTC'): DateParser {
  switch (format) {
    case 'iso':
      return isoParser(timeZone);
    case 'excel':
      return excelParser(timeZone);
    case 'epoch-s':
      return epochParser(1000);
    case 'epoch-ms':
      return epochParser(1);
    default:
      return patternParser(format, timeZone);
  }
}

/** Formats → one parser: the first format that reads the whole (trimmed) text wins. */
export function compileDateParser(formats: readonly string[], timeZone = 'UTC'): DateParser {
  const parsers = formats.map((f) => compileDateFormat(f, timeZone));
  // Files repeat dates row after row: remember recent answers (bounded) per parser.
  const memo = new Map<string | number, string | null>();
  return (input) => {
    const hit = memo.get(input);
    if (hit !== undefined) return hit;
    const value = typeof input === 'string' ? input.trim() : input;
    let out: string | null = null;
    for (const parse of parsers) {
      out = parse(value);
      if (out !== null) break;
    }
    if (memo.size >= 4096) memo.clear();
    memo.set(input, out);
    return out;
  };
}

const parserCache = new Map<string, DateParser>();

/** Text → ISO 8601 UTC instant (`2006-06-02T00:00:00.000Z`), or null when no format reads it. */
export function parseDate(
  text: string | number,
  formats: readonly string[],
  timeZone = 'UTC',
): string | null {
  const key = `${timeZone}|${formats.join('\u0000')}`;
  let parser = parserCache.get(key);
  if (!parser) {
    parser = compileDateParser(formats, timeZone);
    if (parserCache.size >= 100) parserCache.clear();
    parserCache.set(key, parser);
  }
  return parser(text);
}
