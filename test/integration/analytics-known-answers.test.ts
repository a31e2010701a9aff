import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { rebuildRollups, runQuery, type SemanticQueryInput } from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { type HandBuilt, insertHandBuiltOrg } from '../support/analytics-data.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * Every metric of the catalog on the hand-built organization (test/support/analytics-data.ts),
 * against figures worked out by hand in the comments. A second organization with the same rows
 * proves no figure leaks across tenants.
 */
describe.each(testDialects)('semantic layer known answers on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let org: HandBuilt;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    org = await insertHandBuiltOrg(database.db, 1, 'hand');
    await insertHandBuiltOrg(database.db, 2, 'twin');
    await rebuildRollups(database.db, 1);
    await rebuildRollups(database.db, 2);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const ask = (query: SemanticQueryInput) => runQuery(database.db, systemCaller(org.orgId), query);
  const single = async (metric: string, extra: Partial<SemanticQueryInput> = {}) => {
    const result = await ask({ metrics: [metric], ...extra });
    expect(result.rows).toHaveLength(1);
    return result.rows[0]?.[metric];
  };

  it('counts shipments, deliveries, in-transit and exceptions, leaving out the archived one', async () => {
    expect(await single('shipments')).toBe(6); // S1–S6
    expect(await single('deliveredShipments')).toBe(4); // S1, S2, S3, S6
    expect(await single('inTransitShipments')).toBe(1); // S4
    expect(await single('exceptions')).toBe(1); // S5
  });

  it('computes on-time, late, transit and delay over shipments where they are known', async () => {
    expect(await single('onTimeRate')).toBe(0.6667); // S1, S3 on time of S1, S2, S3 (S6 has no plan)
    expect(await single('lateShipments')).toBe(1); // S2
    expect(await single('avgTransitDays')).toBe(2.13); // (2 + 4 + 1 + 1.5) / 4 = 2.125
    expect(await single('transitDaysP50')).toBe(1.75); // 1, 1.5 | 2, 4: halfway between 1.5 and 2
    expect(await single('transitDaysP90')).toBe(3.4); // rank 2.7: 2 + 0.7 × (4 − 2)
    expect(await single('avgDelayHours')).toBe(9.67); // (−1 + 30 + 0) / 3
  });

  it('converts money at the rate of the shipment day and says how many rows it left out', async () => {
    const result = await ask({ metrics: ['freightCost', 'costPerShipment', 'goodsValue'] });
    // 100 + 200 + 300 EUR × 1.1 + 80; S4's 50 EUR has no rate on 2026-03-20.
    expect(result.rows[0]).toEqual({ freightCost: 710, costPerShipment: 177.5, goodsValue: 3400 });
    expect(result.notes).toContain(
      '1 shipments left out of freightCost, costPerShipment: no exchange rate into USD for their currency and day.',
    );
    expect(result.notes).toContain(
      '1 shipments left out of goodsValue: no exchange rate into USD for their currency and day.',
    );
    expect(result.columns.find((c) => c.name === 'freightCost')).toMatchObject({
      unit: 'USD',
      format: 'currency',
    });
  });

  it('computes ratios of sums over rows where both parts are known', async () => {
    expect(await single('costPerKg')).toBe(2.1); // (100 + 200 + 330) / (50 + 150 + 100)
    expect(await single('weight')).toBe(310); // 50 + 150 + 100 + 10
    expect(await single('freightShareOfGoodsValue')).toBe(0.1118); // (100 + 200 + 80) / (1000 + 2000 + 400)
  });

  it('computes order metrics, leaving cancelled orders out of lines', async () => {
    expect(await single('orders')).toBe(4);
    expect(await single('orderLines')).toBe(4); // L1–L4 (O4 is cancelled)
    expect(await single('unitsOrdered')).toBe(43); // 10 + 5 + 20 + 8
    expect(await single('unitsShipped')).toBe(34); // 10 + 4 + 20
    expect(await single('fillRate')).toBe(0.7907); // 34 / 43
    expect(await single('otifRate')).toBe(0.3333); // L1 of L1, L2, L3 (O3 not delivered)
    expect(await single('orderLeadTimeDays')).toBe(7); // (5 + 9) / 2
  });

  it('takes the last snapshot of each SKU × facility in the period, never a sum over days', async () => {
    const march = { timeRange: { from: '2026-03-01', to: '2026-03-31' } };
    expect(await single('onHand', march)).toBe(95); // P1 on 03-31 (90) + P2 on 03-31 (5)
    expect(await single('inventoryValue', march)).toBe(240); // 90 × 2 + 5 × 10 EUR × 1.2
    expect(await single('stockOutDays', march)).toBe(0);
    expect(await single('daysOfCover', march)).toBe(84.1); // 95 ÷ (35 units ordered ÷ 31 days)
    const byMonth = await ask({
      metrics: ['onHand', 'inventoryValue', 'stockOutDays'],
      grain: 'month',
      timeRange: { from: '2026-03-01', to: '2026-04-30' },
    });
    expect(byMonth.rows).toEqual([
      { period: '2026-03-01', onHand: 95, inventoryValue: 240, stockOutDays: 0 },
      // P1 on 04-02 (40) + P2 on 04-02 (7); P2's EUR cost has no rate on 04-02: left out.
      { period: '2026-04-01', onHand: 47, inventoryValue: 80, stockOutDays: 1 },
    ]);
    expect(byMonth.notes).toContain(
      '1 stock positions left out of inventoryValue: no exchange rate into USD for their currency and day.',
    );
  });

  it('breaks down by carrier from the rollups, and by customer from the other rollup', async () => {
    const byCarrier = await ask({ metrics: ['shipments', 'onTimeRate'], dimensions: ['carrier'] });
    expect(byCarrier.servedFrom).toBe('rollup');
    expect(byCarrier.rows).toEqual([
      { carrier: 'Acme Freight', carrierId: org.carriers.acme, shipments: 3, onTimeRate: 0.5 },
      { carrier: 'Blue Line', carrierId: org.carriers.blue, shipments: 2, onTimeRate: 1 },
      { carrier: null, carrierId: null, shipments: 1, onTimeRate: null },
    ]);
    const byCustomer = await ask({
      metrics: ['freightCost'],
      dimensions: ['customer'],
      orderBy: [{ field: 'customer', direction: 'asc' }],
    });
    expect(byCustomer.servedFrom).toBe('rollup');
    expect(byCustomer.rows).toEqual([
      { customer: 'Corner Shop', customerId: org.customers.c1, freightCost: 300 },
      { customer: 'Downtown Market', customerId: org.customers.c2, freightCost: 410 },
      { customer: null, customerId: null, freightCost: 0 },
    ]);
  });

  it('buckets by month and ISO week, filters by name and compares with the previous period', async () => {
    const byMonth = await ask({ metrics: ['shipments'], grain: 'month' });
    expect(byMonth.rows).toEqual([
      { period: '2026-03-01', shipments: 4 },
      { period: '2026-04-01', shipments: 2 },
    ]);
    // S1 (Mon 03-02) and S2 (Tue 03-03) share the week of Monday 2026-03-02.
    const byWeek = await ask({
      metrics: ['shipments'],
      grain: 'week',
      timeRange: { from: '2026-03-01', to: '2026-03-15' },
    });
    expect(byWeek.rows).toEqual([
      { period: '2026-03-02', shipments: 2 },
      { period: '2026-03-09', shipments: 1 },
    ]);
    const air = await ask({
      metrics: ['freightCost'],
      filters: [{ field: 'carrier', op: 'eq', value: 'blue line' }],
    });
    expect(air.rows).toEqual([{ freightCost: 330 }]);
    const compared = await ask({
      metrics: ['shipments'],
      timeRange: { from: '2026-04-01', to: '2026-04-30' },
      compare: 'previous_period',
    });
    expect(compared.rows).toEqual([
      { shipments: 2, shipmentsPrevious: 4, shipmentsChange: -2, shipmentsChangePct: -0.5 },
    ]);
  });

  it('answers filters on raw-only fields from the raw rows', async () => {
    const late = await ask({
      metrics: ['deliveredShipments'],
      filters: [{ field: 'onTime', op: 'eq', value: false }],
    });
    expect(late.servedFrom).toBe('raw');
    expect(late.rows).toEqual([{ deliveredShipments: 1 }]);
    const heavy = await ask({
      metrics: ['shipments'],
      filters: [{ field: 'weightKg', op: 'gt', value: 60 }],
    });
    expect(heavy.rows).toEqual([{ shipments: 2 }]); // S2 (150), S3 (100)
  });
});
