import type { FacilityKind, ShipmentMode } from '../../src/db/types.js';

/**
 * The vocabulary of the evaluation's second organization: a Nordic and Central-European food
 * distributor with none of the demo company's names. Every carrier, city, party and product
 * here is its own, so an engine that only knows the demo's words fails on it. Two names are
 * ambiguous on purpose: the city Baden (in Switzerland and in Austria) and Smørbukk AS (a
 * customer in Oslo and a supplier in Lillehammer).
 */

export interface Place {
  readonly name: string;
  readonly region: string;
  readonly country: string;
  readonly zone: string;
  readonly lat: number;
  readonly lng: number;
}

const place = (
  name: string,
  region: string,
  country: string,
  zone: string,
  lat: number,
  lng: number,
): Place => ({ name, region, country, zone, lat, lng });

const NO = 'Europe/Oslo';
const SE = 'Europe/Stockholm';
const DK = 'Europe/Copenhagen';
const PL = 'Europe/Warsaw';
const CH = 'Europe/Zurich';
const AT = 'Europe/Vienna';

export const places = {
  oslo: place('Oslo', 'Østlandet', 'NO', NO, 59.9139, 10.7522),
  bergen: place('Bergen', 'Vestlandet', 'NO', NO, 60.3913, 5.3221),
  trondheim: place('Trondheim', 'Trøndelag', 'NO', NO, 63.4305, 10.3951),
  stavanger: place('Stavanger', 'Vestlandet', 'NO', NO, 58.97, 5.7331),
  tromso: place('Tromsø', 'Nord-Norge', 'NO', NO, 69.6492, 18.9553),
  svolvaer: place('Svolvær', 'Nord-Norge', 'NO', NO, 68.2342, 14.5683),
  lillehammer: place('Lillehammer', 'Østlandet', 'NO', NO, 61.1153, 10.4662),
  goteborg: place('Göteborg', 'Västra Götaland', 'SE', SE, 57.7089, 11.9746),
  malmo: place('Malmö', 'Skåne', 'SE', SE, 55.605, 13.0038),
  umea: place('Umeå', 'Västerbotten', 'SE', SE, 63.8258, 20.263),
  kristianstad: place('Kristianstad', 'Skåne', 'SE', SE, 56.0294, 14.1567),
  aarhus: place('Århus', 'Midtjylland', 'DK', DK, 56.1629, 10.2039),
  aalborg: place('Aalborg', 'Nordjylland', 'DK', DK, 57.0488, 9.9217),
  odense: place('Odense', 'Syddanmark', 'DK', DK, 55.4038, 10.4024),
  horsens: place('Horsens', 'Midtjylland', 'DK', DK, 55.8607, 9.8503),
  gdansk: place('Gdańsk', 'Pomorskie', 'PL', PL, 54.352, 18.6466),
  krakow: place('Kraków', 'Małopolskie', 'PL', PL, 50.0647, 19.945),
  poznan: place('Poznań', 'Wielkopolskie', 'PL', PL, 52.4064, 16.9252),
  lodz: place('Łódź', 'Łódzkie', 'PL', PL, 51.7592, 19.456),
  olsztyn: place('Olsztyn', 'Warmińsko-Mazurskie', 'PL', PL, 53.7784, 20.4801),
  nowyTarg: place('Nowy Targ', 'Małopolskie', 'PL', PL, 49.4775, 20.0327),
  zurich: place('Zürich', 'Kanton Zürich', 'CH', CH, 47.3769, 8.5417),
  basel: place('Basel', 'Basel-Stadt', 'CH', CH, 47.5596, 7.5886),
  badenCh: place('Baden', 'Aargau', 'CH', CH, 47.4733, 8.3059),
  langnau: place('Langnau im Emmental', 'Bern', 'CH', CH, 46.9394, 7.7874),
  linz: place('Linz', 'Oberösterreich', 'AT', AT, 48.3069, 14.2858),
  innsbruck: place('Innsbruck', 'Tirol', 'AT', AT, 47.2692, 11.4041),
  badenAt: place('Baden', 'Niederösterreich', 'AT', AT, 48.0069, 16.2308),
  krems: place('Krems an der Donau', 'Niederösterreich', 'AT', AT, 48.4106, 15.6142),
  graz: place('Graz', 'Steiermark', 'AT', AT, 47.0707, 15.4395),
  tampere: place('Tampere', 'Pirkanmaa', 'FI', 'Europe/Helsinki', 61.4978, 23.761),
} as const;

export interface CarrierSpec {
  readonly key: string;
  readonly name: string;
  readonly scac: string;
  /** The currency it invoices in. */
  readonly currency: string;
  /** Share of its deliveries on time in an ordinary month. */
  readonly onTime: number;
  /** Price level against the market (1 = average). */
  readonly price: number;
}

export const carrierSpecs = [
  { key: 'fjordfrakt', name: 'Fjordfrakt', scac: 'FJFR', currency: 'NOK', onTime: 0.91, price: 1.05 },
  { key: 'nordpil', name: 'Nordpil Pakke', scac: 'NPPK', currency: 'NOK', onTime: 0.95, price: 1.1 },
  { key: 'oresund', name: 'Øresund Express', scac: 'OREX', currency: 'SEK', onTime: 0.89, price: 0.95 },
  { key: 'baltic', name: 'Baltic Reefer Lines', scac: 'BRLN', currency: 'EUR', onTime: 0.74, price: 0.9 },
  { key: 'vistula', name: 'VistulaCargo', scac: 'VSTC', currency: 'PLN', onTime: 0.86, price: 0.8 },
  { key: 'tatra', name: 'Tatra Rail Freight', scac: 'TTRF', currency: 'EUR', onTime: 0.68, price: 0.85 },
  { key: 'alpentrans', name: 'Alpentrans Logistik', scac: 'ALPT', currency: 'CHF', onTime: 0.96, price: 1.2 },
  { key: 'donau', name: 'Donau Spedition', scac: 'DNSP', currency: 'EUR', onTime: 0.87, price: 1 },
  { key: 'aurora', name: 'Aurora Air Cargo', scac: 'AURA', currency: 'EUR', onTime: 0.92, price: 1 },
  { key: 'jutlandia', name: 'Jutlandia Transport', scac: 'JUTL', currency: 'EUR', onTime: 0.9, price: 0.95 },
] as const satisfies readonly CarrierSpec[];
export type CarrierKey = (typeof carrierSpecs)[number]['key'];

export interface FacilitySpec {
  readonly code: string;
  readonly name: string;
  readonly kind: FacilityKind;
  readonly place: Place;
}

export const facilitySpecs = [
  { code: 'OSL-DC', name: 'Oslo Sentrallager', kind: 'dc', place: places.oslo },
  { code: 'BGO-WH', name: 'Bergen Kjølelager', kind: 'warehouse', place: places.bergen },
  { code: 'GOT-DC', name: 'Göteborg Distributionscenter', kind: 'dc', place: places.goteborg },
  { code: 'AAR-XD', name: 'Århus Cross-Dock', kind: 'cross_dock', place: places.aarhus },
  { code: 'GDN-DC', name: 'Gdańsk Port Hub', kind: 'dc', place: places.gdansk },
  { code: 'KRK-WH', name: 'Kraków Magazyn Chłodniczy', kind: 'warehouse', place: places.krakow },
  { code: 'ZRH-DC', name: 'Zürich Frischezentrum', kind: 'dc', place: places.zurich },
  { code: 'LNZ-WH', name: 'Linz Kühllager', kind: 'warehouse', place: places.linz },
] as const satisfies readonly FacilitySpec[];
export type FacilityCode = (typeof facilitySpecs)[number]['code'];

export interface CustomerSpec {
  readonly code: string;
  readonly name: string;
  readonly place: Place;
  /** The facility its orders ship from. */
  readonly shipsFrom: FacilityCode;
  /** Relative order frequency. */
  readonly activity: number;
  /** Units per order line, on average. */
  readonly units: number;
}

export const customerSpecs: readonly CustomerSpec[] = [
  {
    code: 'K-NO-101',
    name: 'Fjellmat Dagligvare',
    place: places.trondheim,
    shipsFrom: 'OSL-DC',
    activity: 1.4,
    units: 60,
  },
  {
    code: 'K-NO-102',
    name: 'Kystkjøkken AS',
    place: places.stavanger,
    shipsFrom: 'BGO-WH',
    activity: 1,
    units: 40,
  },
  {
    code: 'K-NO-103',
    name: 'Torghallen Vest',
    place: places.bergen,
    shipsFrom: 'BGO-WH',
    activity: 1.2,
    units: 30,
  },
  {
    code: 'K-NO-104',
    name: 'Polarbutikken',
    place: places.tromso,
    shipsFrom: 'OSL-DC',
    activity: 0.6,
    units: 25,
  },
  {
    code: 'K-NO-105',
    name: 'Smørbukk AS',
    place: places.oslo,
    shipsFrom: 'OSL-DC',
    activity: 0.8,
    units: 80,
  },
  {
    code: 'K-SE-201',
    name: 'Västkust Livs AB',
    place: places.malmo,
    shipsFrom: 'GOT-DC',
    activity: 1.3,
    units: 70,
  },
  {
    code: 'K-SE-202',
    name: 'Norrsken Handel',
    place: places.umea,
    shipsFrom: 'GOT-DC',
    activity: 0.7,
    units: 35,
  },
  {
    code: 'K-FI-301',
    name: 'Tampereen Tori Oy',
    place: places.tampere,
    shipsFrom: 'GOT-DC',
    activity: 0.5,
    units: 45,
  },
  {
    code: 'K-DK-401',
    name: 'Jyllands Købmand',
    place: places.aalborg,
    shipsFrom: 'AAR-XD',
    activity: 0.9,
    units: 50,
  },
  {
    code: 'K-DK-402',
    name: 'Fynsk Smørrebrød',
    place: places.odense,
    shipsFrom: 'AAR-XD',
    activity: 0.8,
    units: 20,
  },
  {
    code: 'K-PL-501',
    name: 'Sklep Bursztyn',
    place: places.poznan,
    shipsFrom: 'GDN-DC',
    activity: 1.1,
    units: 90,
  },
  {
    code: 'K-PL-502',
    name: 'Delikatesy Wawel',
    place: places.krakow,
    shipsFrom: 'KRK-WH',
    activity: 1,
    units: 55,
  },
  {
    code: 'K-PL-503',
    name: 'Łódzka Spiżarnia',
    place: places.lodz,
    shipsFrom: 'GDN-DC',
    activity: 0.9,
    units: 65,
  },
  {
    code: 'K-CH-601',
    name: 'Alpenkäse Markt',
    place: places.badenCh,
    shipsFrom: 'ZRH-DC',
    activity: 0.9,
    units: 30,
  },
  {
    code: 'K-CH-602',
    name: 'Basler Frischmarkt',
    place: places.basel,
    shipsFrom: 'ZRH-DC',
    activity: 1.1,
    units: 45,
  },
  {
    code: 'K-CH-603',
    name: 'Limmat Feinkost',
    place: places.zurich,
    shipsFrom: 'ZRH-DC',
    activity: 1.2,
    units: 25,
  },
  {
    code: 'K-AT-701',
    name: 'Kurpark Delikatessen',
    place: places.badenAt,
    shipsFrom: 'LNZ-WH',
    activity: 0.8,
    units: 30,
  },
  {
    code: 'K-AT-702',
    name: 'Innsbrucker Bauernladen',
    place: places.innsbruck,
    shipsFrom: 'LNZ-WH',
    activity: 0.9,
    units: 35,
  },
  {
    code: 'K-AT-703',
    name: 'Grazer Genussladen',
    place: places.graz,
    shipsFrom: 'LNZ-WH',
    activity: 0.7,
    units: 40,
  },
  {
    code: 'K-AT-704',
    name: 'Mühlviertler Markt',
    place: places.linz,
    shipsFrom: 'LNZ-WH',
    activity: 1,
    units: 50,
  },
];

export interface SupplierSpec {
  readonly code: string;
  readonly name: string;
  readonly place: Place;
  /** What it delivers (a product category: the shipments' commodity). */
  readonly category: string;
  /** Where it delivers, by which carrier and mode, and how often (relative). */
  readonly lanes: readonly {
    readonly to: FacilityCode;
    readonly carrier: CarrierKey;
    readonly mode: ShipmentMode;
    readonly weight: number;
  }[];
}

export const supplierSpecs: readonly SupplierSpec[] = [
  {
    code: 'L-101',
    name: 'Smørbukk AS',
    place: places.lillehammer,
    category: 'Dairy',
    lanes: [{ to: 'OSL-DC', carrier: 'fjordfrakt', mode: 'ftl', weight: 3 }],
  },
  {
    code: 'L-102',
    name: 'Lofoten Sjømat',
    place: places.svolvaer,
    category: 'Seafood',
    lanes: [
      { to: 'OSL-DC', carrier: 'fjordfrakt', mode: 'road', weight: 3 },
      { to: 'BGO-WH', carrier: 'fjordfrakt', mode: 'road', weight: 1.5 },
      { to: 'ZRH-DC', carrier: 'aurora', mode: 'air', weight: 1.5 },
      { to: 'LNZ-WH', carrier: 'aurora', mode: 'air', weight: 1 },
    ],
  },
  {
    code: 'L-201',
    name: 'Mazury Jagody',
    place: places.olsztyn,
    category: 'Fresh Produce',
    lanes: [{ to: 'GDN-DC', carrier: 'vistula', mode: 'ltl', weight: 2 }],
  },
  {
    code: 'L-202',
    name: 'Podhale Mleko',
    place: places.nowyTarg,
    category: 'Dairy',
    lanes: [{ to: 'KRK-WH', carrier: 'vistula', mode: 'ftl', weight: 2 }],
  },
  {
    code: 'L-301',
    name: 'Skåne Potatis AB',
    place: places.kristianstad,
    category: 'Fresh Produce',
    lanes: [{ to: 'GOT-DC', carrier: 'oresund', mode: 'ltl', weight: 2 }],
  },
  {
    code: 'L-401',
    name: 'Jutland Pork A/S',
    place: places.horsens,
    category: 'Meat & Charcuterie',
    lanes: [
      { to: 'AAR-XD', carrier: 'jutlandia', mode: 'road', weight: 2 },
      { to: 'GOT-DC', carrier: 'jutlandia', mode: 'ftl', weight: 1 },
    ],
  },
  {
    code: 'L-501',
    name: 'Emmentaler Käserei Langnau',
    place: places.langnau,
    category: 'Dairy',
    lanes: [{ to: 'ZRH-DC', carrier: 'alpentrans', mode: 'ltl', weight: 2 }],
  },
  {
    code: 'L-601',
    name: 'Wachauer Marillenhof',
    place: places.krems,
    category: 'Fresh Produce',
    lanes: [{ to: 'LNZ-WH', carrier: 'donau', mode: 'road', weight: 1.5 }],
  },
];

/** Stock moved between the organization's own sites: from, to, carrier, mode, how often. */
export const transferLanes: readonly {
  readonly from: FacilityCode;
  readonly to: FacilityCode;
  readonly carrier: CarrierKey;
  readonly mode: ShipmentMode;
  readonly weight: number;
}[] = [
  { from: 'GDN-DC', to: 'GOT-DC', carrier: 'baltic', mode: 'ocean', weight: 2 },
  { from: 'GDN-DC', to: 'OSL-DC', carrier: 'baltic', mode: 'ocean', weight: 1.5 },
  { from: 'GDN-DC', to: 'AAR-XD', carrier: 'baltic', mode: 'ocean', weight: 1 },
  { from: 'GDN-DC', to: 'LNZ-WH', carrier: 'tatra', mode: 'rail', weight: 1.2 },
  { from: 'KRK-WH', to: 'ZRH-DC', carrier: 'tatra', mode: 'rail', weight: 1 },
  { from: 'KRK-WH', to: 'GDN-DC', carrier: 'vistula', mode: 'ftl', weight: 0.8 },
  { from: 'OSL-DC', to: 'BGO-WH', carrier: 'fjordfrakt', mode: 'ftl', weight: 1.2 },
  { from: 'GOT-DC', to: 'AAR-XD', carrier: 'jutlandia', mode: 'ftl', weight: 1 },
  { from: 'ZRH-DC', to: 'LNZ-WH', carrier: 'alpentrans', mode: 'ftl', weight: 1 },
];

export interface ProductSpec {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly kg: number;
  /** Cost of one unit, EUR. */
  readonly cost: number;
  /** Relative demand. */
  readonly popularity: number;
}

const product = (
  sku: string,
  name: string,
  category: string,
  kg: number,
  cost: number,
  popularity: number,
): ProductSpec => ({ sku, name, category, kg, cost, popularity });

export const productSpecs: readonly ProductSpec[] = [
  product('NF-DAI-101', 'Brunost Gudbrandsdal 500 g', 'Dairy', 0.5, 5.8, 3),
  product('NF-DAI-102', 'Jarlsberg 1 kg', 'Dairy', 1, 11.5, 4),
  product('NF-DAI-103', 'Skyr Naturell 1 kg', 'Dairy', 1, 3.2, 5),
  product('NF-DAI-104', 'Emmentaler AOP 250 g', 'Dairy', 0.25, 4.1, 2.5),
  product('NF-DAI-105', 'Oscypek Smoked Cheese 400 g', 'Dairy', 0.4, 4.6, 1),
  product('NF-SEA-201', 'Gravlaks 200 g', 'Seafood', 0.2, 6.9, 3),
  product('NF-SEA-202', 'Skrei Cod Loins 1 kg', 'Seafood', 1, 16.5, 2),
  product('NF-SEA-203', 'Pickled Herring 500 g', 'Seafood', 0.5, 3.9, 2.5),
  product('NF-SEA-204', 'Smoked Mackerel 300 g', 'Seafood', 0.3, 4.2, 1.5),
  product('NF-BAK-301', 'Knäckebröd Rye 250 g', 'Bakery', 0.25, 1.6, 4),
  product('NF-BAK-302', 'Kanelbullar 6-pack', 'Bakery', 0.45, 3.4, 3),
  product('NF-BAK-303', 'Lefse 10-pack', 'Bakery', 0.6, 4.4, 1),
  product('NF-BAK-304', 'Rugbrød 1 kg', 'Bakery', 1, 2.7, 2),
  product('NF-FRP-401', 'Wild Blueberries 500 g', 'Fresh Produce', 0.5, 4.9, 2.5),
  product('NF-FRP-402', 'Wachau Apricots 1 kg', 'Fresh Produce', 1, 6.2, 1.2),
  product('NF-FRP-403', 'Potatoes 5 kg', 'Fresh Produce', 5, 4.5, 3),
  product('NF-FRP-404', 'Lingonberries 1 kg', 'Fresh Produce', 1, 7.8, 1),
  product('NF-FRZ-501', 'Pierogi Ruskie 1 kg', 'Frozen', 1, 3.6, 3),
  product('NF-FRZ-502', 'Fish Cakes 800 g', 'Frozen', 0.8, 5.1, 2),
  product('NF-FRZ-503', 'Meatballs 1 kg', 'Frozen', 1, 6.4, 3.5),
  product('NF-FRZ-504', 'Frozen Cloudberries 500 g', 'Frozen', 0.5, 9.9, 0.6),
  product('NF-BEV-601', 'Mineral Water 1.5 L', 'Beverages', 1.6, 0.6, 5),
  product('NF-BEV-602', 'Apple Cider 0.5 L', 'Beverages', 0.55, 1.9, 2.5),
  product('NF-BEV-603', 'Birch Sap 1 L', 'Beverages', 1.05, 3.8, 0.8),
  product('NF-BEV-604', 'Lingonberry Juice 1 L', 'Beverages', 1.05, 2.6, 1.5),
  product('NF-MEA-701', 'Fenalår Cured Lamb 1 kg', 'Meat & Charcuterie', 1, 24, 0.7),
  product('NF-MEA-702', 'Kabanos 500 g', 'Meat & Charcuterie', 0.5, 4.3, 3),
  product('NF-MEA-703', 'Leberkäse 1 kg', 'Meat & Charcuterie', 1, 7.2, 1.5),
  product('NF-MEA-704', 'Danish Bacon 1 kg', 'Meat & Charcuterie', 1, 8.9, 2),
  product('NF-PAN-801', 'Lingonberry Jam 400 g', 'Pantry', 0.45, 2.9, 2),
  product('NF-PAN-802', 'Sweet Mustard 300 g', 'Pantry', 0.32, 1.8, 1.5),
  product('NF-PAN-803', 'Cold-Pressed Rapeseed Oil 1 L', 'Pantry', 0.95, 5.5, 1.2),
];

/** Demand of a category in a month (1–12), relative to its average. */
export function seasonOf(category: string, month: number): number {
  const peak = (months: readonly number[], lift: number) => (months.includes(month) ? 1 + lift : 1);
  switch (category) {
    case 'Seafood':
      return peak([11, 12], 0.45) * peak([3], 0.2);
    case 'Beverages':
      return peak([6, 7, 8], 0.4);
    case 'Bakery':
      return peak([12], 0.35);
    case 'Fresh Produce':
      return peak([7, 8, 9], 0.3) * peak([1, 2], -0.25);
    case 'Frozen':
      return peak([12, 1, 2], 0.15);
    default:
      return 1;
  }
}

/** EUR per unit of each currency the carriers invoice in, at the start of the history. */
export const rateLevels: Readonly<Record<string, number>> = {
  NOK: 0.0862,
  SEK: 0.0876,
  PLN: 0.2318,
  CHF: 1.0435,
};
