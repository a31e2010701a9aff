import { describe, expect, it } from 'vitest';
import { countryCodeOf, currencyCodeOf } from './countries.js';
import { countryTable } from './country-table.js';

describe('countryCodeOf', () => {
  it('holds every ISO 3166-1 code once, each read back by alpha-2, alpha-3 and name', () => {
    const lines = countryTable.split('\n');
    expect(lines).toHaveLength(249);
    expect(new Set(lines.map((l) => l.slice(0, 2))).size).toBe(249);
    for (const line of lines) {
      const alpha2 = line.slice(0, 2);
      expect(countryCodeOf(alpha2), line).toBe(alpha2);
      expect(countryCodeOf(line.slice(3, 6)), line).toBe(alpha2);
      expect(countryCodeOf(line.slice(7)), line).toBe(alpha2);
    }
  });

  it('reads the names files use, ignoring accents, case and punctuation', () => {
    const cases: [string, string][] = [
      ['United States', 'US'],
      ['USA', 'US'],
      ['U.S.', 'US'],
      ['united states of america', 'US'],
      ['Viet Nam', 'VN'],
      ['Vietnam', 'VN'],
      ["Côte d'Ivoire", 'CI'],
      ["Cote d'Ivoire", 'CI'],
      ['Ivory Coast', 'CI'],
      ['South Korea', 'KR'],
      ['Korea, Republic of', 'KR'],
      ['Republic of Korea', 'KR'],
      ['UK', 'GB'],
      ['Great Britain', 'GB'],
      ['Russia', 'RU'],
      ['Czechia', 'CZ'],
      ['Czech Republic', 'CZ'],
      ['Türkiye', 'TR'],
      ['Turkey', 'TR'],
      ['nga', 'NG'],
      ['  Nigeria ', 'NG'],
      ['Congo, DRC', 'CD'],
      ['Congo', 'CG'],
      ['St. Lucia', 'LC'],
      ['Saint Barthelemy', 'BL'],
      ['The Netherlands', 'NL'],
      ['Bosnia & Herzegovina', 'BA'],
      ['Tanzania', 'TZ'],
    ];
    for (const [text, code] of cases) expect(countryCodeOf(text), text).toBe(code);
  });

  it('answers null for what is not a country', () => {
    for (const text of ['', 'XX', 'Atlantis', 'EU', 'N/A', 'ABCD'])
      expect(countryCodeOf(text), text).toBeNull();
  });
});

describe('currencyCodeOf', () => {
  it('reads ISO 4217 codes, unambiguous symbols and names', () => {
    expect(currencyCodeOf('usd')).toBe('USD');
    expect(currencyCodeOf(' EUR ')).toBe('EUR');
    expect(currencyCodeOf('€')).toBe('EUR');
    expect(currencyCodeOf('Euro')).toBe('EUR');
    expect(currencyCodeOf('£')).toBe('GBP');
    expect(currencyCodeOf('US$')).toBe('USD');
    expect(currencyCodeOf('C$')).toBe('CAD');
    expect(currencyCodeOf('JP¥')).toBe('JPY');
    expect(currencyCodeOf('RMB')).toBe('CNY');
    expect(currencyCodeOf('Swiss Franc')).toBe('CHF');
  });

  it('refuses ambiguous symbols and unknown codes', () => {
    expect(currencyCodeOf('$')).toBeNull();
    expect(currencyCodeOf('¥')).toBeNull();
    expect(currencyCodeOf('dollar')).toBeNull();
    expect(currencyCodeOf('XYZ')).toBeNull();
    expect(currencyCodeOf('')).toBeNull();
  });
});
