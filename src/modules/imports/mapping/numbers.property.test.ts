import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NumberLocale, parseNumber } from './numbers.js';

// Locales and the separators their formatted numbers use (Intl writes them; we read them back).
const locales: [string, NumberLocale][] = [
  ['en-US', { decimal: '.', thousands: ',' }],
  ['de-DE', { decimal: ',', thousands: '.' }],
  ['fr-FR', { decimal: ',', thousands: ' ' }],
  ['de-CH', { decimal: '.', thousands: "'" }],
  ['en-IN', { decimal: '.', thousands: ',' }],
];

describe('parseNumber (property)', () => {
  it('reads back what Intl.NumberFormat writes, in each locale, with and without the locale given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...locales),
        (units, places, [tag, locale]) => {
          const value = units / 10 ** places;
          const text = new Intl.NumberFormat(tag, {
            minimumFractionDigits: places,
            maximumFractionDigits: places,
          }).format(value);
          expect(parseNumber(text.replace('\u2212', '-'), locale), `${tag} ${text}`).toBe(value);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
