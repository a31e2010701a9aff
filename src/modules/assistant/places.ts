/**
 * Names of places people write where the data holds codes: countries (from the runtime's own
 * ICU data, plus the short forms people type) and the states and provinces of the United States
 * and Canada, whose two-letter codes are what shipment data usually holds.
 */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

const countryExtras: Readonly<Record<string, readonly string[]>> = {
  US: ['usa', 'the us', 'the usa', 'united states of america', 'america', 'u s', 'u s a', 'the states'],
  GB: ['uk', 'the uk', 'britain', 'great britain', 'england', 'united kingdom'],
  NL: ['holland', 'the netherlands'],
  AE: ['uae', 'emirates'],
  KR: ['korea', 'south korea'],
  CZ: ['czech republic', 'czechia'],
  DE: ['deutschland'],
  CN: ['prc', 'mainland china'],
  TR: ['turkey', 'turkiye'],
  CD: ['democratic republic of the congo', 'dr congo', 'drc', 'congo drc', 'congo kinshasa', 'congo'],
  CG: ['republic of the congo', 'congo brazzaville', 'congo'],
  CI: ['ivory coast', "cote d'ivoire"],
  VN: ['viet nam'],
  SZ: ['swaziland'],
  MM: ['burma'],
  LA: ['laos', 'lao pdr'],
  RU: ['russia'],
  IR: ['iran'],
  SY: ['syria'],
  BO: ['bolivia'],
  VE: ['venezuela'],
  MK: ['macedonia'],
  MD: ['moldova'],
  TZ: ['tanzania'],
  KP: ['north korea'],
  TW: ['taiwan'],
  HK: ['hong kong'],
  PS: ['palestine'],
  CV: ['cape verde'],
  TL: ['east timor'],
};

/** A country's English name and the other ways people write it. */
export function countryNames(code: string): string[] {
  let name: string | undefined;
  try {
    name = regionNames.of(code.toUpperCase());
  } catch {
    name = undefined;
  }
  const names = name && name !== code ? [name] : [];
  return [...names, ...(countryExtras[code.toUpperCase()] ?? [])];
}

const subdivisions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    AL: 'Alabama',
    AK: 'Alaska',
    AZ: 'Arizona',
    AR: 'Arkansas',
    CA: 'California',
    CO: 'Colorado',
    CT: 'Connecticut',
    DE: 'Delaware',
    FL: 'Florida',
    GA: 'Georgia',
    HI: 'Hawaii',
    ID: 'Idaho',
    IL: 'Illinois',
    IN: 'Indiana',
    IA: 'Iowa',
    KS: 'Kansas',
    KY: 'Kentucky',
    LA: 'Louisiana',
    ME: 'Maine',
    MD: 'Maryland',
    MA: 'Massachusetts',
    MI: 'Michigan',
    MN: 'Minnesota',
    MS: 'Mississippi',
    MO: 'Missouri',
    MT: 'Montana',
    NE: 'Nebraska',
    NV: 'Nevada',
    NH: 'New Hampshire',
    NJ: 'New Jersey',
    NM: 'New Mexico',
    NY: 'New York',
    NC: 'North Carolina',
    ND: 'North Dakota',
    OH: 'Ohio',
    OK: 'Oklahoma',
    OR: 'Oregon',
    PA: 'Pennsylvania',
    RI: 'Rhode Island',
    SC: 'South Carolina',
    SD: 'South Dakota',
    TN: 'Tennessee',
    TX: 'Texas',
    UT: 'Utah',
    VT: 'Vermont',
    VA: 'Virginia',
    WA: 'Washington',
    WV: 'West Virginia',
    WI: 'Wisconsin',
    WY: 'Wyoming',
    DC: 'District of Columbia',
  },
  CA: {
    AB: 'Alberta',
    BC: 'British Columbia',
    MB: 'Manitoba',
    NB: 'New Brunswick',
    NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia',
    NT: 'Northwest Territories',
    NU: 'Nunavut',
    ON: 'Ontario',
    PE: 'Prince Edward Island',
    QC: 'Quebec',
    SK: 'Saskatchewan',
    YT: 'Yukon',
  },
};

/** The name of a state or province whose data holds its code ("TX" in the US → "Texas"). */
export function regionName(region: string, country: string | null): string | undefined {
  return country ? subdivisions[country.toUpperCase()]?.[region.toUpperCase()] : undefined;
}
