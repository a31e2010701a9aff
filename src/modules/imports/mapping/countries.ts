import { countryAliases, countryTable } from './country-table.js';
import { currencyTable } from './currency-table.js';

/**
 * Countries and currencies as files name them. Names are compared without accents, case,
 * punctuation or a leading "the"; "Korea, Republic of" is also read as "Republic of Korea".
 * Two- and three-letter texts are read as ISO codes first (case ignored).
 */

/** Lower case, no accents, punctuation as spaces, `&` as `and`. */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/^st /, 'saint ');
}

function build(): { codes: Map<string, string>; names: Map<string, string> } {
  const codes = new Map<string, string>();
  const names = new Map<string, string>();
  const addName = (name: string, alpha2: string) => {
    names.set(normalise(name), alpha2);
    // "Korea, Republic of" → "Republic of Korea"; "Netherlands, Kingdom of the" → "Kingdom of the Netherlands".
    const comma = name.indexOf(', ');
    if (comma > 0) {
      names.set(normalise(`${name.slice(comma + 2)} ${name.slice(0, comma)}`), alpha2);
      names.set(normalise(name.slice(0, comma)), names.get(normalise(name.slice(0, comma))) ?? alpha2);
    }
  };
  for (const line of countryTable.split('\n')) {
    const alpha2 = line.slice(0, 2);
    codes.set(alpha2, alpha2);
    codes.set(line.slice(3, 6), alpha2);
    addName(line.slice(7), alpha2);
  }
  // Aliases win over the short names' prefixes ("Korea" alone is South Korea, "Congo" the Republic).
  for (const [alpha2, aliases] of Object.entries(countryAliases))
    for (const a of aliases) names.set(normalise(a), alpha2);
  names.set('congo', 'CG');
  return { codes, names };
}

const countries = build();

const countryMemo = new Map<string, string | null>();

/** ISO 3166-1 alpha-2 of a code (alpha-2 or alpha-3) or English name, or null. */
export function countryCodeOf(text: string): string | null {
  const hit = countryMemo.get(text);
  if (hit !== undefined) return hit;
  const code = lookupCountry(text);
  if (countryMemo.size >= 4096) countryMemo.clear();
  countryMemo.set(text, code);
  return code;
}

function lookupCountry(text: string): string | null {
  const t = text.trim();
  if (t.length === 2 || t.length === 3) {
    const code = countries.codes.get(t.toUpperCase());
    if (code) return code;
  }
  return countries.names.get(normalise(t)) ?? null;
}

const currencyCodes = new Set(currencyTable.split(/\s+/));

/**
 * Currency symbols and names → ISO 4217. A bare `$` is ambiguous (USD, CAD, AUD, MXN, …) and a
 * bare `¥` too (JPY or CNY), so they are unreadable; `US$`, `C$`, `JP¥`, `CN¥` are not.
 */
const currencyNames: Readonly<Record<string, string>> = {
  '€': 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  '£': 'GBP',
  'pound sterling': 'GBP',
  sterling: 'GBP',
  'british pound': 'GBP',
  us$: 'USD',
  'u s$': 'USD',
  'us dollar': 'USD',
  'us dollars': 'USD',
  'u s dollar': 'USD',
  c$: 'CAD',
  ca$: 'CAD',
  can$: 'CAD',
  'canadian dollar': 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  'australian dollar': 'AUD',
  nz$: 'NZD',
  'new zealand dollar': 'NZD',
  hk$: 'HKD',
  'hong kong dollar': 'HKD',
  s$: 'SGD',
  'singapore dollar': 'SGD',
  mx$: 'MXN',
  'mexican peso': 'MXN',
  r$: 'BRL',
  real: 'BRL',
  'brazilian real': 'BRL',
  'jp¥': 'JPY',
  円: 'JPY',
  yen: 'JPY',
  'japanese yen': 'JPY',
  'cn¥': 'CNY',
  元: 'CNY',
  rmb: 'CNY',
  yuan: 'CNY',
  renminbi: 'CNY',
  '₹': 'INR',
  'indian rupee': 'INR',
  '₩': 'KRW',
  won: 'KRW',
  '₽': 'RUB',
  ruble: 'RUB',
  rouble: 'RUB',
  '₺': 'TRY',
  'turkish lira': 'TRY',
  '₴': 'UAH',
  '₪': 'ILS',
  shekel: 'ILS',
  '₫': 'VND',
  dong: 'VND',
  '฿': 'THB',
  baht: 'THB',
  '₱': 'PHP',
  '₦': 'NGN',
  naira: 'NGN',
  'swiss franc': 'CHF',
  fr: 'CHF',
  zloty: 'PLN',
  zł: 'PLN',
  rand: 'ZAR',
  'south african rand': 'ZAR',
  'kenyan shilling': 'KES',
  'ugandan shilling': 'UGX',
  'tanzanian shilling': 'TZS',
  cedi: 'GHS',
  'cfa franc': 'XOF',
};

/** ISO 4217 code of a code, symbol or English name, or null (also for ambiguous `$` and `¥`). */
export function currencyCodeOf(text: string): string | null {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (upper.length === 3 && currencyCodes.has(upper)) return upper;
  const lower = t.toLowerCase().replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
  return currencyNames[lower] ?? currencyNames[lower.replace(/ /g, '')] ?? null;
}
