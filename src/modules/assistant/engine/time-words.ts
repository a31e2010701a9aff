import * as chrono from 'chrono-node';
import { addDays, addMonths, bucketStart, nextBucket } from '../../../lib/calendar-days.js';
import type { Grain, TimeRange } from '../../analytics/index.js';
import { numberOf } from './text.js';

/**
 * Time expressions of a question, as a semantic time range: named periods ("last month", "YTD"),
 * rolling ones ("last 90 days"), quarters and halves ("Q3 2025", "first half of 2024"), months
 * and years ("in March", "2025"), spans ("since June", "between March 3 and April 10"), the
 * future ("next 8 weeks") and period comparisons ("2024 vs 2025", "this month vs last").
 * chrono-node reads the explicit dates; it knows points, not periods, so periods are ours.
 *
 * Data may be years old: when the organization's data ended more than 31 days before today,
 * relative periods resolve against its last day, and the reading says so.
 */
export interface TimeReading {
  readonly range?: TimeRange;
  /** Two periods side by side: the range spans both, one row per `grain` bucket. */
  readonly grain?: Grain;
  readonly compare?: 'previous_period' | 'same_period_last_year';
  readonly comparison: boolean;
  readonly future: boolean;
  /** Spans of the folded question the expressions took. */
  readonly spans: readonly (readonly [number, number])[];
  readonly assumptions: readonly string[];
}

const monthPattern =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthIndexOf = (word: string) => months.indexOf(word.slice(0, 3));
const yearPattern = "(?:19|20)\\d\\d|'\\d\\d";
const yearOf = (text: string) => (text.startsWith("'") ? 2000 + Number(text.slice(1)) : Number(text));
const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month: number) => `${year}-${pad(month + 1)}-01`;
const endOfMonth = (start: string) => addDays(addMonths(start, 1), -1);
const quarterOrdinals: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  last: 4,
};
const countWord =
  '\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|couple of|a';
const unitPattern = 'days?|weeks?|months?|quarters?|years?';

interface Span {
  readonly start: number;
  readonly end: number;
}

export function readTime(
  folded: string,
  today: string,
  dataRange: { readonly from: string; readonly to: string } | null,
): TimeReading {
  const assumptions: string[] = [];
  const stale = dataRange !== null && dataRange.to < addDays(today, -31);
  const reference = stale ? dataRange.to : today;
  const asOf = stale ? { asOf: reference } : {};
  const spans: Span[] = [];
  let text = folded;
  /** Takes the first match of a pattern out of the text (blanked, so offsets stay). */
  const take = (pattern: RegExp): RegExpExecArray | undefined => {
    const match = pattern.exec(text);
    if (!match) return undefined;
    spans.push({ start: match.index, end: match.index + match[0].length });
    text =
      text.slice(0, match.index) + ' '.repeat(match[0].length) + text.slice(match.index + match[0].length);
    return match;
  };
  let range: TimeRange | undefined;
  let grain: Grain | undefined;
  let compare: TimeReading['compare'];
  let comparison = false;
  let future = false;
  const relativeNote = () => {
    if (stale) assumptions.push(`Relative to the latest data (${reference}), not today.`);
  };
  /** The latest occurrence of a month (0–11) that has started by the reference day. */
  const latestMonth = (month: number) => {
    const year = Number(reference.slice(0, 4));
    const start = monthStart(year, month);
    return start <= reference ? start : monthStart(year - 1, month);
  };
  const monthRange = (month: number, year?: number): { from: string; to: string } => {
    const from = year === undefined ? latestMonth(month) : monthStart(year, month);
    return { from, to: endOfMonth(from) };
  };
  const quarterRange = (quarter: number, year?: number) => {
    let y = year ?? Number(reference.slice(0, 4));
    let from = monthStart(y, (quarter - 1) * 3);
    if (year === undefined && from > reference) {
      y -= 1;
      from = monthStart(y, (quarter - 1) * 3);
    }
    return { from, to: addDays(addMonths(from, 3), -1) };
  };

  // Comparisons of two named periods first: their words would otherwise be read one by one.
  const yearVsYear = take(
    new RegExp(
      `\\b(?:(between|from|compare|comparing)\\s+)?(${yearPattern})\\s*(vs\\.?|versus|v\\.?|against|compared? (?:to|with)|and|or|to|-)\\s*(${yearPattern})\\b`,
    ),
  );
  if (yearVsYear) {
    const [a, b] = [yearOf(yearVsYear[2] ?? ''), yearOf(yearVsYear[4] ?? '')].sort();
    range = { from: `${a}-01-01`, to: `${b}-12-31` };
    const connector = yearVsYear[3] ?? '';
    const lead = yearVsYear[1];
    comparison =
      !['and', 'to', '-'].includes(connector) ||
      lead === 'compare' ||
      lead === 'comparing' ||
      /\bcompar/.test(folded);
    if (comparison) grain = 'year';
  }
  const monthVsMonth = range
    ? undefined
    : take(
        new RegExp(
          `\\b(${monthPattern})\\s*(${yearPattern})?\\s*(?:vs\\.?|versus|against|compared (?:to|with))\\s*(${monthPattern})\\s*(${yearPattern})?\\b`,
        ),
      );
  if (monthVsMonth) {
    const secondYear = monthVsMonth[4] ? yearOf(monthVsMonth[4]) : undefined;
    const firstYear = monthVsMonth[2] ? yearOf(monthVsMonth[2]) : secondYear;
    const a = monthRange(monthIndexOf(monthVsMonth[1] ?? ''), firstYear);
    const b = monthRange(monthIndexOf(monthVsMonth[3] ?? ''), secondYear);
    const [first, second] = a.from < b.from ? [a, b] : [b, a];
    range = { from: first.from, to: second.to };
    grain = 'month';
    comparison = true;
  }
  // "vs last year", "year over year", "compared with the previous month", "MoM".
  const versusLastYear = take(
    /\b(?:(?:vs\.?|versus|against|compared (?:to|with))\s+(?:the\s+)?(?:same (?:period|time|month|quarter|week) )?(?:last|previous|prior) year|year over year|year on year|yoy|y\/y)\b/,
  );
  if (versusLastYear) {
    compare = 'same_period_last_year';
    comparison = true;
  }
  const versusPrevious = compare
    ? undefined
    : take(
        /\b(?:(?:vs\.?|versus|against|compared? (?:to|with))\s+(?:the\s+)?(?:(?:last|previous|prior|preceding)(?:\s+(?:one|period|week|month|quarter|year))?|(?:one|period|week|month|quarter|year)\s+before)|(?:month|week|quarter) over (?:month|week|quarter)|(?:month|week|quarter) on (?:month|week|quarter)|mom|wow|qoq)\b/,
      );
  if (versusPrevious) {
    compare = 'previous_period';
    comparison = true;
  }

  if (!range) {
    const rolling = take(
      new RegExp(
        `\\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior|trailing|recent)\\s+(${countWord})\\s+(${unitPattern})\\b`,
      ),
    );
    if (rolling) {
      const n = numberOf((rolling[1] ?? '').replace('couple of', 'couple')) ?? 1;
      const unit = rolling[2] ?? 'days';
      range = unit.startsWith('day')
        ? { last: n, unit: 'days', ...asOf }
        : unit.startsWith('week')
          ? { last: n, unit: 'weeks', ...asOf }
          : {
              last: unit.startsWith('quarter') ? 3 * n : unit.startsWith('year') ? 12 * n : n,
              unit: 'months',
              ...asOf,
            };
      relativeNote();
    }
  }
  if (!range) {
    const fortnight = take(
      /\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+fortnight\b/,
    );
    if (fortnight) {
      range = { last: 2, unit: 'weeks', ...asOf };
      relativeNote();
    }
  }
  if (!range) {
    const ahead = take(
      new RegExp(
        `\\b(?:over |for |in |during )?(?:the )?(?:next|coming|upcoming|following)\\s+(?:(${countWord})\\s+)?(${unitPattern})\\b`,
      ),
    );
    if (ahead) {
      const n = numberOf((ahead[1] ?? '1').replace('couple of', 'couple')) ?? 1;
      const unit = ahead[2] ?? 'weeks';
      const to = unit.startsWith('day')
        ? addDays(reference, n)
        : unit.startsWith('week')
          ? addDays(reference, 7 * n)
          : addMonths(reference, unit.startsWith('quarter') ? 3 * n : unit.startsWith('year') ? 12 * n : n);
      range = { from: addDays(reference, 1), to };
      future = true;
    }
  }
  if (!range) {
    const named = take(
      /\b(?:(this|current|last|previous|prior|past)\s+(week|month|quarter|year)|(ytd|year to date|so far this year|mtd|month to date|so far this month|qtd|quarter to date|today|yesterday))\b/,
    );
    if (named) {
      const which = named[1];
      const period = named[2];
      const word = named[3];
      const relative =
        word === undefined
          ? `${which === 'this' || which === 'current' ? 'this' : 'last'}_${period}`
          : /ytd|year|so far this year/.test(word)
            ? 'year_to_date'
            : /mtd|month/.test(word)
              ? 'this_month'
              : /qtd|quarter/.test(word)
                ? 'this_quarter'
                : word;
      range = { relative: relative as Extract<TimeRange, { relative: unknown }>['relative'], ...asOf };
      relativeNote();
    }
  }
  if (!range) {
    const quarter = take(
      new RegExp(
        `\\b(?:q([1-4])|([1-4])(?:st|nd|rd|th) quarter|(first|second|third|fourth) quarter)(?:\\s+(?:of\\s+)?(?:fy\\s*)?(${yearPattern}))?\\b`,
      ),
    );
    if (quarter) {
      const n = Number(quarter[1] ?? quarter[2] ?? quarterOrdinals[quarter[3] ?? ''] ?? 1);
      range = quarterRange(n, quarter[4] ? yearOf(quarter[4]) : undefined);
    }
  }
  if (!range) {
    const half = take(new RegExp(`\\b(?:h([12])|(first|second) half(?: of)?)\\s*(${yearPattern})?\\b`));
    if (half) {
      const second = half[1] === '2' || half[2] === 'second';
      let year = half[3] ? yearOf(half[3]) : Number(reference.slice(0, 4));
      if (!half[3] && monthStart(year, second ? 6 : 0) > reference) year -= 1;
      const from = monthStart(year, second ? 6 : 0);
      range = { from, to: addDays(addMonths(from, 6), -1) };
    }
  }
  if (!range) {
    // "between March and May 2026", "from Jan to Mar".
    const monthSpan = take(
      new RegExp(
        `\\b(?:between|from)\\s+(${monthPattern})\\s*(${yearPattern})?\\s+(?:and|to|until|-)\\s+(${monthPattern})\\s*(${yearPattern})?\\b`,
      ),
    );
    if (monthSpan) {
      const secondYear = monthSpan[4] ? yearOf(monthSpan[4]) : undefined;
      const firstYear = monthSpan[2] ? yearOf(monthSpan[2]) : secondYear;
      const a = monthRange(monthIndexOf(monthSpan[1] ?? ''), firstYear);
      let b = monthRange(monthIndexOf(monthSpan[3] ?? ''), secondYear);
      if (b.from < a.from) b = monthRange(monthIndexOf(monthSpan[3] ?? ''), Number(a.from.slice(0, 4)) + 1);
      range = { from: a.from, to: b.to };
    }
  }
  if (!range) {
    const since = take(
      new RegExp(
        `\\b(?:since|from|after)\\s+(?:the start of\\s+|beginning of\\s+)?(${monthPattern})\\s*(${yearPattern})?\\b(?!\\s*\\d)`,
      ),
    );
    if (since) {
      const from = monthRange(monthIndexOf(since[1] ?? ''), since[2] ? yearOf(since[2]) : undefined).from;
      range = { from, to: reference };
    }
  }
  if (!range) {
    // "before 2008", "until 2010", "up to 2009": from the data's first day; "after 2013": the years after.
    const bound = take(
      new RegExp(`\\b(before|prior to|until|till|up to|through|after)\\s+(${yearPattern})\\b(?![-/.]\\d)`),
    );
    if (bound) {
      const year = yearOf(bound[2] ?? '');
      const first = dataRange?.from ?? '1900-01-01';
      const word = bound[1] ?? '';
      range =
        word === 'after'
          ? { from: `${year + 1}-01-01`, to: reference }
          : {
              from: first,
              to: word === 'before' || word === 'prior to' ? `${year - 1}-12-31` : `${year}-12-31`,
            };
    }
  }
  if (!range) {
    const sinceYear = take(
      new RegExp(
        `\\b(?:since|from|after)\\s+(${yearPattern})\\b(?![-/.]\\d)(?!\\s*(?:kg|kgs|kilos?|tons?|tonnes?|lbs?|shipments|orders|units))`,
      ),
    );
    if (sinceYear) range = { from: `${yearOf(sinceYear[1] ?? '')}-01-01`, to: reference };
  }
  if (!range) {
    // "in March", "March 2026", "during may" ("may" alone is a verb: it needs a year or "in").
    const month = take(
      new RegExp(
        `(?<!\\d(?:st|nd|rd|th)?\\s{1,2})\\b(?:(in|during|for|of)\\s+)?(${monthPattern})(?:\\s+(${yearPattern}))?\\b(?![\\s-]*\\d{1,2}(?:st|nd|rd|th)?\\b)`,
      ),
    );
    if (month && (month[2] !== 'may' || month[1] || month[3])) {
      range = monthRange(monthIndexOf(month[2] ?? ''), month[3] ? yearOf(month[3]) : undefined);
    } else if (month) {
      // Put "may" back: it was a verb.
      spans.pop();
      text = text.slice(0, month.index) + month[0] + text.slice(month.index + month[0].length);
    }
  }
  // Days written out ("1 February", "March 3", "2026-03-01") before a bare year is read as the year.
  const dayWritten = new RegExp(
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${monthPattern})\\b|\\b(?:${monthPattern})\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`,
  );
  if (!range && dayWritten.test(text)) {
    range = explicitDates(text, reference, dataRange, spans, (t) => {
      text = t;
    });
  }
  if (!range) {
    const year = take(
      /(?<![-/.\d])\b(?:(?:in|during|for|of|year)\s+)?((?:19|20)\d\d)\b(?![-/.]\d)(?!\s*(?:kg|kgs|kilos?|tons?|tonnes?|lbs?|shipments|orders|units|%|percent))/,
    );
    if (year) range = { from: `${year[1]}-01-01`, to: `${year[1]}-12-31` };
  }
  if (!range)
    range = explicitDates(text, reference, dataRange, spans, (t) => {
      text = t;
    });

  // "in March", "Q1", "since June", "next 8 weeks" were placed by the reference day too.
  if (stale && range && assumptions.length === 0 && !yearVsYear && !explicitYear(folded)) relativeNote();
  if (compare && !range) {
    range =
      compare === 'same_period_last_year'
        ? { relative: 'year_to_date', ...asOf }
        : { relative: 'this_month', ...asOf };
    relativeNote();
  }
  return {
    ...(range ? { range } : {}),
    ...(grain ? { grain } : {}),
    ...(compare ? { compare } : {}),
    comparison,
    future,
    spans: spans.map((s) => [s.start, s.end] as const),
    assumptions,
  };
}

/** Whether the question writes a year (then the period does not depend on the reference day). */
function explicitYear(folded: string): boolean {
  return /(?<![\d-])(?:19|20)\d\d(?![\d-])|'\d\d\b/.test(folded);
}

/** Days written out ("March 3", "2026-03-03", "3/3/2026"), read by chrono-node. */
function explicitDates(
  text: string,
  reference: string,
  dataRange: { readonly from: string; readonly to: string } | null,
  spans: Span[],
  setText: (text: string) => void,
): TimeRange | undefined {
  const referenceDate = new Date(`${reference}T12:00:00Z`);
  const results = chrono.en.parse(text, { instant: referenceDate, timezone: 0 }, { forwardDate: false });
  const dated = results.filter((r) => r.start.isCertain('day') || r.start.isCertain('month'));
  const first = dated[0];
  if (!first) return undefined;
  const dayOf = (components: chrono.ParsedComponents) => {
    const date = components.date();
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  };
  const before = text.slice(Math.max(0, first.index - 12), first.index);
  const lead = /\b(since|after|from|before|until|till|on|between)\s*$/.exec(before);
  const spanStart = lead ? first.index - (before.length - lead.index) : first.index;
  const last = dated[dated.length - 1] ?? first;
  const end = last.index + last.text.length;
  spans.push({ start: spanStart, end });
  setText(text.slice(0, spanStart) + ' '.repeat(end - spanStart) + text.slice(end));
  const start = dayOf(first.start);
  if (first.end) return { from: start, to: dayOf(first.end) };
  if (dated.length > 1 && last !== first)
    return { from: start, to: last.end ? dayOf(last.end) : dayOf(last.start) };
  if (/\b(since|after|from)\s*$/.test(before)) return { from: start, to: reference };
  if (/\b(before|until|till|up to)\s*$/.test(before)) {
    return { from: dataRange?.from ?? '1900-01-01', to: addDays(start, -1) };
  }
  if (!first.start.isCertain('day')) {
    const from = bucketStart(start, 'month');
    return { from, to: addDays(nextBucket(from, 'month'), -1) };
  }
  return { from: start, to: start };
}
