import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DB } from '../../src/db/types.js';
import {
  afterShipmentChange,
  beforeShipmentChange,
  rebuildRollups,
  runQuery,
  type SemanticQueryInput,
  SHIPMENT_FACTS_VERSION,
} from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * The rollups answer exactly what the raw rows answer: random semantic queries that a rollup
 * can serve run both ways (runQuery and runQuery with rawOnly) and must give identical columns
 * and rows — on random shipments, and again after random inserts, updates and archives made the
 * way the shipment write path makes them (rollup hooks around the write, in one transaction).
 */
const cities = [
  { city: 'Chicago', region: 'IL', country: 'US' },
  { city: 'Dallas', region: 'TX', country: 'US' },
  { city: 'Rotterdam', region: null, country: 'NL' },
  { city: null, region: null, country: 'DE' },
] as const;
const modes = ['road', 'air', 'ocean'] as const;
const statuses = ['planned', 'in_transit', 'delivered', 'exception'] as const;
const days = Array.from({ length: 60 }, (_, i) =>
  new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
);

interface Refs {
  carriers: (number | null)[];
  customers: (number | null)[];
  facilities: (number | null)[];
}

const amount = (places: number, max: number) =>
  fc.option(
    fc.integer({ min: 0, max: max * 10 ** places }).map((n) => n / 10 ** places),
    { nil: null },
  );

function shipmentArbitrary(refs: Refs) {
  return fc
    .record({
      carrier: fc.constantFrom(...refs.carriers),
      customer: fc.constantFrom(...refs.customers),
      facility: fc.constantFrom(...refs.facilities),
      origin: fc.constantFrom(...cities),
      destination: fc.constantFrom(...cities),
      mode: fc.constantFrom(...modes),
      status: fc.constantFrom(...statuses),
      day: fc.integer({ min: 0, max: days.length - 8 }),
      transit: fc.option(
        fc.integer({ min: 0, max: 700 }).map((n) => n / 100),
        { nil: null },
      ),
      late: fc.option(fc.boolean(), { nil: null }),
      freight: amount(2, 5000),
      weight: amount(3, 20000),
      goods: amount(2, 90000),
      currency: fc.constantFrom('USD', 'EUR', 'GBP'),
      commodity: fc.constantFrom(null, 'Hardware', 'Food'),
      archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map((r) => {
      const delivered = r.status === 'delivered';
      const lane =
        r.origin.city && r.destination.city
          ? `${r.origin.city}, ${r.origin.country} → ${r.destination.city}, ${r.destination.country}`
          : null;
      const hasMoney = r.freight !== null || r.goods !== null;
      return {
        carrier_id: r.carrier,
        customer_id: r.customer,
        origin_facility_id: r.facility,
        origin_city: r.origin.city,
        origin_region: r.origin.region,
        origin_country: r.origin.country,
        destination_city: r.destination.city,
        destination_region: r.destination.region,
        destination_country: r.destination.country,
        lane,
        mode: r.mode,
        status: r.status,
        ship_day: days[r.day] as string,
        delivery_day: delivered ? (days[r.day + 1 + Math.floor((r.transit ?? 1) % 5)] as string) : null,
        transit_days: delivered ? r.transit : null,
        delay_hours: delivered && r.late !== null ? (r.late ? 12.5 : -3.25) : null,
        on_time: delivered && r.late !== null ? ((r.late ? 0 : 1) as 0 | 1) : null,
        freight_cost: r.freight,
        weight_kg: r.weight,
        goods_value: r.goods,
        currency: hasMoney ? r.currency : null,
        commodity: r.commodity,
        archived_at: r.archived ? new Date('2026-03-01T00:00:00Z') : null,
      };
    });
}

type Generated = ReturnType<typeof shipmentArbitrary> extends fc.Arbitrary<infer T> ? T : never;

const laneDimensions = [
  'carrier',
  'mode',
  'status',
  'lane',
  'originCity',
  'destinationRegion',
  'originFacility',
  'originCountry',
];
const partyDimensions = ['carrier', 'mode', 'customer', 'productCategory', 'destinationCountry', 'currency'];
const rollupMetrics = [
  'shipments',
  'deliveredShipments',
  'inTransitShipments',
  'exceptions',
  'onTimeRate',
  'lateShipments',
  'avgTransitDays',
  'avgDelayHours',
  'freightCost',
  'costPerShipment',
  'costPerKg',
  'weight',
  'goodsValue',
  'freightShareOfGoodsValue',
];

const queryArbitrary = (refs: Refs): fc.Arbitrary<SemanticQueryInput> =>
  fc.constantFrom(laneDimensions, partyDimensions).chain((pool) =>
    fc.record(
      {
        metrics: fc.uniqueArray(fc.constantFrom(...rollupMetrics), { minLength: 1, maxLength: 4 }),
        dimensions: fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 2 }),
        grain: fc.constantFrom(undefined, 'day', 'week', 'month', 'quarter'),
        timeRange: fc.option(
          fc
            .tuple(fc.integer({ min: 0, max: days.length - 1 }), fc.integer({ min: 0, max: 40 }))
            .map(([start, length]) => ({
              from: days[start] as string,
              to: days[Math.min(days.length - 1, start + length)] as string,
            })),
          { nil: undefined },
        ),
        filters: fc.array(
          fc.oneof(
            fc.constantFrom(...modes).map((m) => ({ field: 'mode', op: 'eq' as const, value: m })),
            fc
              .constantFrom(...refs.carriers)
              .map((c) => ({ field: 'carrier', op: 'neq' as const, value: c })),
            fc.constant({
              field: 'status',
              op: 'in' as const,
              value: ['delivered', 'exception'] as string[],
            }),
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['metrics', 'dimensions', 'filters'] },
    ),
  );

describe.each(testDialects)('rollups equal raw on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let refs: Refs;
  let nextId = 50_000;

  async function insertShipments(
    db: Kysely<DB>,
    orgId: number,
    rows: readonly Generated[],
  ): Promise<number[]> {
    const ids: number[] = [];
    for (const row of rows) {
      const id = nextId++;
      await db
        .insertInto('shipments')
        .values({
          ...row,
          id,
          org_id: orgId,
          source: 'manual',
          reference: `R${id}`,
          derivation_version: SHIPMENT_FACTS_VERSION,
        })
        .execute();
      ids.push(id);
    }
    return ids;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    const org = await insertHandBuiltOrg(database.db, 1, 'prop');
    await insertHandBuiltOrg(database.db, 2, 'prop-other');
    refs = {
      carriers: [org.carriers.acme, org.carriers.blue, null],
      customers: [org.customers.c1, org.customers.c2, null],
      facilities: [org.facility, null],
    };
    await database.db
      .insertInto('exchange_rates')
      .values(
        days
          .filter((_, i) => i % 3 !== 0)
          .map((day, i) => ({
            id: 9_000 + i,
            org_id: 1,
            currency: 'EUR',
            quote_currency: 'USD',
            day,
            rate: 1 + (i % 7) / 100,
          })),
      )
      .execute();
    const rows = fc.sample(shipmentArbitrary(refs), { numRuns: 300, seed: 7 });
    await insertShipments(database.db, 1, rows);
    await rebuildRollups(database.db, 1);
    await rebuildRollups(database.db, 2);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function assertSameAnswers(seed: number) {
    await fc.assert(
      fc.asyncProperty(queryArbitrary(refs), async (query) => {
        const fromRollups = await runQuery(database.db, systemCaller(1), query);
        const fromRaw = await runQuery(database.db, systemCaller(1), query, { rawOnly: true });
        expect(fromRollups.servedFrom).toBe('rollup');
        expect(fromRaw.servedFrom).toBe('raw');
        expect(fromRollups.columns).toEqual(fromRaw.columns);
        expect(fromRollups.rows).toEqual(fromRaw.rows);
        expect(fromRollups.notes).toEqual(fromRaw.notes);
      }),
      { numRuns: 30, seed },
    );
  }

  it('answers random queries the same from rollups and raw rows', async () => {
    await assertSameAnswers(11);
  }, 120_000);

  it('still does after random inserts, updates and archives through the rollup hooks', async () => {
    const db = database.db;
    const changes = fc.sample(
      fc.record({
        kind: fc.constantFrom('insert', 'update', 'archive'),
        count: fc.integer({ min: 1, max: 8 }),
        rows: fc.array(shipmentArbitrary(refs), { minLength: 8, maxLength: 8 }),
      }),
      { numRuns: 25, seed: 5 },
    );
    for (const change of changes) {
      await db.transaction().execute(async (trx) => {
        if (change.kind === 'insert') {
          const ids = await insertShipments(trx, 1, change.rows.slice(0, change.count));
          await afterShipmentChange(trx, 1, ids);
          return;
        }
        const targets = await trx
          .selectFrom('shipments')
          .select('id')
          .where('org_id', '=', 1)
          .where('archived_at', 'is', null)
          .orderBy('id')
          .limit(change.count)
          .offset((change.count * 7) % 200)
          .execute();
        const ids = targets.map((t) => t.id);
        await beforeShipmentChange(trx, 1, ids);
        for (const [i, id] of ids.entries()) {
          const next = change.rows[i] as Generated;
          await trx
            .updateTable('shipments')
            .set(
              change.kind === 'archive'
                ? { archived_at: new Date('2026-03-02T00:00:00Z') }
                : { ...next, archived_at: null },
            )
            .where('id', '=', id)
            .execute();
        }
        await afterShipmentChange(trx, 1, ids);
      });
    }
    await assertSameAnswers(13);
  }, 180_000);
});
