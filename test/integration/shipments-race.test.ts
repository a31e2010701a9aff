import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { writeShipments } from '../../src/modules/shipments/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Two writes of one shipment at once: the second waits for the first (the write locks the rows
 * it loads; SQLite has one writer at a time) and merges on what the first left, so the rollups
 * end equal to a rebuild.
 */
describe.each(testDialects)('concurrent updates of one shipment on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
  });
  afterAll(() => ctx?.close());
  it('keep the rollups equal to a rebuild', async () => {
    const db = ctx.database.db;
    const { orgId } = await createOrgWithUsers(db, { slug: 'race' });
    const caller = systemCaller(orgId);
    const [created] = await db.transaction().execute((trx) =>
      writeShipments(
        trx,
        caller,
        [
          {
            op: 'create',
            item: { reference: 'R', mode: 'ftl', plannedPickupAt: '2026-03-02T10:00:00Z', weightKg: 10 },
          },
        ],
        { mode: 'all' },
      ),
    );
    const id = (created as { id: number }).id;
    const rows = async () =>
      (
        await db
          .selectFrom('analytics_shipment_lanes')
          .select(['mode', 'shipments'])
          .where('org_id', '=', orgId)
          .where('shipments', '<>', 0)
          .execute()
      )
        .map((r) => `${r.mode}:${Number(r.shipments)}`)
        .sort();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const t1 = db.transaction().execute(async (trx) => {
      await writeShipments(trx, caller, [{ op: 'update', id, item: { mode: 'air' } }], { mode: 'all' });
      await gate;
    });
    await new Promise((r) => setTimeout(r, 200));
    const t2 = db
      .transaction()
      .execute((trx) =>
        writeShipments(trx, caller, [{ op: 'update', id, item: { mode: 'rail' } }], { mode: 'all' }),
      );
    await new Promise((r) => setTimeout(r, 500));
    open();
    await Promise.all([t1, t2]);
    const kept = await rows();
    await rebuildRollups(db, orgId);
    expect(kept).toEqual(await rows());
  });
});
