import type { SourceRecord } from '../formats/types.js';
import { compileMapping } from './apply.js';
import { countryCodeOf, currencyCodeOf } from './countries.js';
import { parseDate } from './dates.js';
import type { TargetField } from './fields.js';
import { editDistanceAtMost1, nameScore, targetUnit, unitHint, words } from './names.js';
import { type NumberLocale, parseNumber } from './numbers.js';
import {
  defaultUnknownTexts,
  type FieldMapping,
  type ImportTargetName,
  type MappingDefinition,
  type Transform,
} from './schema.js';
import { unitKind } from './units.js';

/**
 * A first mapping for a file, for a person to review: column names are matched to the target's
 * field names and synonyms (case, punctuation, camelCase and small typos ignored; a score from
 * the words they share), then checked against sample values, which also decide date formats,
 * number locales, enum value maps and lookups. Decisions:
 * - A pair scores at least 0.6 to be suggested; each column and field is used once, best first.
 * - Day/month order is decided by the values (a day above 12); when the sample cannot tell,
 *   month first (MM/dd) is suggested with lower confidence.
 * - Texts that start with a word and that a number or date column cannot read ("Date Not
 *   Captured", "See DN-304") become that field's unknown texts, and a first word several share
 *   an unknownPattern; a text that starts like a value and does not read (31/02/2024) still
 *   quarantines its row.
 * - A required field no column matches is mapped to the best column left, or to a null constant
 *   (every row then reports it), with confidence 0, so the suggestion always compiles.
 */

export interface MappingSuggestion {
  readonly definition: MappingDefinition;
  /** Field → 0…1: how sure the suggestion is (name match × share of sample values it reads). */
  readonly confidence: Record<string, number>;
  /** Columns no field uses. */
  readonly unmapped: string[];
}

const THRESHOLD = 0.6;
const dateCandidates = [
  'iso',
  'd-MMM-yy',
  'd-MMM-yyyy',
  'd MMM yyyy',
  'MMM d, yyyy',
  'MMMM d, yyyy',
  'M/d/yyyy',
  'd/M/yyyy',
  'M/d/yy',
  'd/M/yy',
  'd.M.yyyy',
  'yyyy/M/d',
  'M/d/yyyy H:mm',
  'd/M/yyyy H:mm',
  'M/d/yyyy h:mm a',
  'd.M.yyyy H:mm',
  'yyyyMMdd',
  'excel',
  'epoch-s',
  'epoch-ms',
];

/** How many texts have numbers that fit the day and month places of a d/M or M/d format. */
function orderFits(format: string, texts: readonly string[]): number {
  const monthFirst = format.startsWith('M/d');
  const dayFirst = format.startsWith('d/M') || format.startsWith('d.M');
  if (!monthFirst && !dayFirst) return 0;
  return texts.filter((t) => {
    const m = /^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}/.exec(t);
    if (!m) return false;
    const [a, b] = [Number(m[1]), Number(m[2])];
    return monthFirst ? a <= 12 && b <= 31 : a <= 31 && b <= 12;
  }).length;
}

function plausible(format: string, text: string): boolean {
  if (format !== 'excel' && format !== 'epoch-s' && format !== 'epoch-ms') return true;
  const n = Number(text);
  if (format === 'excel') return n >= 20_000 && n <= 80_000;
  if (format === 'epoch-s') return n >= 1e8 && n <= 4e9 && Number.isInteger(n);
  return n >= 1e11 && n <= 4e12 && Number.isInteger(n);
}

interface Fit {
  /** Share of known sample values read (1 when there are none). */
  readonly share: number;
  readonly mapping: FieldMapping;
}

function readsAll(texts: readonly string[], format: string): boolean {
  return texts.every((t) => parseDate(t, [format]) !== null);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Unknown texts for the values a field could not read; a shared first word becomes a pattern. */
function unknownsFor(failed: readonly string[]): Pick<FieldMapping, 'unknown' | 'unknownPattern'> {
  if (failed.length === 0) return {};
  const firsts = new Map<string, number>();
  for (const f of failed) {
    const first = /^\p{L}+/u.exec(f)?.[0];
    if (first) firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  const shared = [...firsts].filter(([, n]) => n >= 2).map(([w]) => w);
  const pattern = shared.length > 0 ? `^(?:${shared.map(escapeRegex).join('|')})\\b` : undefined;
  const regex = pattern ? new RegExp(pattern, 'iu') : null;
  // Words ("Date Not Captured", "See DN-304 (ID#:10589)") say the value is elsewhere or unknown;
  // a text that starts as a value does (31/02/2024, 1.5 kg, 12..5) is a value gone wrong: it
  // stays unreadable, so its row is quarantined instead of loading empty.
  const texts = failed.filter((f) => !regex?.test(f) && /^\p{L}/u.test(f) && f.length <= 200).slice(0, 50);
  return {
    ...(texts.length > 0 ? { unknown: [...defaultUnknownTexts, ...texts] } : {}),
    ...(pattern ? { unknownPattern: pattern } : {}),
  };
}

const enumSynonyms: Readonly<Record<string, readonly string[]>> = {
  road: ['truck', 'trucking', 'lorry', 'road freight', 'ground', 'van'],
  ocean: ['sea', 'sea freight', 'ocean freight', 'vessel', 'maritime', 'ship'],
  air: ['air freight', 'airfreight', 'air charter', 'plane', 'flight'],
  parcel: ['courier', 'express', 'small parcel', 'post'],
  rail: ['train', 'railway', 'railroad'],
  ltl: ['less than truckload'],
  ftl: ['full truckload', 'truckload'],
  in_transit: ['in transit', 'shipped', 'en route'],
  delivered: ['pod', 'completed'],
  cancelled: ['canceled'],
};

function enumValueOf(text: string, allowed: readonly string[]): string | null {
  const t = words(text).join(' ');
  const exact = allowed.find((a) => words(a).join(' ') === t);
  if (exact) return exact;
  for (const a of allowed) if ((enumSynonyms[a] ?? []).includes(t)) return a;
  const tokens = words(text);
  const contained = allowed.filter(
    (a) => tokens.includes(a) || (enumSynonyms[a] ?? []).some((s) => tokens.includes(s)),
  );
  if (contained.length === 1) return contained[0] as string;
  const close = allowed.filter((a) => a.length >= 4 && editDistanceAtMost1(a, t));
  return close.length === 1 ? (close[0] as string) : null;
}

function fitOf(field: TargetField, column: string, sample: readonly SourceRecord[]): Fit {
  const unknown = new Set(defaultUnknownTexts.map((t) => t.toLowerCase()));
  const texts: string[] = [];
  for (const r of sample) {
    const v = r.values[column];
    if (v === null || v === undefined || typeof v === 'object') continue;
    const t = String(v).trim();
    if (!unknown.has(t.toLowerCase())) texts.push(t);
  }
  const share = (read: number) => (texts.length === 0 ? 1 : read / texts.length);
  const distinct = [...new Set(texts)];
  switch (field.type) {
    case 'number':
    case 'integer': {
      const comma = texts.some((t) => /^-?\d{1,3}(\.\d{3})+,\d+$/.test(t) || /^-?\d+,\d{1,2}$/.test(t));
      const locale: NumberLocale = comma ? { decimal: ',', thousands: '.' } : {};
      const failed = distinct.filter((t) => parseNumber(t, locale) === null);
      const transforms: Transform[] = comma ? [{ op: 'number', decimal: ',', thousands: '.' }] : [];
      const from = unitHint(words(column));
      const to = targetUnit(field);
      if (from && to && from !== to && unitKind(from) === unitKind(to))
        transforms.push({ op: 'unit', from, to });
      const read = texts.filter((t) => parseNumber(t, locale) !== null).length;
      return {
        share: share(read),
        mapping: { column, ...(transforms.length > 0 ? { transforms } : {}), ...unknownsFor(failed) },
      };
    }
    case 'instant':
    case 'day': {
      let best = 'iso';
      let bestRead = -1;
      let bestFits = -1;
      for (const format of dateCandidates) {
        const read = texts.filter((t) => plausible(format, t) && parseDate(t, [format]) !== null).length;
        // A tie (31/02/2024 reads in neither order) goes to the order whose day and month
        // positions the values fit: a 31 in front says day first, even in a broken date.
        const fits = orderFits(format, texts);
        if (read > bestRead || (read === bestRead && fits > bestFits)) {
          best = format;
          bestRead = read;
          bestFits = fits;
        }
      }
      const failed = distinct.filter((t) => !(plausible(best, t) && parseDate(t, [best]) !== null));
      return {
        // Month first is a guess when every day of the sample is 12 or less: say so.
        share:
          share(bestRead) * (best.startsWith('M/d') && readsAll(texts, best.replace('M/d', 'd/M')) ? 0.8 : 1),
        mapping: { column, transforms: [{ op: 'date', formats: [best] }], ...unknownsFor(failed) },
      };
    }
    case 'enum': {
      const allowed = field.values ?? [];
      const values: Record<string, string> = {};
      let read = 0;
      for (const t of texts) {
        const hit = enumValueOf(t, allowed);
        if (hit === null) continue;
        read++;
        if (hit !== t.toLowerCase() && words(t).join('_') !== hit) values[t] = hit;
      }
      const transforms: Transform[] =
        Object.keys(values).length > 0 ? [{ op: 'map', values, otherwise: 'keep' }] : [{ op: 'trim' }];
      return { share: share(read), mapping: { column, transforms } };
    }
    case 'country':
      return { share: share(texts.filter((t) => countryCodeOf(t) !== null).length), mapping: { column } };
    case 'currency':
      return { share: share(texts.filter((t) => currencyCodeOf(t) !== null).length), mapping: { column } };
    case 'reference': {
      const codes =
        distinct.length > 0 && distinct.every((t) => /^[A-Z0-9]{2,6}$/.test(t) && /[A-Z]/.test(t));
      return {
        share: 1,
        mapping: {
          column,
          transforms: [{ op: 'trim' }],
          lookup: { by: codes ? 'code' : 'name', create: true },
        },
      };
    }
    default:
      return { share: 1, mapping: { column, transforms: [{ op: 'trim' }] } };
  }
}

/** A first mapping of a file's columns to a target's fields, with confidences and the columns left over. */
export function suggestMapping(
  fields: readonly TargetField[],
  target: ImportTargetName,
  columns: readonly string[],
  sample: readonly SourceRecord[],
): MappingSuggestion {
  const pairs: { column: string; field: TargetField; score: number; fit: Fit }[] = [];
  for (const column of columns) {
    for (const field of fields) {
      const score = nameScore(column, field);
      if (score < THRESHOLD * 0.5) continue;
      const fit = fitOf(field, column, sample);
      pairs.push({ column, field, score: score * (0.4 + 0.6 * fit.share), fit });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const mapped: Record<string, FieldMapping> = {};
  const confidence: Record<string, number> = {};
  const usedColumns = new Set<string>();
  const take = (p: (typeof pairs)[number], sure: number) => {
    mapped[p.field.name] = p.fit.mapping;
    confidence[p.field.name] = Math.round(sure * 100) / 100;
    usedColumns.add(p.column);
  };
  for (const p of pairs) {
    if (p.score < THRESHOLD || usedColumns.has(p.column) || p.field.name in mapped) continue;
    take(p, p.score);
  }
  for (const field of fields) {
    if (!field.required || field.name in mapped) continue;
    const fallback = pairs.find((p) => p.field === field && !usedColumns.has(p.column));
    if (fallback) take(fallback, 0);
    else {
      mapped[field.name] = { value: null };
      confidence[field.name] = 0;
    }
  }
  // "Freight Cost (USD)": the amount's currency is a constant when no column gives it.
  for (const field of fields) {
    const m = /^(.*)\.amount$/.exec(field.name);
    const source = mapped[field.name]?.column;
    const currencyField = m ? `${m[1]}.currency` : '';
    if (
      !m ||
      source === undefined ||
      currencyField in mapped ||
      !fields.some((f) => f.name === currencyField)
    )
      continue;
    const code = words(source)
      .map((w) => (w.length === 3 ? currencyCodeOf(w) : null))
      .find((c) => c !== null);
    if (code) {
      mapped[currencyField] = { value: code };
      confidence[currencyField] = confidence[field.name] ?? 0;
    }
  }
  const definition: MappingDefinition = { target, fields: mapped };
  compileMapping(definition, fields);
  return { definition, confidence, unmapped: columns.filter((c) => !usedColumns.has(c)) };
}
