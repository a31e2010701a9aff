import type { RecordObject, RecordValue } from '../types.js';
import { element, type Segment } from './tokenizer.js';

/** Drops absent members, so a record holds only what the file said. */
export function compact(entries: Record<string, RecordValue | undefined>): RecordObject {
  const out: Record<string, RecordValue> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

/** A numeric element as a number (undefined when absent or not a number). */
export function numberAt(segment: Segment, n: number): number | undefined {
  const text = element(segment, n);
  if (text === undefined || !/^-?\d*\.?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** X12 weight unit codes (element 188 `L`/`K`, unit of measure 355 `LB`/`KG`) in the mapping's unit names. */
export function weightUnit(code: string | undefined): string | undefined {
  const units: Readonly<Record<string, string>> = { L: 'lb', LB: 'lb', K: 'kg', KG: 'kg' };
  return code === undefined ? undefined : (units[code] ?? code);
}

/** The weight in kg when its unit is pounds or kilograms, so a mapping needs no per-row unit. */
export function weightKg(weight: number | undefined, unit: string | undefined): number | undefined {
  if (weight === undefined) return undefined;
  if (unit === 'kg') return weight;
  if (unit === 'lb') return Math.round(weight * 0.45359237 * 1000) / 1000;
  return undefined;
}

/** A party of an N1 loop: N1 name and id, N3 address lines, N4 place. */
export interface Party {
  name?: string;
  idQualifier?: string;
  id?: string;
  address?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** Applies an N1, N3 or N4 segment to the parties, keyed by N101 (SH, CN, SF, ST, …); returns the current party code. */
export function applyParty(parties: Map<string, Party>, current: string | undefined, segment: Segment) {
  if (segment.tag === 'N1') {
    const code = element(segment, 1) ?? 'N1';
    parties.set(code, {
      name: element(segment, 2),
      idQualifier: element(segment, 3),
      id: element(segment, 4),
    });
    return code;
  }
  const party = current === undefined ? undefined : parties.get(current);
  if (!party) return current;
  if (segment.tag === 'N3') {
    const lines = [element(segment, 1), element(segment, 2)].filter((l) => l !== undefined);
    party.address = [party.address, ...lines].filter((l) => l !== undefined).join(', ');
  } else if (segment.tag === 'N4') {
    party.city = element(segment, 1);
    party.state = element(segment, 2);
    party.postalCode = element(segment, 3);
    party.country = element(segment, 4);
  }
  return current;
}

export function partiesObject(parties: Map<string, Party>): RecordObject {
  return Object.fromEntries([...parties].map(([code, party]) => [code, compact({ ...party })]));
}
