import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOne } from '../../src/db/bulk.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { type ImportTarget, type TargetOutcome, targetOf } from '../../src/modules/imports/targets/index.js';
import { lookupKey, resolveMasterData } from '../../src/modules/master-data/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { testDialects } from '../support/databases.js';

type Values = Record<string, unknown>;

/**
 * The import targets' writes (issue #11) against each dialect: records go through toItem and
 * write as the loader runs them — reference fields resolved by code in the importing
 * organization, one transaction per batch.
 */
describe.each(testDialects)('import targets on %s', (dialect) => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    orgA = (await createOrganization(ctx.database.db, { slug: 'targets-a', name: 'Targets A' })).id;
    orgB = (await createOrganization(ctx.database.db, { slug: 'targets-b', name: 'Targets B' })).id;
  });
  afterAll(() => ctx?.close());

  /** Maps, resolves and writes one batch; a record toItem refuses is answered refused, as the loader would. */
  async function load(
    target: ImportTarget,
    orgId: number,
    records: Values[],
    source = 'tms',
  ): Promise<TargetOutcome[]> {
    const context = { source, currency: 'USD' };
    const caller = systemCaller(orgId);
    return ctx.database.db.transaction().execute(async (trx) => {
      const references = target.fields.filter((f) => f.type === 'reference');
      const lookups = records.flatMap((values) =>
        references.flatMap((f) =>
          typeof values[f.name] === 'string'
            ? [
                {
                  table: f.lookup as NonNullable<typeof f.lookup>,
                  by: 'code' as const,
                  text: values[f.name] as string,
                  create: false,
                },
              ]
            : [],
        ),
      );
      const resolved = await resolveMasterData(trx, caller, lookups);
      const outcomes: (TargetOutcome | undefined)[] = [];
      const items: unknown[] = [];
      const at: number[] = [];
      records.forEach((values, index) => {
        const idOf = (field: string) => {
          const f = references.find((r) => r.name === field);
          const text = values[field];
          if (!f?.lookup || typeof text !== 'string') return null;
          return resolved.ids.get(lookupKey({ table: f.lookup, by: 'code', text })) ?? null;
        };
        const out = target.toItem(values, idOf, context);
        if ('reasons' in out) outcomes[index] = { result: 'refused', reasons: out.reasons };
        else {
          items.push(out.item);
          at.push(index);
        }
      });
      const written = await target.write(trx, caller, items);
      written.forEach((o, i) => {
        outcomes[at[i] as number] = o;
      });
      return outcomes as TargetOutcome[];
    });
  }

  const results = (outcomes: TargetOutcome[]) => outcomes.map((o) => o.result);
  const idOf = (o: TargetOutcome | undefined) => (o && 'id' in o ? o.id : -1);

  describe('tracking events', () => {
    const shipment = (reference: string) => ({
      reference,
      mode: 'ftl',
      plannedPickupAt: '2026-03-01T08:00:00Z',
      plannedDeliveryAt: '2026-03-04T17:00:00Z',
    });

    beforeAll(async () => {
      expect(results(await load(targetOf('shipments'), orgA, [shipment('TE-1'), shipment('TE-2')]))).toEqual([
        'inserted',
        'inserted',
      ]);
      expect(results(await load(targetOf('shipments'), orgB, [shipment('TE-B')]))).toEqual(['inserted']);
    });

    const shipmentRow = (reference: string) =>
      ctx.database.db
        .selectFrom('shipments')
        .select(['status', 'actual_pickup_at', 'actual_delivery_at'])
        .where('org_id', '=', orgA)
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();

    it('appends events through the shipment write path, once however often the feed is imported', async () => {
      const events = [
        // Out of order in the file: applied oldest first.
        { shipment: 'TE-1', code: 'DELIVERED', occurredAt: '2026-03-04T10:00:00-06:00', city: 'Dallas' },
        { shipment: 'TE-1', code: 'PICKED_UP', occurredAt: '2026-03-01T09:30:00Z' },
        { shipment: 'TE-1', code: 'PICKED_UP', occurredAt: '2026-03-01T09:30:00Z' },
      ];
      const first = await load(targetOf('tracking-events'), orgA, events);
      expect(results(first)).toEqual(['inserted', 'inserted', 'unchanged']);
      expect(idOf(first[2])).toBe(idOf(first[1]));
      const row = await shipmentRow('TE-1');
      expect(row.status).toBe('delivered');
      expect(new Date(row.actual_pickup_at as string).toISOString()).toBe('2026-03-01T09:30:00.000Z');
      expect(new Date(row.actual_delivery_at as string).toISOString()).toBe('2026-03-04T16:00:00.000Z');

      // The same instant written with another offset is the same event.
      const again = await load(targetOf('tracking-events'), orgA, [
        { ...events[0], occurredAt: '2026-03-04T16:00:00Z' },
        events[1] as Values,
      ]);
      expect(results(again)).toEqual(['unchanged', 'unchanged']);
      expect(again.map(idOf)).toEqual([idOf(first[0]), idOf(first[1])]);
      const stored = await ctx.database.db
        .selectFrom('tracking_events')
        .select(['code', 'source', 'city'])
        .where('org_id', '=', orgA)
        .orderBy('occurred_at')
        .execute();
      expect(stored).toEqual([
        { code: 'PICKED_UP', source: 'tms', city: null },
        { code: 'DELIVERED', source: 'tms', city: 'Dallas' },
      ]);
    });

    it('refuses an event of an unknown shipment or one that cannot have happened, and writes the others', async () => {
      const out = await load(targetOf('tracking-events'), orgA, [
        { shipment: 'TE-404', code: 'IN_TRANSIT', occurredAt: '2026-03-02T09:00:00Z' },
        { shipment: 'TE-2', code: 'IN_TRANSIT', occurredAt: '2026-03-02T09:00:00Z' },
        { shipment: 'TE-2', code: 'DELIVERED', occurredAt: '2099-01-01T00:00:00Z' },
        // Another organization's shipment is unknown here, and one of another source too.
        { shipment: 'TE-B', code: 'IN_TRANSIT', occurredAt: '2026-03-02T09:00:00Z' },
      ]);
      expect(results(out)).toEqual(['refused', 'inserted', 'refused', 'refused']);
      expect(out[0]).toMatchObject({ reasons: [{ field: 'shipment', rule: 'lookup' }] });
      expect(out[2]).toMatchObject({ reasons: [{ field: 'occurredAt', rule: 'write' }] });
      expect(out[3]).toMatchObject({ reasons: [{ field: 'shipment', rule: 'lookup' }] });
      const other = await load(
        targetOf('tracking-events'),
        orgA,
        [{ shipment: 'TE-2', code: 'IN_TRANSIT', occurredAt: '2026-03-02T10:00:00Z' }],
        'sap',
      );
      expect(other).toMatchObject([{ result: 'refused', reasons: [{ rule: 'lookup' }] }]);
      expect((await shipmentRow('TE-2')).status).toBe('in_transit');
      const theirs = await ctx.database.db
        .selectFrom('tracking_events')
        .select('id')
        .where('org_id', '=', orgB)
        .execute();
      expect(theirs).toEqual([]);
    });
  });

  describe('orders, one record per line', () => {
    const now = new Date();
    const line = (
      reference: string,
      lineNo: number,
      sku: string,
      qtyOrdered: number,
      extra: Values = {},
    ) => ({
      reference,
      orderDate: '2026-03-02',
      customer: 'C-1',
      'line.lineNo': lineNo,
      'line.product': sku,
      'line.qtyOrdered': qtyOrdered,
      ...extra,
    });
    const linesOf = (reference: string) =>
      ctx.database.db
        .selectFrom('order_lines')
        .innerJoin('orders', 'orders.id', 'order_lines.order_id')
        .select(['order_lines.line_no', 'order_lines.qty_ordered', 'order_lines.qty_shipped'])
        .where('orders.org_id', '=', orgA)
        .where('orders.reference', '=', reference)
        .orderBy('order_lines.line_no')
        .execute();

    beforeAll(async () => {
      for (const [org, sku] of [
        [orgA, 'SKU-1'],
        [orgA, 'SKU-2'],
        [orgB, 'SKU-B'],
      ] as const) {
        await insertOne(ctx.database.db, 'products', {
          org_id: org,
          sku,
          name: `Product ${sku}`,
          created_at: now,
          updated_at: now,
        });
      }
      await insertOne(ctx.database.db, 'customers', {
        org_id: orgA,
        code: 'C-1',
        name: 'Customer one',
        created_at: now,
        updated_at: now,
      });
    });

    it('makes orders of their lines, merges lines of later batches, and changes nothing on a re-import', async () => {
      const file = [
        line('SO-1', 1, 'SKU-1', 10, { 'line.unitPrice.amount': 2.5 }),
        line('SO-2', 1, 'SKU-2', 3),
        line('SO-1', 2, 'SKU-2', 4),
      ];
      const first = await load(targetOf('orders'), orgA, file);
      expect(results(first)).toEqual(['inserted', 'inserted', 'inserted']);
      expect(idOf(first[2])).toBe(idOf(first[0]));
      // A later batch of the same order: its line is added, the earlier ones stay.
      const later = await load(targetOf('orders'), orgA, [line('SO-1', 3, 'SKU-1', 1)]);
      expect(results(later)).toEqual(['inserted']);
      expect(idOf(later[0])).toBe(idOf(first[0]));
      expect((await linesOf('SO-1')).map((l) => l.line_no)).toEqual([1, 2, 3]);

      expect(results(await load(targetOf('orders'), orgA, file))).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      const changed = await load(targetOf('orders'), orgA, [
        line('SO-1', 2, 'SKU-2', 4, { 'line.qtyShipped': 4 }),
        line('SO-2', 1, 'SKU-2', 3, { promisedDate: '2026-03-09' }),
      ]);
      expect(results(changed)).toEqual(['updated', 'updated']);
      expect(await linesOf('SO-1')).toEqual([
        { line_no: 1, qty_ordered: 10, qty_shipped: 0 },
        { line_no: 2, qty_ordered: 4, qty_shipped: 4 },
        { line_no: 3, qty_ordered: 1, qty_shipped: 0 },
      ]);
      const order = await ctx.database.db
        .selectFrom('orders')
        .select(['promised_date', 'currency'])
        .where('org_id', '=', orgA)
        .where('reference', '=', 'SO-2')
        .executeTakeFirstOrThrow();
      expect(order).toEqual({ promised_date: '2026-03-09', currency: null });
    });

    it('refuses a bad line or order among good ones, and never resolves another organization’s rows', async () => {
      const out = await load(targetOf('orders'), orgA, [
        line('SO-3', 1, 'SKU-1', 5, { 'line.unitPrice.amount': 1, 'line.unitPrice.currency': 'USD' }),
        // Another organization's product is unknown here.
        line('SO-3', 2, 'SKU-B', 5),
        line('SO-3', 3, 'SKU-2', 5, { 'line.unitPrice.amount': 1, 'line.unitPrice.currency': 'EUR' }),
        line('SO-4', 1, 'SKU-1', 5, { requestedDate: '2026-03-01' }),
        line('SO-5', 1, 'SKU-1', 5),
        line('SO-5', 1, 'SKU-2', 6),
      ]);
      expect(results(out)).toEqual(['inserted', 'refused', 'refused', 'refused', 'inserted', 'refused']);
      expect(out[1]).toMatchObject({ reasons: [{ field: 'line.product', rule: 'schema' }] });
      expect(out[2]).toMatchObject({ reasons: [{ field: 'line.unitPrice.currency', rule: 'write' }] });
      expect(out[3]).toMatchObject({ reasons: [{ field: 'requestedDate', rule: 'write' }] });
      expect(out[5]).toMatchObject({ reasons: [{ field: 'line.lineNo', rule: 'duplicate' }] });
      expect((await linesOf('SO-3')).map((l) => l.line_no)).toEqual([1]);
      expect(await linesOf('SO-4')).toEqual([]);
      // The same reference in another organization is another order.
      const theirs = await load(targetOf('orders'), orgB, [line('SO-1', 1, 'SKU-B', 2, { customer: null })]);
      expect(results(theirs)).toEqual(['inserted']);
      expect(idOf(theirs[0])).not.toBe(-1);
      expect((await linesOf('SO-1')).length).toBe(3);
    });
  });

  describe('master data', () => {
    const facility = (code: string, extra: Values = {}) => ({
      code,
      name: `Facility ${code}`,
      kind: 'dc',
      city: 'Chicago',
      country: 'US',
      timezone: 'America/Chicago',
      ...extra,
    });
    const rowOf = (table: 'facilities' | 'products' | 'carriers', orgId: number) =>
      ctx.database.db.selectFrom(table).selectAll().where('org_id', '=', orgId).orderBy('id').execute();

    it('inserts by natural key, changes nothing on a re-import, updates what the file changes', async () => {
      const file = [facility('DC-1', { latitude: 41.8781 }), facility('DC-2')];
      const first = await load(targetOf('facilities'), orgA, file);
      expect(results(first)).toEqual(['inserted', 'inserted']);
      expect(results(await load(targetOf('facilities'), orgA, file))).toEqual(['unchanged', 'unchanged']);
      const changed = await load(targetOf('facilities'), orgA, [
        facility('DC-1', { latitude: 41.8781, name: 'Chicago DC' }),
      ]);
      expect(changed).toEqual([{ result: 'updated', id: idOf(first[0]) }]);
      expect((await rowOf('facilities', orgA)).map((r) => r.name)).toEqual(['Chicago DC', 'Facility DC-2']);

      const products = [
        { sku: 'P-1', name: 'Filter', unitWeightKg: 0.45, 'unitCost.amount': 3.2 },
        { sku: 'P-2', name: 'Pump', 'unitCost.amount': 120, 'unitCost.currency': 'EUR' },
      ];
      expect(results(await load(targetOf('products'), orgA, products))).toEqual(['inserted', 'inserted']);
      expect(results(await load(targetOf('products'), orgA, products))).toEqual(['unchanged', 'unchanged']);
      const stored = (await rowOf('products', orgA)).filter((r) => r.sku.startsWith('P-'));
      expect(stored.map((r) => [r.sku, Number(r.unit_cost), r.currency])).toEqual([
        ['P-1', 3.2, 'USD'],
        ['P-2', 120, 'EUR'],
      ]);

      const carriers = [{ name: 'Swift Freight', scac: 'SWFT' }, { name: 'Blue Line' }];
      expect(results(await load(targetOf('carriers'), orgA, carriers))).toEqual(['inserted', 'inserted']);
      expect(results(await load(targetOf('carriers'), orgA, [{ name: 'Blue Line', scac: 'BLLN' }]))).toEqual([
        'updated',
      ]);
      for (const target of ['customers', 'suppliers'] as const) {
        const parties = [{ code: 'X-1', name: 'Party one', country: 'DE' }];
        expect(results(await load(targetOf(target), orgA, parties))).toEqual(['inserted']);
        expect(results(await load(targetOf(target), orgA, parties))).toEqual(['unchanged']);
      }
    });

    it('refuses a bad row among good ones and keeps organizations apart', async () => {
      const out = await load(targetOf('facilities'), orgB, [
        facility('DC-1'),
        facility('DC-9', { timezone: 'Mars/Olympus' }),
        facility('DC-3'),
      ]);
      expect(results(out)).toEqual(['inserted', 'refused', 'inserted']);
      expect(out[1]).toMatchObject({ reasons: [{ field: 'timezone', rule: 'schema' }] });
      // DC-1 of B is its own row: A's keeps its name.
      expect(idOf(out[0])).not.toBe(-1);
      expect((await rowOf('facilities', orgB)).map((r) => r.code)).toEqual(['DC-1', 'DC-3']);
      expect((await rowOf('facilities', orgA)).map((r) => r.name)).toEqual(['Chicago DC', 'Facility DC-2']);
    });
  });

  describe('inventory', () => {
    // Facilities DC-1 (A and B) and DC-2 (A) and products SKU-1, SKU-2 (A) and SKU-B (B) come from the suites above.
    it('upserts snapshots by facility, product and day', async () => {
      const file = [
        { facility: 'DC-1', product: 'SKU-1', snapshotDate: '2026-03-04', onHand: 480, allocated: 40 },
        { facility: 'DC-2', product: 'SKU-1', snapshotDate: '2026-03-04', onHand: 12 },
      ];
      const first = await load(targetOf('inventory-snapshots'), orgA, file);
      expect(results(first)).toEqual(['inserted', 'inserted']);
      expect(results(await load(targetOf('inventory-snapshots'), orgA, file))).toEqual([
        'unchanged',
        'unchanged',
      ]);
      const changed = await load(targetOf('inventory-snapshots'), orgA, [{ ...file[0], onHand: 472 }]);
      expect(changed).toEqual([{ result: 'updated', id: idOf(first[0]) }]);
      const row = await ctx.database.db
        .selectFrom('inventory_snapshots')
        .select(['on_hand', 'allocated'])
        .where('id', '=', idOf(first[0]))
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ on_hand: 472, allocated: 40 });

      const mixed = await load(targetOf('inventory-snapshots'), orgA, [
        { facility: 'DC-1', product: 'SKU-2', snapshotDate: '2026-03-04', onHand: 5 },
        // Another organization's product does not resolve here; a day in the far future cannot be true.
        { facility: 'DC-1', product: 'SKU-B', snapshotDate: '2026-03-04', onHand: 5 },
        { facility: 'DC-1', product: 'SKU-2', snapshotDate: '2099-03-04', onHand: 5 },
      ]);
      expect(results(mixed)).toEqual(['inserted', 'refused', 'refused']);
      expect(mixed[1]).toMatchObject({ reasons: [{ field: 'product' }] });
    });

    it('appends movements once, and refuses one the ledger holds with another quantity', async () => {
      const file = [
        {
          facility: 'DC-1',
          product: 'SKU-1',
          kind: 'receipt',
          quantity: 200,
          occurredAt: '2026-03-04T09:30:00-06:00',
          reference: 'GRN-1',
        },
        {
          facility: 'DC-1',
          product: 'SKU-1',
          kind: 'shipment',
          quantity: -20,
          occurredAt: '2026-03-05T10:00:00Z',
        },
      ];
      const first = await load(targetOf('inventory-movements'), orgA, file);
      expect(results(first)).toEqual(['inserted', 'inserted']);
      expect(results(await load(targetOf('inventory-movements'), orgA, file))).toEqual([
        'unchanged',
        'unchanged',
      ]);
      const out = await load(targetOf('inventory-movements'), orgA, [
        { ...file[0], quantity: 210 },
        { ...file[1], kind: 'receipt' },
        {
          facility: 'DC-1',
          product: 'SKU-1',
          kind: 'receipt',
          quantity: -5,
          occurredAt: '2026-03-05T10:00:00Z',
        },
      ]);
      expect(results(out)).toEqual(['refused', 'refused', 'refused']);
      expect(out[0]).toMatchObject({ reasons: [{ field: 'quantity', rule: 'write' }] });
      expect(
        results(await load(targetOf('inventory-movements'), orgA, [{ ...file[1], kind: 'adjustment' }])),
      ).toEqual(['inserted']);
      const theirs = await load(targetOf('inventory-movements'), orgB, [
        { ...file[0], product: 'SKU-B' },
        { ...file[0], product: 'SKU-1' },
      ]);
      expect(results(theirs)).toEqual(['inserted', 'refused']);
    });
  });
});
