import { describe, expect, it } from 'vitest';
import { parseNumber } from './numbers.js';

describe('parseNumber', () => {
  it('reads a locale given by the mapping', () => {
    expect(parseNumber('1.234,5', { decimal: ',' })).toBe(1234.5);
    expect(parseNumber('1.234.567,25', { decimal: ',', thousands: '.' })).toBe(1234567.25);
    expect(parseNumber('1,234.5', { decimal: '.' })).toBe(1234.5);
    expect(parseNumber('12 345,6', { decimal: ',', thousands: ' ' })).toBe(12345.6);
    expect(parseNumber("1'234.50", { thousands: "'" })).toBe(1234.5);
    expect(parseNumber('12,5', { decimal: ',' })).toBe(12.5);
    expect(parseNumber('1,234', { decimal: ',' })).toBe(1.234);
    expect(parseNumber('1,234', { decimal: '.', thousands: '' })).toBeNull();
    expect(parseNumber('1.234,5', { decimal: '.' })).toBeNull();
  });

  it('infers the separators when the mapping gives none', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234')).toBe(1234);
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber('1.234.567')).toBe(1234567);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('0,123')).toBe(0.123);
    expect(parseNumber('1.234')).toBe(1.234);
    expect(parseNumber('12 345')).toBe(12345);
    expect(parseNumber('12\u00a0345,5')).toBe(12345.5);
    expect(parseNumber('12,34,567')).toBe(1234567);
    expect(parseNumber('.5')).toBe(0.5);
  });

  it('reads signs, accounting parentheses, currency symbols, percent and exponents', () => {
    expect(parseNumber('-12.5')).toBe(-12.5);
    expect(parseNumber('+12.5')).toBe(12.5);
    expect(parseNumber('(12.5)')).toBe(-12.5);
    expect(parseNumber('12.5-')).toBe(-12.5);
    expect(parseNumber('$1,234.50')).toBe(1234.5);
    expect(parseNumber('-$5')).toBe(-5);
    expect(parseNumber('1.234,50 €', { decimal: ',' })).toBe(1234.5);
    expect(parseNumber('12.5%')).toBe(12.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1.5E-3')).toBe(0.0015);
    expect(parseNumber(' 42 ')).toBe(42);
  });

  it('refuses texts that are not wholly a number', () => {
    for (const text of [
      '',
      'abc',
      '12 kg',
      'USD 12',
      'Weight Captured Separately',
      'See ASN-93 (ID#:1281)',
      '1,23,4',
      '12,3456,789',
      '1,234.5.6',
      '--5',
      '(-5)',
      '1,000e3',
      '.',
      '1 2',
      'Infinity',
      'NaN',
      '0x10',
    ]) {
      expect(parseNumber(text), text).toBeNull();
    }
  });
});
