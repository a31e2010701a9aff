import { currencyCodeOf } from './countries.js';
import type { TargetField } from './fields.js';
import type { Unit } from './schema.js';

/** How suggest.ts compares a column name with a target field's name and synonyms. */

const stopWords = new Set(['to', 'of', 'the', 'per', 'by', 'for', 'a', 'an', 'in', 'via', 'at', 'no', 'nr']);

/** The words of a name: camelCase split, accents and punctuation dropped, stop words left out. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !stopWords.has(w));
}

/** Words that name a unit in a column name (`Weight (lbs)`, `weight_kg`). */
export const unitWords: Readonly<Record<string, Unit>> = {
  kg: 'kg',
  kgs: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  g: 'g',
  gram: 'g',
  grams: 'g',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  oz: 'oz',
  ounce: 'oz',
  ounces: 'oz',
  t: 't',
  tonne: 't',
  tonnes: 't',
  mt: 't',
  m3: 'm3',
  cbm: 'm3',
  ft3: 'ft3',
  cuft: 'ft3',
  cft: 'ft3',
  in3: 'in3',
  cm3: 'cm3',
  ccm: 'cm3',
  l: 'l',
  liter: 'l',
  liters: 'l',
  litre: 'l',
  litres: 'l',
  gal: 'gal',
  gallon: 'gal',
  gallons: 'gal',
  km: 'km',
  kilometer: 'km',
  kilometers: 'km',
  kilometre: 'km',
  kilometres: 'km',
  mi: 'mi',
  mile: 'mi',
  miles: 'mi',
  m: 'm',
  meter: 'm',
  meters: 'm',
  metre: 'm',
  metres: 'm',
};

/** Words of unit names that are no unit alone ("cu ft", "cubic meters"). */
const unitNoise = new Set(['cu', 'cubic', 'ft', 'feet', 'foot', 'sq']);

/** The unit a column name's words mention, if any. */
export function unitHint(tokens: readonly string[]): Unit | null {
  const joined = tokens.join(' ');
  if (/\b(cubic|cu) (meters?|metres?|m)\b/.test(joined)) return 'm3';
  if (/\b(cubic|cu) (feet|foot|ft)\b/.test(joined)) return 'ft3';
  for (const t of tokens) if (unitWords[t]) return unitWords[t] as Unit;
  return null;
}

/** The unit a target field is kept in, from its name (`weightKg`, `volumeM3`, `distanceKm`). */
export function targetUnit(field: TargetField): Unit | null {
  const m = /(Kg|M3|Km)$/.exec(field.name);
  return m ? ((m[1] as string).toLowerCase() as Unit) : null;
}

/** Whether one insertion, deletion or substitution (or none) turns a into b. */
export function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function same(a: string, b: string): boolean {
  return a === b || (a.length >= 4 && b.length >= 4 && editDistanceAtMost1(a, b));
}

/** Dice similarity of two word lists, typos of one letter forgiven in words of four or more. */
function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join(' ') === b.join(' ')) return 1;
  const used = new Set<number>();
  let shared = 0;
  let exact = true;
  for (const w of a) {
    const k = b.findIndex((v, i) => !used.has(i) && same(w, v));
    if (k < 0) continue;
    used.add(k);
    shared++;
    if (b[k] !== w) exact = false;
  }
  const dice = (2 * shared) / (a.length + b.length);
  return exact ? dice : dice * 0.95;
}

/** 0…1: how well a column name matches a field's name or one of its synonyms. */
export function nameScore(column: string, field: TargetField): number {
  const all = words(column);
  // Without unit and currency words: "Weight (lbs)" is a weight, "Freight Cost (USD)" a freight cost.
  const core = all.filter(
    (w) => !unitWords[w] && !unitNoise.has(w) && !(w.length === 3 && currencyCodeOf(w) !== null),
  );
  const phrases = [field.name.split('.').flatMap(words), ...field.synonyms.map(words)];
  let best = 0;
  for (const p of phrases) best = Math.max(best, similarity(all, p), similarity(core, p));
  return best;
}
