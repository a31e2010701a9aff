import { describe, expect, it } from 'vitest';
import { convertUnit, unitKind } from './units.js';

describe('convertUnit', () => {
  it('uses the exact international factors', () => {
    expect(convertUnit(1, 'lb', 'kg')).toBe(0.45359237);
    expect(convertUnit(16, 'oz', 'lb')).toBeCloseTo(1, 12);
    expect(convertUnit(1, 'short_ton', 'kg')).toBeCloseTo(907.18474, 9);
    expect(convertUnit(2000, 'lb', 'short_ton')).toBeCloseTo(1, 12);
    expect(convertUnit(1, 't', 'kg')).toBe(1000);
    expect(convertUnit(1500, 'g', 'kg')).toBe(1.5);
    expect(convertUnit(1, 'ft3', 'm3')).toBe(0.028316846592);
    expect(convertUnit(1728, 'in3', 'ft3')).toBeCloseTo(1, 12);
    expect(convertUnit(1, 'gal', 'l')).toBeCloseTo(3.785411784, 12);
    expect(convertUnit(1000, 'l', 'm3')).toBe(1);
    expect(convertUnit(1e6, 'cm3', 'm3')).toBeCloseTo(1, 12);
    expect(convertUnit(1, 'mi', 'km')).toBeCloseTo(1.609344, 12);
    expect(convertUnit(10, 'kg', 'lb')).toBeCloseTo(22.0462262185, 9);
    expect(convertUnit(7, 'kg', 'kg')).toBe(7);
  });

  it('refuses to convert between kinds', () => {
    expect(() => convertUnit(1, 'kg', 'm3')).toThrow(/cannot convert kg \(mass\) to m3 \(volume\)/);
    expect(unitKind('gal')).toBe('volume');
  });
});
