import type { Random } from './random.js';
import type { DemandPattern, DemandShape } from './seasonality.js';

/**
 * The product catalogue: SKUs in ten categories, each with a plausible weight, cost, density
 * and demand shape (smooth, seasonal around the category's peak, trending up or down, or
 * intermittent and lumpy), and a popularity that follows the usual long tail.
 */

interface Category {
  readonly name: string;
  readonly prefix: string;
  readonly kg: readonly [number, number];
  readonly cost: readonly [number, number];
  /** kg per m³, packed. */
  readonly density: number;
  /** Day of year the category peaks, if it is seasonal. */
  readonly peakDay: number | null;
  readonly items: readonly string[];
}

const categories: readonly Category[] = [
  {
    name: 'Packaging',
    prefix: 'PKG',
    kg: [0.5, 12],
    cost: [2, 40],
    density: 180,
    peakDay: 300,
    items: ['Stretch Film', 'Corrugated Box', 'Packing Tape', 'Bubble Wrap', 'Void Fill', 'Mailer Bags'],
  },
  {
    name: 'Electronics',
    prefix: 'ELE',
    kg: [0.2, 15],
    cost: [15, 600],
    density: 250,
    peakDay: 330,
    items: ['Wireless Router', 'Monitor', 'USB-C Dock', 'Bluetooth Speaker', 'Power Bank', 'Thermostat'],
  },
  {
    name: 'Home & Kitchen',
    prefix: 'HOM',
    kg: [0.4, 25],
    cost: [5, 250],
    density: 220,
    peakDay: 325,
    items: ['Cookware Set', 'Stand Mixer', 'Coffee Maker', 'Storage Bins', 'Knife Block', 'Air Fryer'],
  },
  {
    name: 'Tools & Hardware',
    prefix: 'TLS',
    kg: [0.3, 30],
    cost: [4, 400],
    density: 600,
    peakDay: 110,
    items: ['Cordless Drill', 'Claw Hammer', 'Socket Set', 'Tape Measure', 'Work Light', 'Circular Saw'],
  },
  {
    name: 'Outdoor & Garden',
    prefix: 'OUT',
    kg: [0.5, 40],
    cost: [6, 500],
    density: 150,
    peakDay: 140,
    items: ['Garden Hose', 'Patio Chair', 'Lawn Mower', 'Planter Box', 'Pressure Washer', 'Camping Tent'],
  },
  {
    name: 'Personal Care',
    prefix: 'PCR',
    kg: [0.1, 3],
    cost: [2, 60],
    density: 400,
    peakDay: null,
    items: ['Hand Soap', 'Shampoo', 'Sunscreen', 'Electric Toothbrush', 'Hair Dryer', 'First Aid Kit'],
  },
  {
    name: 'Food & Beverage',
    prefix: 'FNB',
    kg: [1, 20],
    cost: [3, 80],
    density: 700,
    peakDay: 345,
    items: ['Coffee Beans', 'Bottled Water', 'Snack Box', 'Olive Oil', 'Tea Assortment', 'Chocolate Box'],
  },
  {
    name: 'Office Supplies',
    prefix: 'OFF',
    kg: [0.2, 20],
    cost: [2, 300],
    density: 350,
    peakDay: 225,
    items: ['Copy Paper', 'Ballpoint Pens', 'Desk Organizer', 'Office Chair', 'Toner Cartridge', 'Notebooks'],
  },
  {
    name: 'Auto Parts',
    prefix: 'AUT',
    kg: [0.3, 35],
    cost: [5, 450],
    density: 800,
    peakDay: 300,
    items: ['Brake Pads', 'Motor Oil', 'Car Battery', 'Wiper Blades', 'Air Filter', 'Winter Tire'],
  },
  {
    name: 'Toys & Games',
    prefix: 'TOY',
    kg: [0.2, 12],
    cost: [5, 150],
    density: 120,
    peakDay: 340,
    items: ['Building Blocks', 'Board Game', 'RC Car', 'Puzzle', 'Plush Bear', 'Art Kit'],
  },
];

const variants = ['Standard', 'Pro', 'Compact', 'XL', 'Plus', 'Eco', 'Max', 'Mini', 'Classic', 'Premium'];

export interface ProductSpec {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly unitWeightKg: number;
  readonly unitCost: number;
  /** List price to customers. */
  readonly unitPrice: number;
  readonly density: number;
  readonly shape: DemandShape;
  /** Relative share of order lines (long tail). */
  readonly popularity: number;
  /** Typical order quantity multiplier: intermittent SKUs come in lumps. */
  readonly lumpiness: number;
}

function logUniform(rng: Random, [min, max]: readonly [number, number]): number {
  return Math.exp(rng.float(Math.log(min), Math.log(max)));
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function patternFor(rng: Random): DemandPattern {
  const x = rng.next();
  return x < 0.4 ? 'smooth' : x < 0.65 ? 'seasonal' : x < 0.85 ? 'trending' : 'intermittent';
}

/** `count` distinct SKUs, spread evenly over the categories. */
export function buildCatalog(rng: Random, count: number): ProductSpec[] {
  const names = categories.map((c) =>
    rng.shuffled(c.items.flatMap((item) => variants.map((v) => `${item} ${v}`))),
  );
  const products: ProductSpec[] = [];
  const popularityRank = rng.shuffled(Array.from({ length: count }, (_, i) => i + 1));
  for (let i = 0; i < count; i++) {
    const categoryIndex = i % categories.length;
    const category = categories[categoryIndex] as Category;
    const name = names[categoryIndex]?.pop() ?? `${category.name} item ${i + 1}`;
    const pattern = patternFor(rng);
    const unitCost = round(logUniform(rng, category.cost), 2);
    const shape: DemandShape = {
      pattern,
      peakDay: category.peakDay ?? rng.int(0, 364),
      amplitude: rng.float(0.45, 0.9),
      growth: (rng.chance(0.65) ? 1 : -1) * rng.float(0.15, 0.55),
    };
    const rank = popularityRank[i] ?? count;
    products.push({
      sku: `${category.prefix}-${String(10_000 + i * 7 + rng.int(0, 6)).padStart(5, '0')}`,
      name,
      category: category.name,
      unitWeightKg: round(logUniform(rng, category.kg), 3),
      unitCost,
      unitPrice: round(unitCost * rng.float(1.25, 1.8), 2),
      density: category.density * rng.float(0.8, 1.25),
      shape,
      // Zipf-like long tail; intermittent SKUs are ordered rarely but in big lumps.
      popularity: (pattern === 'intermittent' ? 0.12 : 1) / rank ** 0.75,
      lumpiness: pattern === 'intermittent' ? rng.float(2.5, 5) : rng.float(0.7, 1.3),
    });
  }
  return products;
}
