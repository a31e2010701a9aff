import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { calendarDayOf } from '../../lib/calendar-days.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import type { EntityValue, Vocabulary } from './engine/index.js';
import { countryNames, regionName } from './places.js';

/**
 * What the offline engine knows of an organization, read from its own data: its carriers,
 * customers, suppliers, facilities, products and categories, and the cities, regions and
 * countries its shipments go between, each with how often it occurs. Read again when the data
 * version moved, at most once a minute and in the background (the names before are used
 * meanwhile): reading it scans the shipment rollups, and an organization whose feeds write every
 * second must not pay that on every question. A new name is known a minute or so after it came.
 */
export const VOCABULARY_REREAD_MS = 60_000;
const cache = createTtlCache<string, { vocabulary: Vocabulary; version: number; readAt: number }>({
  ttlMs: 30 * 60_000,
  maxEntries: 200,
});

const reading = new Map<string, Promise<Vocabulary>>();

export async function vocabularyOf(
  db: Kysely<DB>,
  orgId: number,
  dataVersion: number,
  currency: string,
  { rereadMs = VOCABULARY_REREAD_MS, now = Date.now() }: { rereadMs?: number; now?: number } = {},
): Promise<Vocabulary> {
  const key = `${orgId}:${currency}`;
  const cached = cache.get(key);
  if (cached && (cached.version === dataVersion || now - cached.readAt < rereadMs)) return cached.vocabulary;
  const read = () => {
    let pending = reading.get(key);
    if (!pending) {
      pending = readVocabulary(db, orgId, currency)
        .then((vocabulary) => {
          cache.set(key, { vocabulary, version: dataVersion, readAt: Date.now() });
          return vocabulary;
        })
        .finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  };
  // Stale names are served while fresh ones are read (a failed read leaves the stale ones).
  if (cached && rereadMs > 0) {
    read().catch(() => undefined);
    return cached.vocabulary;
  }
  return read();
}

async function readVocabulary(db: Kysely<DB>, orgId: number, currency: string): Promise<Vocabulary> {
  const live = (table: 'carriers' | 'customers' | 'suppliers' | 'facilities' | 'products') =>
    db.selectFrom(table).where('org_id', '=', orgId).where('archived_at', 'is', null);
  const [
    carriers,
    customers,
    suppliers,
    facilities,
    products,
    { carrierUse, origins, destinations, commodities, currencies, range },
  ] = await Promise.all([
    live('carriers').select(['id', 'name', 'scac']).execute(),
    live('customers').select(['id', 'name', 'code']).execute(),
    live('suppliers').select(['id', 'name', 'code']).execute(),
    live('facilities').select(['id', 'name', 'code']).execute(),
    live('products').select(['id', 'name', 'sku', 'category']).execute(),
    shipmentFactsOf(db, orgId),
  ]);
  const entities: EntityValue[] = [];
  const use = new Map(carrierUse.map((r) => [r.carrier_id, Number(r.n)]));
  for (const c of carriers) {
    entities.push({
      kind: 'carrier',
      value: c.name,
      label: c.name,
      aliases: c.scac ? [c.scac] : [],
      weight: use.get(c.id) ?? 0,
    });
  }
  for (const c of customers)
    entities.push({ kind: 'customer', value: c.name, label: c.name, aliases: [c.code], weight: 1 });
  for (const s of suppliers)
    entities.push({ kind: 'supplier', value: s.name, label: s.name, aliases: [s.code], weight: 1 });
  for (const f of facilities)
    entities.push({ kind: 'facility', value: f.name, label: f.name, aliases: [f.code], weight: 1 });
  const categories = new Set<string>();
  for (const p of products) {
    entities.push({
      kind: 'product',
      value: p.sku,
      label: `${p.sku} ${p.name}`,
      aliases: [p.name],
      weight: 1,
    });
    if (p.category) categories.add(p.category);
  }
  for (const c of commodities) if (c.commodity) categories.add(c.commodity);
  for (const category of categories) {
    entities.push({ kind: 'productCategory', value: category, label: category, aliases: [], weight: 1 });
  }

  // Places: a city is "City, CC"; the same city name in two countries is two values.
  const cities = new Map<string, { city: string; country: string; n: number }>();
  const regions = new Map<string, { region: string; country: string; n: number }>();
  const countries = new Map<string, number>();
  for (const p of [...origins, ...destinations]) {
    if (p.city && p.country) {
      const key = `${p.city}\u0000${p.country}`;
      const entry = cities.get(key) ?? { city: p.city, country: p.country, n: 0 };
      entry.n += Number(p.n);
      cities.set(key, entry);
    }
    if (p.region && p.country) {
      const key = `${p.region}\u0000${p.country}`;
      const entry = regions.get(key) ?? { region: p.region, country: p.country, n: 0 };
      entry.n += Number(p.n);
      regions.set(key, entry);
    }
    if (p.country) countries.set(p.country, (countries.get(p.country) ?? 0) + Number(p.n));
  }
  for (const c of cities.values()) {
    entities.push({
      kind: 'city',
      value: c.city,
      label: `${c.city}, ${c.country}`,
      aliases: [],
      weight: c.n,
      country: c.country,
    });
  }
  for (const r of regions.values()) {
    const name = regionName(r.region, r.country);
    entities.push({
      kind: 'region',
      value: r.region,
      label: `${name ?? r.region} (region), ${r.country}`,
      aliases: name ? [name] : [],
      weight: r.n,
      country: r.country,
    });
  }
  for (const [code, n] of countries) {
    entities.push({
      kind: 'country',
      value: code,
      label: countryNames(code)[0] ?? code,
      aliases: countryNames(code),
      weight: n,
    });
  }
  for (const c of currencies) {
    if (c.currency)
      entities.push({ kind: 'currency', value: c.currency, label: c.currency, aliases: [], weight: 1 });
  }
  return {
    entities,
    dataRange:
      range?.first && range.last ? { from: calendarDayOf(range.first), to: calendarDayOf(range.last) } : null,
    currency,
  };
}

interface ShipmentFacts {
  readonly carrierUse: readonly { carrier_id: number | null; n: number }[];
  readonly origins: readonly Place[];
  readonly destinations: readonly Place[];
  readonly commodities: readonly { commodity: string | null }[];
  readonly currencies: readonly { currency: string | null }[];
  readonly range: { first: string | null; last: string | null } | undefined;
}
interface Place {
  readonly city: string | null;
  readonly region: string | null;
  readonly country: string | null;
  readonly n: number;
}

/**
 * What the shipments say about names, read from the shipment rollups (one row per day and key,
 * far fewer than shipments; '' is unknown there), or from the shipments themselves when an
 * organization's rollups are empty (being rebuilt after a restore).
 */
async function shipmentFactsOf(db: Kysely<DB>, orgId: number): Promise<ShipmentFacts> {
  const ship = (
    table: 'analytics_shipment_daily' | 'analytics_shipment_lanes' | 'analytics_shipment_parties',
  ) => db.selectFrom(table).where('org_id', '=', orgId).where('anchor', '=', 'ship');
  const blank = (column: string) => sql<string | null>`nullif(${sql.ref(column)}, '')`;
  const carrierUse = await ship('analytics_shipment_daily')
    .select([sql<number | null>`nullif(carrier_id, 0)`.as('carrier_id'), sql<number>`sum(shipments)`.as('n')])
    .groupBy('carrier_id')
    .execute();
  if (carrierUse.length === 0) return rawShipmentFacts(db, orgId);
  const rolledPlaces = (end: 'origin' | 'destination') =>
    ship('analytics_shipment_lanes')
      .select([
        blank(`${end}_city`).as('city'),
        blank(`${end}_region`).as('region'),
        blank(`${end}_country`).as('country'),
        sql<number>`sum(shipments)`.as('n'),
      ])
      .groupBy([`${end}_city`, `${end}_region`, `${end}_country`])
      .limit(20_000)
      .execute();
  return {
    carrierUse,
    origins: await rolledPlaces('origin'),
    destinations: await rolledPlaces('destination'),
    commodities: await ship('analytics_shipment_parties')
      .select(blank('commodity').as('commodity'))
      .distinct()
      .limit(500)
      .execute(),
    currencies: await ship('analytics_shipment_daily')
      .select(blank('currency').as('currency'))
      .distinct()
      .limit(200)
      .execute(),
    range: await ship('analytics_shipment_daily')
      .select([sql<string | null>`min(day)`.as('first'), sql<string | null>`max(day)`.as('last')])
      .executeTakeFirst(),
  };
}

async function rawShipmentFacts(db: Kysely<DB>, orgId: number): Promise<ShipmentFacts> {
  const live = () => db.selectFrom('shipments').where('org_id', '=', orgId).where('archived_at', 'is', null);
  return {
    carrierUse: await live()
      .select(['carrier_id', sql<number>`count(*)`.as('n')])
      .groupBy('carrier_id')
      .execute(),
    origins: await places(db, orgId, 'origin'),
    destinations: await places(db, orgId, 'destination'),
    commodities: await live()
      .where('commodity', 'is not', null)
      .select('commodity')
      .distinct()
      .limit(500)
      .execute(),
    currencies: await live()
      .where('currency', 'is not', null)
      .select('currency')
      .distinct()
      .limit(200)
      .execute(),
    range: await live()
      .select([sql<string | null>`min(ship_day)`.as('first'), sql<string | null>`max(ship_day)`.as('last')])
      .executeTakeFirst(),
  };
}

function places(db: Kysely<DB>, orgId: number, end: 'origin' | 'destination') {
  const city = end === 'origin' ? 'origin_city' : 'destination_city';
  const region = end === 'origin' ? 'origin_region' : 'destination_region';
  const country = end === 'origin' ? 'origin_country' : 'destination_country';
  return db
    .selectFrom('shipments')
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .select([
      sql<string | null>`${sql.ref(city)}`.as('city'),
      sql<string | null>`${sql.ref(region)}`.as('region'),
      sql<string | null>`${sql.ref(country)}`.as('country'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy([city, region, country])
    .limit(20_000)
    .execute();
}
