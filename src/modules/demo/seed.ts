import { type Kysely, sql } from 'kysely';
import { insertRows, maxId, syncIdSequences } from '../../db/bulk.js';
import { dialectOf } from '../../db/dialect.js';
import type { DB, TableName } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import { systemCaller } from '../auth/index.js';
import { anyOrganization, findOrganization } from '../organizations/index.js';
import { insertShipmentBatch } from '../shipments/index.js';
import { DAY_MS, dayOf, toLocal } from './calendar.js';
import { buildCompany, type Company } from './company.js';
import { RateBook, REPORTING_CURRENCY } from './currencies.js';
import { StockLedger } from './inventory.js';
import { LaneBook } from './lanes.js';
import { expectedDemand, runHistory } from './simulation.js';
import { emptyRows, type RowKind, type Rows, type World } from './world.js';

export interface SeedOptions {
  /** Shipments to generate over the history (orders, transfers and replenishment together). */
  shipments: number;
  /** Same seed and same `now` give the same rows. */
  seed: number;
  /** The end of the history (default: the current time). */
  now?: Date;
  /** Slug of the organization to create (default 'demo'); it must not exist yet. */
  orgSlug?: string;
  orgName?: string;
  /** Called after each written batch with the shipments written so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  orgId: number;
  carriers: number;
  facilities: number;
  products: number;
  customers: number;
  suppliers: number;
  exchangeRates: number;
  orders: number;
  orderLines: number;
  shipments: number;
  trackingEvents: number;
  inventoryMovements: number;
  inventorySnapshots: number;
  ms: number;
}

/** Days of history: two years. */
const HISTORY_DAYS = 730;
/** Shipments per written batch (one transaction each): big enough to amortize, small enough for memory. */
const BATCH_SHIPMENTS = 5_000;

const generatedTables: Record<RowKind, TableName> = {
  orders: 'orders',
  orderLines: 'order_lines',
  shipments: 'shipments',
  trackingEvents: 'tracking_events',
  inventoryMovements: 'inventory_movements',
  inventorySnapshots: 'inventory_snapshots',
};

// Children before parents, for removing a half-written company.
const cleanupOrder: readonly TableName[] = [
  'analytics_shipment_lanes',
  'analytics_shipment_parties',
  'analytics_versions',
  'exchange_rates',
  'inventory_movements',
  'inventory_snapshots',
  'tracking_events',
  'shipments',
  'order_lines',
  'orders',
  'products',
  'facilities',
  'suppliers',
  'customers',
  'carriers',
];

/** True when any organization exists: `serve` seeds the demo company only into an empty database. */
export async function hasBusinessData(db: Kysely<DB>): Promise<boolean> {
  return anyOrganization(db);
}

/**
 * Creates a new organization holding a complete demo company with two years of history ending
 * at `now`; deterministic for a seed and `now` (ids too, in an empty database).
 */
export async function seedDemoCompany(db: Kysely<DB>, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const { shipments, seed } = options;
  if (!Number.isSafeInteger(shipments) || shipments < 0) {
    throw new AppError('DEMO_BAD_OPTIONS', `shipments must be a whole number ≥ 0 (got ${shipments})`);
  }
  if (!Number.isSafeInteger(seed))
    throw new AppError('DEMO_BAD_OPTIONS', `seed must be an integer (got ${seed})`);
  const now = (options.now ?? new Date()).getTime();
  if (Number.isNaN(now)) throw new AppError('DEMO_BAD_OPTIONS', 'now must be a valid date');
  const slug = options.orgSlug ?? 'demo';
  const taken = await findOrganization(db, slug);
  if (taken) {
    throw new AppError(
      'DEMO_ORG_EXISTS',
      `An organization with slug "${slug}" already exists (id ${taken.id}); seed under another slug or into an empty database.`,
    );
  }

  const lastDay = dayOf(now) - 1;
  const firstDay = lastDay - HISTORY_DAYS + 1;
  const since = new Date((firstDay - 30) * DAY_MS);
  const orgId = (await maxId(db, 'organizations')) + 1;
  const company = buildCompany(seed, {
    carriers: (await maxId(db, 'carriers')) + 1,
    facilities: (await maxId(db, 'facilities')) + 1,
    products: (await maxId(db, 'products')) + 1,
    customers: (await maxId(db, 'customers')) + 1,
    suppliers: (await maxId(db, 'suppliers')) + 1,
  });
  const nextId = {} as Record<RowKind, number>;
  for (const [kind, table] of Object.entries(generatedTables))
    nextId[kind as RowKind] = (await maxId(db, table)) + 1;

  const demand = expectedDemand(company, shipments, HISTORY_DAYS);
  const reportingZone = company.home.city.zone;
  // Rates from the company's first day to today: none are known for days to come.
  const rates = new RateBook(seed, dayOf(since.getTime()), toLocal(reportingZone, now).day);
  const world: World = {
    orgId,
    seed,
    now,
    firstDay,
    lastDay,
    company,
    ledger: new StockLedger(demand.rates, demand.lots),
    lanes: new LaneBook(seed, company.carriers),
    rates,
    reportingZone,
    nextId,
    rows: emptyRows(),
    counts: {
      orders: 0,
      orderLines: 0,
      shipments: 0,
      trackingEvents: 0,
      inventoryMovements: 0,
      inventorySnapshots: 0,
    },
  };

  const exchangeRates = rates.rows(orgId, now);
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, 'organizations', [
      {
        id: orgId,
        slug,
        name: options.orgName ?? 'Lanewise Demo Distribution',
        created_at: since,
        reporting_currency: REPORTING_CURRENCY,
        reporting_timezone: reportingZone,
      },
    ]);
    await insertCompany(trx, orgId, company, since);
    await insertRows(trx, 'exchange_rates', exchangeRates);
    await bumpDataVersion(trx, orgId);
  });
  const restoreCache = await enlargeSqliteCache(db);
  try {
    // Writing a batch overlaps with generating the next one (on the network dialects).
    let writing: Promise<void> = Promise.resolve();
    let written = 0;
    await runHistory(world, {
      shipments,
      batchShipments: BATCH_SHIPMENTS,
      flush: async (rows) => {
        await writing;
        const next = writeBatch(db, orgId, rows).then(() => {
          written += rows.shipments.length;
          options.onProgress?.(written, shipments);
        });
        next.catch(() => undefined);
        writing = next;
      },
    });
    await writing;
    await syncIdSequences(db, [
      'organizations',
      'carriers',
      'facilities',
      'products',
      'customers',
      'suppliers',
      'exchange_rates',
      ...Object.values(generatedTables),
    ]);
  } catch (error) {
    await removeOrganization(db, orgId).catch(() => undefined);
    throw error;
  } finally {
    await restoreCache();
  }

  return {
    orgId,
    carriers: company.carriers.length,
    facilities: company.sites.length,
    products: company.products.length,
    customers: company.customers.length,
    suppliers: company.suppliers.length,
    exchangeRates: exchangeRates.length,
    ...world.counts,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * SQLite keeps 2 MB of pages in memory by default; the shipments table alone has over a dozen
 * indexes, so a long seed spends much of its time re-reading index pages. A larger cache for
 * the duration of the seed (bounded: 128 MB) cuts that; the connection's setting is restored.
 */
async function enlargeSqliteCache(db: Kysely<DB>): Promise<() => Promise<void>> {
  if (dialectOf(db) !== 'sqlite') return async () => undefined;
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  const previous = Number(rows[0]?.cache_size ?? -2000);
  await sql`pragma cache_size = -131072`.execute(db);
  return async () => {
    await sql.raw(`pragma cache_size = ${previous}`).execute(db);
  };
}

function writeBatch(db: Kysely<DB>, orgId: number, rows: Rows): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await insertRows(trx, 'orders', rows.orders);
    await insertRows(trx, 'order_lines', rows.orderLines);
    // The shipments' one write path (its bulk variant): the same checks and derivation as the API.
    await insertShipmentBatch(trx, systemCaller(orgId), rows.shipments, { mode: 'all' });
    await insertRows(trx, 'tracking_events', rows.trackingEvents);
    await insertRows(trx, 'inventory_movements', rows.inventoryMovements);
    await insertRows(trx, 'inventory_snapshots', rows.inventorySnapshots);
    // Orders (with their delivery facts, derived by the generator) and stock are analytics facts.
    await bumpDataVersion(trx, orgId);
  });
}

async function insertCompany(db: Kysely<DB>, orgId: number, company: Company, at: Date): Promise<void> {
  const stamps = { created_at: at, updated_at: at };
  await insertRows(
    db,
    'carriers',
    company.carriers.map((c) => ({ id: c.id, org_id: orgId, name: c.name, scac: c.scac, ...stamps })),
  );
  await insertRows(
    db,
    'facilities',
    company.sites.map((s) => ({
      id: s.id,
      org_id: orgId,
      code: s.code,
      name: s.name,
      kind: s.kind,
      city: s.city.name,
      region: s.city.region,
      country: s.city.country,
      latitude: s.city.lat,
      longitude: s.city.lng,
      timezone: s.city.zone,
      ...stamps,
    })),
  );
  await insertRows(
    db,
    'products',
    company.products.map((p) => ({
      id: p.id,
      org_id: orgId,
      sku: p.sku,
      name: p.name,
      category: p.category,
      unit_weight_kg: p.unitWeightKg,
      unit_cost: p.unitCost,
      currency: 'USD',
      ...stamps,
    })),
  );
  for (const [table, parties] of [
    ['customers', company.customers],
    ['suppliers', company.suppliers],
  ] as const) {
    await insertRows(
      db,
      table,
      parties.map((p) => ({
        id: p.id,
        org_id: orgId,
        code: p.code,
        name: p.name,
        city: p.city.name,
        country: p.city.country,
        ...stamps,
      })),
    );
  }
}

/** Best-effort removal of a company whose seeding failed half-way, so the slug can be reused. */
async function removeOrganization(db: Kysely<DB>, orgId: number): Promise<void> {
  for (const table of cleanupOrder) {
    await db
      .deleteFrom(table)
      .where('org_id' as never, '=', orgId as never)
      .execute();
  }
  await db.deleteFrom('organizations').where('id', '=', orgId).execute();
}
