import type { Unit } from './schema.js';

/** Units of the mapping's `unit` transform, by kind, with exact factors to the kind's base unit. */

export type UnitKind = 'mass' | 'volume' | 'length';

const LB = 0.45359237;
const FT3 = 0.028316846592;

const table: Readonly<Record<Unit, { readonly kind: UnitKind; readonly factor: number }>> = {
  kg: { kind: 'mass', factor: 1 },
  g: { kind: 'mass', factor: 0.001 },
  lb: { kind: 'mass', factor: LB },
  oz: { kind: 'mass', factor: LB / 16 },
  t: { kind: 'mass', factor: 1000 },
  short_ton: { kind: 'mass', factor: 907.18474 },
  m3: { kind: 'volume', factor: 1 },
  l: { kind: 'volume', factor: 0.001 },
  cm3: { kind: 'volume', factor: 0.000001 },
  ft3: { kind: 'volume', factor: FT3 },
  in3: { kind: 'volume', factor: FT3 / 1728 },
  gal: { kind: 'volume', factor: 0.003785411784 },
  km: { kind: 'length', factor: 1000 },
  m: { kind: 'length', factor: 1 },
  mi: { kind: 'length', factor: 1609.344 },
};

/** What a unit measures. */
export function unitKind(unit: Unit): UnitKind {
  return table[unit].kind;
}

/** A converter between two units of one kind; throws when the kinds differ (a mapping error). */
export function unitConverter(from: Unit, to: Unit): (value: number) => number {
  const a = table[from];
  const b = table[to];
  if (a.kind !== b.kind) throw new Error(`cannot convert ${from} (${a.kind}) to ${to} (${b.kind})`);
  if (from === to) return (value) => value;
  // Multiply then divide (not by a precomputed ratio) so 1 lb is exactly 0.45359237 kg.
  if (b.factor === 1) return (value) => value * a.factor;
  if (a.factor === 1) return (value) => value / b.factor;
  return (value) => (value * a.factor) / b.factor;
}

/** Converts a number between units of one kind; throws across kinds. */
export function convertUnit(value: number, from: Unit, to: Unit): number {
  return unitConverter(from, to)(value);
}
