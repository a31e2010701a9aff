import type { Kysely } from 'kysely';
import { insertRows } from '../src/db/bulk.js';
import type { DB, ShipmentMode } from '../src/db/types.js';
import { systemCaller } from '../src/modules/auth/index.js';
// The demo's seeded random streams (bench code, not a module: it may use the file directly).
import { Random } from '../src/modules/demo/random.js';
import { createOrganization } from '../src/modules/organizations/index.js';
import { insertShipmentBatch, type ShipmentWrite } from '../src/modules/shipments/index.js';

/**
 * A shipper's network for the analytics benchmark, made quickly at any size: 12 carriers, 30
 * cities in 8 countries, 300 customers, 60 suppliers, lanes between cities with 2–4 carriers
 * each, two years of shipments (a tenth priced in EUR, with a daily EUR rate), written through
 * the shipment write path (checks, derivation, rollups) in batches of 5,000.
 */
export const END = new Date('2026-11-29T00:00:00Z');
const DAY_MS = 86_400_000;
export const DAYS = 730;

const cities = [
  ['Chicago', 'IL', 'US'],
  ['Dallas', 'TX', 'US'],
  ['Atlanta', 'GA', 'US'],
  ['Los Angeles', 'CA', 'US'],
  ['Newark', 'NJ', 'US'],
  ['Memphis', 'TN', 'US'],
  ['Seattle', 'WA', 'US'],
  ['Denver', 'CO', 'US'],
  ['Toronto', 'ON', 'CA'],
  ['Montreal', 'QC', 'CA'],
  ['Monterrey', 'NL', 'MX'],
  ['Mexico City', 'CMX', 'MX'],
  ['Rotterdam', 'ZH', 'NL'],
  ['Amsterdam', 'NH', 'NL'],
  ['Hamburg', 'HH', 'DE'],
  ['Munich', 'BY', 'DE'],
  ['Duisburg', 'NW', 'DE'],
  ['Lyon', 'ARA', 'FR'],
  ['Paris', 'IDF', 'FR'],
  ['Felixstowe', 'ENG', 'GB'],
  ['Manchester', 'ENG', 'GB'],
  ['Shanghai', 'SH', 'CN'],
  ['Shenzhen', 'GD', 'CN'],
  ['Ningbo', 'ZJ', 'CN'],
  ['Houston', 'TX', 'US'],
  ['Miami', 'FL', 'US'],
  ['Columbus', 'OH', 'US'],
  ['Phoenix', 'AZ', 'US'],
  ['Vancouver', 'BC', 'CA'],
  ['Guadalajara', 'JAL', 'MX'],
] as const;
const modes: ShipmentMode[] = ['ftl', 'ltl', 'parcel', 'road', 'air', 'ocean', 'rail'];
const euro = new Set(['NL', 'DE', 'FR']);

export interface BenchOrg {
  readonly orgId: number;
  readonly carriers: readonly number[];
}

/** Creates the organization, its parties and an EUR→USD rate for every day. */
export async function createBenchOrg(db: Kysely<DB>, slug: string): Promise<BenchOrg> {
  const org = await createOrganization(db, { slug, name: `Bench ${slug}` });
  const orgId = org.id;
  await insertRows(
    db,
    'carriers',
    Array.from({ length: 12 }, (_, i) => ({
      org_id: orgId,
      name: `Carrier ${i + 1}`,
      scac: `CR${String(i).padStart(2, '0')}`,
    })),
  );
  await insertRows(
    db,
    'customers',
    Array.from({ length: 300 }, (_, i) => ({ org_id: orgId, code: `C${i}`, name: `Customer ${i}` })),
  );
  await insertRows(
    db,
    'suppliers',
    Array.from({ length: 60 }, (_, i) => ({ org_id: orgId, code: `S${i}`, name: `Supplier ${i}` })),
  );
  const rates = new Random(7, 'eur');
  let rate = 1.08;
  const rows = [];
  for (let d = DAYS + 10; d >= 0; d--) {
    rate = Math.max(0.9, Math.min(1.3, rate + (rates.next() - 0.5) * 0.01));
    rows.push({
      org_id: orgId,
      currency: 'EUR',
      quote_currency: 'USD',
      day: new Date(END.getTime() - d * DAY_MS).toISOString().slice(0, 10),
      rate: Math.round(rate * 1e6) / 1e6,
    });
  }
  await insertRows(db, 'exchange_rates', rows);
  const carriers = (
    await db.selectFrom('carriers').select('id').where('org_id', '=', orgId).orderBy('id').execute()
  ).map((r) => r.id);
  return { orgId, carriers };
}

interface Lane {
  readonly from: (typeof cities)[number];
  readonly to: (typeof cities)[number];
  readonly mode: ShipmentMode;
  readonly carriers: readonly number[];
}

function lanesOf(org: BenchOrg): Lane[] {
  const random = new Random(7, 'lanes');
  const lanes: Lane[] = [];
  for (let i = 0; i < 120; i++) {
    const from = cities[random.int(0, cities.length - 1)] as Lane['from'];
    let to = cities[random.int(0, cities.length - 1)] as Lane['to'];
    if (to === from) to = cities[(cities.indexOf(from) + 7) % cities.length] as Lane['to'];
    const mode =
      from[2] === to[2] ? (modes[random.int(0, 3)] as ShipmentMode) : random.next() < 0.5 ? 'ocean' : 'air';
    const count = random.int(2, 4);
    const start = random.int(0, org.carriers.length - 1);
    lanes.push({
      from,
      to,
      mode,
      carriers: Array.from(
        { length: count },
        (_, k) => org.carriers[(start + k) % org.carriers.length] as number,
      ),
    });
  }
  return lanes;
}

/** Generates and writes `count` shipments (references from `first`), through insertShipmentBatch. */
export async function writeBenchShipments(
  db: Kysely<DB>,
  org: BenchOrg,
  count: number,
  { first = 0, seed = 42 }: { first?: number; seed?: number } = {},
): Promise<void> {
  const lanes = lanesOf(org);
  const random = new Random(seed, 'shipments', first);
  const customers = await db.selectFrom('customers').select('id').where('org_id', '=', org.orgId).execute();
  const now = END.getTime();
  for (let start = 0; start < count; start += 5_000) {
    const rows: ShipmentWrite[] = [];
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      const lane = lanes[Math.floor(random.next() ** 1.6 * lanes.length)] as Lane;
      const carrier = lane.carriers[random.int(0, lane.carriers.length - 1)] as number;
      const day = random.int(0, DAYS - 1);
      const pickup = now - (DAYS - day) * DAY_MS + random.int(6, 18) * 3_600_000;
      const planHours = lane.mode === 'ocean' ? 500 : lane.mode === 'air' ? 60 : 24 + random.int(0, 72);
      const planned = pickup + planHours * 3_600_000;
      const late = random.next() < 0.12 + (carrier % 5) * 0.02;
      const actual = planned + (late ? random.int(26, 90) : -random.int(0, 20)) * 3_600_000;
      const status =
        actual < now
          ? random.next() < 0.01
            ? 'exception'
            : 'delivered'
          : pickup < now
            ? 'in_transit'
            : 'planned';
      const weight = Math.round((50 + random.next() * 9_000) * 1000) / 1000;
      const inEuro = euro.has(lane.from[2]) && euro.has(lane.to[2]);
      const tariff = { air: 4.5, ocean: 0.15, parcel: 1.8, ltl: 0.35, ftl: 0.2, road: 0.25, rail: 0.12 }[
        lane.mode
      ];
      const freight =
        Math.round(weight * tariff * (0.8 + random.next() * 0.4) * (inEuro ? 0.92 : 1) * 100) / 100;
      rows.push({
        org_id: org.orgId,
        source: 'bench',
        reference: `B${first + i}`,
        mode: lane.mode,
        status,
        carrier_id: carrier,
        customer_id: (customers[random.int(0, customers.length - 1)] as { id: number }).id,
        origin_city: lane.from[0],
        origin_region: lane.from[1],
        origin_country: lane.from[2],
        destination_city: lane.to[0],
        destination_region: lane.to[1],
        destination_country: lane.to[2],
        planned_pickup_at: new Date(pickup),
        planned_delivery_at: new Date(planned),
        actual_pickup_at: status === 'planned' ? null : new Date(pickup),
        actual_delivery_at: status === 'delivered' ? new Date(actual) : null,
        weight_kg: weight,
        freight_cost: freight,
        goods_value: Math.round(weight * (20 + random.next() * 80) * 100) / 100,
        currency: inEuro ? 'EUR' : 'USD',
      } as ShipmentWrite);
    }
    await db
      .transaction()
      .execute((trx) => insertShipmentBatch(trx, systemCaller(org.orgId), rows, { mode: 'all' }));
  }
}
