import { type City, city, europe, northAmerica } from './places.js';
import type { Random } from './random.js';

/**
 * Customers and suppliers of the demo company. Customers differ by segment (how big and how
 * urgent their orders are, hence which modes they use) and by how often they order.
 */

export type Segment = 'ecommerce' | 'retail' | 'wholesale' | 'industrial';

export interface CustomerSpec {
  readonly code: string;
  readonly name: string;
  readonly segment: Segment;
  readonly city: City;
  /** Relative order frequency. */
  readonly activity: number;
}

export interface SupplierSpec {
  readonly code: string;
  readonly name: string;
  readonly city: City;
}

/** Order shape per segment: lines per order, units per line, days between order and request. */
export const segmentProfile: Record<
  Segment,
  { lines: readonly [number, number]; units: number; leadDays: number; share: number; activity: number }
> = {
  ecommerce: { lines: [1, 2], units: 2, leadDays: 3, share: 0.2, activity: 3 },
  retail: { lines: [1, 5], units: 10, leadDays: 5, share: 0.35, activity: 1.2 },
  wholesale: { lines: [2, 6], units: 45, leadDays: 7, share: 0.3, activity: 0.8 },
  industrial: { lines: [1, 3], units: 140, leadDays: 10, share: 0.15, activity: 0.5 },
};

/** A comma-separated list written across lines, as an array. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const prefixes = list(`
  Harbor, Summit, Prairie, Northgate, Bluewater, Cedar, Ironwood, Lakeside, Redstone, Silverline,
  Oakridge, Granite, Riverbend, Pinecrest, Westfield, Eastpoint, Goldleaf, Maple, Sterling,
  Coastal, Highland, Brightwater, Copperfield, Evergreen, Foxhollow, Juniper, Keystone, Lighthouse,
  Meadowbrook, Nautilus, Orchard, Pioneer, Quarry, Ridgeline, Sunrise, Timberline, Union, Valley,
  Willow, Aspen
`);

const suffixes: Record<Segment, readonly string[]> = {
  ecommerce: ['Direct', 'Online', 'Shop', 'Marketplace'],
  retail: ['Home Stores', 'Outfitters', 'Market', 'Retail Group', 'Hardware'],
  wholesale: ['Wholesale', 'Distributors', 'Supply Co.', 'Trading'],
  industrial: ['Manufacturing', 'Industries', 'Fabrication', 'Works'],
};

const segments = Object.keys(segmentProfile) as Segment[];

function pickSegment(rng: Random): Segment {
  let x = rng.next();
  for (const s of segments) {
    x -= segmentProfile[s].share;
    if (x < 0) return s;
  }
  return 'retail';
}

/**
 * Customers: three in four in North America, the rest in Europe. The first ones sit in the
 * `anchors` cities (where the stocking sites are), so every site has local customers.
 */
export function buildCustomers(rng: Random, count: number, anchors: readonly City[]): CustomerSpec[] {
  const used = new Set<string>();
  const out: CustomerSpec[] = [];
  for (let i = 0; out.length < count; i++) {
    const segment = pickSegment(rng);
    let name = `${rng.pick(prefixes)} ${rng.pick(suffixes[segment])}`;
    if (used.has(name)) {
      if (i < count * 20) continue;
      name = `${name} ${out.length + 1}`;
    }
    used.add(name);
    const place = anchors[out.length] ?? (rng.chance(0.75) ? rng.pick(northAmerica) : rng.pick(europe));
    out.push({
      code: `C${String(out.length + 1).padStart(4, '0')}`,
      name,
      segment,
      city: place,
      // A few large accounts place most orders.
      activity: segmentProfile[segment].activity * rng.logNormal(1, 0.8),
    });
  }
  return out;
}

const supplierNames = list(`
  Pacific Rim Manufacturing, Golden Dragon Industrial, Lotus Components, Hanil Precision,
  Mekong Goods, Formosa Trading, Coromandel Exports, Sakura Works, Great Lakes Components,
  Carolina Packaging, Maple Leaf Supply, Badger State Products, Bluegrass Manufacturing,
  Norte Industrial, Bajío Fabricantes, Schwaben Technik, Piemonte Forniture, Wisła Produkcja,
  Levante Suministros, Rhein-Main Handel
`);

const supplierCities = list(`
  Shanghai, Shenzhen, Ningbo, Busan, Ho Chi Minh City, Kaohsiung, Chennai, Yokohama, Cleveland,
  Charlotte, Toronto, Milwaukee, Louisville, Saltillo, León, Stuttgart, Turin, Łódź, Valencia,
  Frankfurt
`);

/** Suppliers: eight overseas in Asia, seven in North America, five in Europe. */
export function buildSuppliers(): SupplierSpec[] {
  return supplierNames.map((name, i) => ({
    code: `S${String(i + 1).padStart(3, '0')}`,
    name,
    city: city(supplierCities[i] ?? ''),
  }));
}
