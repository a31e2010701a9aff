import { describe, expect, it } from 'vitest';
import {
  countryCodes,
  currencyCodes,
  hasAtMostDecimals,
  identifierProblem,
  isPlausibleDay,
  isPlausibleInstant,
} from './index.js';

describe('plausible instants', () => {
  it('keeps 1900-01-01T00:00:00Z up to (not including) 2200-01-01T00:00:00Z, epoch included', () => {
    expect(isPlausibleInstant(Date.parse('1900-01-01T00:00:00Z'))).toBe(true);
    expect(isPlausibleInstant(Date.parse('1899-12-31T23:59:59.999Z'))).toBe(false);
    expect(isPlausibleInstant(0)).toBe(true);
    expect(isPlausibleInstant(Date.parse('2199-12-31T23:59:59.999Z'))).toBe(true);
    expect(isPlausibleInstant(Date.parse('2200-01-01T00:00:00Z'))).toBe(false);
    expect(isPlausibleInstant(Date.parse('0000-01-01T00:00:00Z'))).toBe(false);
    expect(isPlausibleInstant(Date.parse('2999-01-01T00:00:00Z'))).toBe(false);
    expect(isPlausibleInstant(Number.NaN)).toBe(false);
  });
  it('keeps the same window for calendar days', () => {
    expect(isPlausibleDay('1900-01-01')).toBe(true);
    expect(isPlausibleDay('2199-12-31')).toBe(true);
    expect(isPlausibleDay('1899-12-31')).toBe(false);
    expect(isPlausibleDay('2200-01-01')).toBe(false);
    expect(isPlausibleDay('0999-01-01')).toBe(false);
  });
});

describe('identifiers', () => {
  it('refuses control characters, noncharacters and values that look empty', () => {
    expect(identifierProblem('SO-10045-1')).toBeNull();
    expect(identifierProblem('Lieferung Nr. 7 — Köln')).toBeNull();
    expect(identifierProblem('A\u0007B')).toMatch(/control/);
    expect(identifierProblem('A\u0085B')).toMatch(/control/);
    expect(identifierProblem('A\uFFFF')).toMatch(/noncharacter/);
    expect(identifierProblem('A\uFDD0')).toMatch(/noncharacter/);
    expect(identifierProblem('A\u{10FFFF}')).toMatch(/noncharacter/);
    expect(identifierProblem('\u200B')).toMatch(/visible/);
    expect(identifierProblem('\u200B\u2060\uFEFF ')).toMatch(/visible/);
    expect(identifierProblem(' A')).toMatch(/spaces/);
    // A zero-width joiner inside a visible value is text (emoji sequences, Indic scripts).
    expect(identifierProblem('A\u200DB')).toBeNull();
  });
});

describe('decimals', () => {
  it('compares through the decimal form, so binary fractions pass', () => {
    expect(hasAtMostDecimals(12.35, 2)).toBe(true);
    expect(hasAtMostDecimals(0.3, 1)).toBe(true);
    expect(hasAtMostDecimals(1.005, 3)).toBe(true);
    expect(hasAtMostDecimals(999_999_999_999.99, 2)).toBe(true);
    expect(hasAtMostDecimals(12, 0)).toBe(true);
    expect(hasAtMostDecimals(12.345, 2)).toBe(false);
    expect(hasAtMostDecimals(0.1 + 0.2, 2)).toBe(false);
    expect(hasAtMostDecimals(12.0001, 3)).toBe(false);
    expect(hasAtMostDecimals(Number.POSITIVE_INFINITY, 2)).toBe(false);
  });
});

describe('ISO codes', () => {
  it('knows the assigned codes and nothing else', () => {
    expect(countryCodes.size).toBe(249);
    for (const c of ['US', 'DE', 'CN', 'BR', 'SS', 'GB']) expect(countryCodes.has(c)).toBe(true);
    for (const c of ['ZZ', 'EU', 'UK', 'XK', 'QQ', 'us']) expect(countryCodes.has(c)).toBe(false);
    for (const c of ['USD', 'EUR', 'JPY', 'CHF', 'XCG']) expect(currencyCodes.has(c)).toBe(true);
    for (const c of ['QQQ', 'XXX', 'XTS', 'HRK', 'usd']) expect(currencyCodes.has(c)).toBe(false);
  });
});
