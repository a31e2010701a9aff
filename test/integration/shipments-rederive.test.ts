import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Row } from '../../src/db/types.js';
import { jobDefinitions } from '../../src/jobs.js';
import { rebuildRollups, SHIPMENT_FACTS_VERSION } from '../../src/modules/analytics/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import type { Progress } from '../../src/modules/jobs/index.js';
import { createJobQueue, findJob, type JobQueue, jobEventsAfter } from '../../src/modules/jobs/index.js';
import {
  enqueueRederivations,
  REDERIVE_JOB,
  rederiveShipments,
  type ShipmentInput,
  writeShipments,
} from '../../src/modules/shipments/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { silentLog, testJobsConfig, waitFor } from '../support/job-behaviour.js';

/**
 * The shipments.rederive job (issue #9 part 7): shipments of an older derivation (0008's default
 * version 1, or 0 after a change of the reporting zone) get their days and the current version,
 * chunk by chunk, with the rollups equal to a rebuild at every commit; a second run does nothing.
 */

// Hand-picked instants on either side of midnight in Chicago (UTC−6 in winter, −5 from 8 March 2026).
const R1 = {
  reference: 'R-1',
  mode: 'ftl',
  status: 'delivered',
  origin: { city: 'Chicago', country: 'US' },
  destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
  plannedPickupAt: '2026-03-03T03:00:00Z',
  plannedDeliveryAt: '2026-03-05T12:00:00Z',
  actualPickupAt: '2026-03-03T04:00:00Z', // 2 March, 22:00 in Chicago
  actualDeliveryAt: '2026-03-05T02:00:00Z', // 4 March, 20:00 in Chicago
  weightKg: 1000,
  freightCost: { amount: 500, currency: 'USD' },
};
const R2 = {
  reference: 'R-2',
  mode: 'ltl',
  plannedPickupAt: '2026-03-10T15:00:00Z', // 10 March, 10:00 in Chicago
  freightCost: { amount: 80, currency: 'USD' },
};
const pad = (n: number) => String(n).padStart(2, '0');
// 20 more: even ones picked up at 14:00 UTC (the same day in Chicago), odd ones at 02:00 UTC (the day before).
const fillers = Array.from({ length: 20 }, (_, i) => ({
  reference: `F-${String(i).padStart(2, '0')}`,
  mode: i % 3 === 0 ? 'air' : 'road',
  origin: { city: 'Chicago', country: 'US' },
  destination: { city: i % 2 ? 'Denver' : 'Dallas', country: 'US' },
  plannedPickupAt: `2026-04-${pad(i + 1)}T${i % 2 ? '02' : '14'}:00:00Z`,
  weightKg: 100 + i,
}));
// Filler i is picked up on 1 + i April: odd ones at 21:00 the evening before in Chicago.
const chicagoDayOfFiller = (i: number) => `2026-04-${pad(i % 2 === 0 ? i + 1 : i)}`;

describe.each(testDialects)('shipments.rederive on %s', (dialect) => {
  let ctx: TestContext;
  let queue: JobQueue;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    queue = await createJobQueue({
      database: ctx.database,
      config: testJobsConfig,
      definitions: jobDefinitions(ctx.config),
      log: silentLog,
    });
  });
  afterAll(async () => {
    await queue?.close(0);
    await ctx?.close();
  });

  const db = () => ctx.database.db;

  /** A new organization with and the fillers written through the write path. */
  async function seed(slug: string, extra: ShipmentInput[] = []): Promise<number> {
    const { orgId } = await createOrgWithUsers(db(), { slug });
    const items = [R1, R2, ...fillers].map((item) => ({ op: 'upsert' as const, item: item as never }));
    const results = await db()
      .transaction()
      .execute((trx) => writeShipments(trx, systemCaller(orgId), [...items, ...extra], { mode: 'all' }));
    expect(results.every((r) => r.result === 'inserted')).toBe(true);
    return orgId;
  }

  const shipmentsOf = async (orgId: number) =>
    (await db().selectFrom('shipments').selectAll().where('org_id', '=', orgId).orderBy('id').execute()).map(
      comparable,
    );
  const byReference = async (orgId: number) =>
    new Map((await shipmentsOf(orgId)).map((s) => [s.reference, s]));

  /** What a migration to 0008 left: version 1, no days; or a zone change: version 0. */
  async function markStale(orgId: number, version: 0 | 1) {
    const stale = version === 1 ? { ship_day: null, delivery_day: null } : {};
    await db()
      .updateTable('shipments')
      .set({ derivation_version: version, ...stale })
      .where('org_id', '=', orgId)
      .execute();
  }

  async function rollupRows(orgId: number) {
    const rows: Record<string, unknown>[] = [];
    for (const table of ['analytics_shipment_lanes', 'analytics_shipment_parties'] as const) {
      const found = await db()
        .selectFrom(table)
        .selectAll()
        .where('org_id', '=', orgId)
        .where('shipments', '<>', 0)
        .execute();
      rows.push(...found.map((r) => ({ table, ...comparable(r) })));
    }
    return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  /** The rollups as they are equal what a rebuild from the shipments gives (and are not empty). */
  async function expectRollupsOfRebuild(orgId: number, step: string) {
    const kept = await rollupRows(orgId);
    expect(kept.length, `${step}: rollup rows exist`).toBeGreaterThan(0);
    await rebuildRollups(db(), orgId);
    expect(await rollupRows(orgId), step).toEqual(kept);
  }

  /** Runs a job to its end with a worker of this test's queue (none runs between tests). */
  async function finish(jobId: number) {
    const worker = queue.startWorker({ concurrency: 1 });
    try {
      return await waitFor(`${REDERIVE_JOB} ${jobId}`, async () => {
        const found = await findJob(db(), 'all', jobId);
        if (found?.state === 'dead') throw new Error(`job died: ${JSON.stringify(found.error)}`);
        return found?.state === 'succeeded' ? found : undefined;
      });
    } finally {
      await worker.stop(0);
    }
  }

  async function runJob(orgId: number) {
    const { job } = await queue.enqueue(REDERIVE_JOB, {}, { orgId, createdBy: 'system' });
    const done = await finish(job.id);
    const events = await jobEventsAfter(db(), 'all', job.id, 0, 1000);
    return { job: done, progress: events.filter((e) => e.kind === 'progress').map((e) => e.data) };
  }

  it('gives rows of version 1 their days and the version, keeps the rollups right, and runs once', async () => {
    const orgId = await seed('rederive-v1');
    const other = await seed('rederive-v1-other');
    const written = await shipmentsOf(orgId);
    expect(written.every((s) => s.derivation_version === SHIPMENT_FACTS_VERSION)).toBe(true);
    await markStale(orgId, 1);
    await markStale(other, 1);
    // A migrated database has no rollups of such rows yet.
    await rebuildRollups(db(), orgId);
    expect(await rollupRows(orgId)).toEqual([]);

    const { job, progress } = await runJob(orgId);
    expect(job.result).toMatchObject({ rederived: 22, changed: 22, passes: 1, rebuilt: true });
    // Exactly what the write path stored: days, version, and nothing else touched (updated_at neither).
    expect(await shipmentsOf(orgId)).toEqual(written);
    const r1 = (await byReference(orgId)).get('R-1');
    expect([r1?.ship_day, r1?.delivery_day]).toEqual(['2026-03-03', '2026-03-05']);
    await expectRollupsOfRebuild(orgId, 'after the job');
    expect(progress.at(-1)).toMatchObject({ done: 22, total: 22, unit: 'shipments' });
    // Only its own organization's rows.
    expect((await shipmentsOf(other)).every((s) => s.derivation_version === 1 && s.ship_day === null)).toBe(
      true,
    );

    const again = await runJob(orgId);
    expect(again.job.result).toMatchObject({ rederived: 0, changed: 0, passes: 0, rebuilt: false });
    expect(await shipmentsOf(orgId)).toEqual(written);
    // Leave no stale organization behind for the startup test.
    expect(await rederiveShipments(db(), other)).toMatchObject({ rederived: 22 });
  });

  it('re-derives in a new reporting zone chunk by chunk, writing only what changed', async () => {
    const orgId = await seed('rederive-zone');
    const before = await byReference(orgId);
    expect([before.get('R-1')?.ship_day, before.get('R-1')?.delivery_day]).toEqual([
      '2026-03-03',
      '2026-03-05',
    ]);
    // As PATCH /analytics/settings does: a new zone, every row marked 0, the rollups left as they were.
    await db()
      .updateTable('organizations')
      .set({ reporting_timezone: 'America/Chicago' })
      .where('id', '=', orgId)
      .execute();
    await markStale(orgId, 0);

    const reports: Progress[] = [];
    const summary = await rederiveShipments(db(), orgId, { chunk: 5, progress: (p) => void reports.push(p) });
    // R-1's two days and the 10 odd fillers' ship day move back a day; R-2 and the even ones stay.
    expect(summary).toEqual({ rederived: 22, changed: 11, passes: 1, rebuilt: true });
    const after = await byReference(orgId);
    expect([after.get('R-1')?.ship_day, after.get('R-1')?.delivery_day]).toEqual([
      '2026-03-02',
      '2026-03-04',
    ]);
    expect([after.get('R-2')?.ship_day, after.get('R-2')?.delivery_day]).toEqual(['2026-03-10', null]);
    for (const [i, f] of fillers.entries()) {
      expect(after.get(f.reference)?.ship_day, f.reference).toBe(chicagoDayOfFiller(i));
    }
    for (const [reference, row] of after) {
      const { ship_day: _s, delivery_day: _d, ...rest } = row;
      const { ship_day: _bs, delivery_day: _bd, ...was } = before.get(reference) as typeof row;
      expect(rest, reference).toEqual(was); // lane, on time, updated_at… as they were; version current
    }
    expect(reports.filter((p) => p.message === undefined).map((p) => p.done)).toEqual([5, 10, 15, 20, 22]);
    await expectRollupsOfRebuild(orgId, 'after the zone change');

    // The analytics layer answers in the new zone from the rollups again.
    const { runQuery } = await import('../../src/modules/analytics/index.js');
    const answer = await runQuery(db(), systemCaller(orgId), {
      metrics: ['shipments'],
      timeRange: { from: '2026-03-02', to: '2026-03-02' },
    });
    expect(answer.servedFrom).toBe('rollup');
    expect(answer.rows).toEqual([{ shipments: 1 }]);
  });

  it('stops when cancelled with the rollups right, and a second run finishes', async () => {
    const orgId = await seed('rederive-cancel');
    const written = await shipmentsOf(orgId);
    await markStale(orgId, 1);
    const controller = new AbortController();
    await expect(
      rederiveShipments(db(), orgId, {
        chunk: 4,
        signal: controller.signal,
        progress: (p) => {
          if (p.done === 8) controller.abort();
        },
      }),
    ).rejects.toThrow();
    const halfway = await shipmentsOf(orgId);
    expect(halfway.filter((s) => s.derivation_version === SHIPMENT_FACTS_VERSION)).toHaveLength(8);
    await expectRollupsOfRebuild(orgId, 'after a cancelled run');

    const rest = await rederiveShipments(db(), orgId, { chunk: 4 });
    expect(rest).toMatchObject({ rederived: 14, passes: 1 });
    expect(await shipmentsOf(orgId)).toEqual(written);
  });

  it('starts over in the new zone when the zone changes while it runs', async () => {
    const orgId = await seed('rederive-race');
    // Already marked by an earlier zone change (to UTC), and the zone changes again meanwhile.
    await markStale(orgId, 0);
    let changedZone = false;
    const summary = await rederiveShipments(db(), orgId, {
      chunk: 6,
      progress: async (p) => {
        if (changedZone || p.done !== 6) return;
        changedZone = true;
        // What the settings change does between two chunks, in its own transaction.
        await db()
          .updateTable('organizations')
          .set({ reporting_timezone: 'America/Chicago' })
          .where('id', '=', orgId)
          .execute();
        await markStale(orgId, 0);
      },
    });
    expect(summary).toMatchObject({ rederived: 6 + 22, passes: 2, rebuilt: true });
    const after = await byReference(orgId);
    expect([after.get('R-1')?.ship_day, after.get('R-1')?.delivery_day]).toEqual([
      '2026-03-02',
      '2026-03-04',
    ]);
    expect([...after.values()].every((s) => s.derivation_version === SHIPMENT_FACTS_VERSION)).toBe(true);
    await expectRollupsOfRebuild(orgId, 'after a zone change mid-run');
  });

  it('is enqueued at startup, once per organization with stale rows', async () => {
    const stale = await seed('rederive-start');
    const fresh = await seed('rederive-start-fresh');
    const written = await shipmentsOf(stale);
    await markStale(stale, 1);
    const jobsOf = () =>
      db()
        .selectFrom('jobs')
        .select(['id', 'org_id', 'state', 'dedupe_key', 'created_by'])
        .where('type', '=', REDERIVE_JOB)
        .where('org_id', 'in', [stale, fresh])
        .execute();
    // A server starting on this database (its own queue; no worker runs here).
    const app = await buildApp(ctx.config, { database: ctx.database, worker: false });
    await app.ready();
    await app.close();
    const queued = await jobsOf();
    expect(queued.map((j) => [Number(j.org_id), j.state, j.dedupe_key, j.created_by])).toEqual([
      [stale, 'queued', 'rederive', 'system'],
    ]);
    // A worker starting meanwhile gets the same job back, not a second one.
    expect(await enqueueRederivations(db(), queue)).toEqual([stale]);
    expect((await jobsOf()).map((j) => j.id)).toEqual(queued.map((j) => j.id));

    await finish(Number(queued[0]?.id));
    expect(await shipmentsOf(stale)).toEqual(written);
    // Nothing stale is left: the next start enqueues nothing.
    expect(await enqueueRederivations(db(), queue)).toEqual([]);
  });
});

/** A row with instants as ISO text and numeric text as numbers: comparable across dialects. */
function comparable<T extends object>(row: T): T & Row<'shipments'> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v instanceof Date
        ? v.toISOString()
        : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)
          ? Number(v)
          : v,
    ]),
  ) as T & Row<'shipments'>;
}
