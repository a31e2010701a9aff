/**
 * Numbers as files write them. Strict: a text is a number only when all of it is. Decisions:
 * - Signs: a leading `+`/`-`, a trailing `-` (SAP exports) and accounting parentheses `(12.5)` all
 *   mean the sign; two signs are unreadable.
 * - One currency symbol ($ € £ ¥ ₹ …) before or after is dropped; letters (currency codes,
 *   units, words) make the text unreadable: a replace transform can remove them on purpose.
 * - A trailing `%` is dropped and the number kept as written (`12.5%` → 12.5; multiply by 0.01
 *   for a fraction).
 * - Thousands groups must be groups of three (or Indian 2-digit groups before the last three:
 *   `12,34,567`); spaces, no-break spaces and apostrophes are thousands separators.
 * - Exponents (`1e3`) only without thousands separators.
 * - Without a locale: when both `.` and `,` occur the last one is the decimal; one kind occurring
 *   several times is thousands; a single `,` followed by exactly three digits (and not after a
 *   lone 0) is thousands (`1,234` → 1234), otherwise decimal (`12,5` → 12.5); a single `.` is
 *   always decimal (`1.234` → 1.234).
 */

export interface NumberLocale {
  readonly decimal?: '.' | ',' | undefined;
  readonly thousands?: ',' | '.' | ' ' | "'" | '' | undefined;
}

const plain = /^[+-]?\d+(?:\.\d+)?$/;
const currencySymbols = /^[$€£¥₹₩₽₺₴₪₫฿₱₦¢]/u;
const currencySymbolsEnd = /[$€£¥₹₩₽₺₴₪₫฿₱₦¢]$/u;
const groupedThree = /^\d{1,3}(?:[,. ']\d{3})+$/;
const groupedIndian = /^\d{1,2}(?:[,. ']\d{2})+[,. ']\d{3}$/;

/** Text → number, or null when any of it is not part of a number. */
export function parseNumber(text: string, locale: NumberLocale = {}): number | null {
  if (plain.test(text) && locale.decimal !== ',') return Number(text);
  let t = text
    .trim()
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/’/g, "'");
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  if (t.endsWith('%')) t = t.slice(0, -1).trim();
  if (currencySymbols.test(t)) t = t.slice(1).trim();
  else if (currencySymbolsEnd.test(t)) t = t.slice(0, -1).trim();
  let signs = 0;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') negative = !negative;
    signs++;
    t = t.slice(1).trim();
  }
  if (t.endsWith('-')) {
    negative = !negative;
    signs++;
    t = t.slice(0, -1).trim();
  }
  if (signs > 1 || (signs > 0 && text.trim().startsWith('('))) return null;
  if (currencySymbols.test(t)) t = t.slice(1).trim();
  const parts = /^([\d.,' ]+?)([eE][+-]?\d+)?$/.exec(t);
  if (!parts) return null;
  const mantissa = parts[1] as string;
  const power = parts[2] ?? '';
  const value = digitsOf(mantissa, locale);
  if (value === null || (power !== '' && /[^\d.]/.test(mantissa.replace(locale.decimal ?? '.', '.')))) {
    return null;
  }
  const n = Number(`${value}${power}`);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

/** The separators of one text → plain JS number text, or null. */
function digitsOf(t: string, locale: NumberLocale): string | null {
  const decimal = locale.decimal ?? inferDecimal(t, locale.thousands);
  if (decimal === null) return null;
  const point = decimal === '' ? -1 : t.lastIndexOf(decimal);
  const whole = point < 0 ? t : t.slice(0, point);
  const fraction = point < 0 ? '' : t.slice(point + 1);
  if (fraction !== '' && !/^\d+$/.test(fraction)) return null;
  if (point >= 0 && whole === '' && fraction === '') return null;
  if (/^\d*$/.test(whole)) return `${whole === '' ? '0' : whole}${point < 0 ? '' : `.${fraction || '0'}`}`;
  // Grouped: only the allowed thousands separator, consistently, in valid groups.
  const allowed =
    locale.thousands !== undefined ? [locale.thousands] : [',', '.', ' ', "'"].filter((s) => s !== decimal);
  const used = new Set(whole.replace(/\d/g, ''));
  if (used.size !== 1) return null;
  const sep = [...used][0] as string;
  if (!allowed.includes(sep) || sep === '') return null;
  if (!groupedThree.test(whole) && !groupedIndian.test(whole)) return null;
  return `${whole.split(sep).join('')}${fraction === '' ? '' : `.${fraction}`}`;
}

/** The decimal separator a text without a locale uses ('' when it has none), or null when contradictory. */
function inferDecimal(t: string, thousands: NumberLocale['thousands']): '.' | ',' | '' | null {
  if (thousands === '.') return ',';
  if (thousands === ',') return '.';
  const dots = t.split('.').length - 1;
  const commas = t.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    const last = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
    return (last === '.' ? dots : commas) === 1 ? last : null;
  }
  if (dots > 1 || commas > 1) return '';
  if (dots === 1) return '.';
  if (commas === 1) {
    const [before, after] = t.split(',') as [string, string];
    const thousandsLike = /^\d{3}$/.test(after) && /^\d{1,3}$/.test(before) && before !== '0';
    return thousandsLike && thousands !== ' ' && thousands !== "'" && thousands !== '' ? '' : ',';
  }
  return '';
}
