import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/connect.js';
import { jobDefinitions } from '../../src/jobs.js';
import { dataVersionOf, REDERIVE_JOB, reportingSettingsOf } from '../../src/modules/analytics/index.js';
import { createJobQueue, defineJob, type JobDefinition } from '../../src/modules/jobs/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { createOrgDataset } from '../support/factories.js';

/**
 * Reporting settings through the API: read, change, audit, and what a new time zone sets off
 * (every shipment of the organization marked for re-derivation, one job enqueued).
 */

// The shipments module defines the re-derivation job; until it is in src/jobs.ts the queue gets
// a definition of that type here (no worker runs in this suite, so its handler never does).
const rederiveStandIn = defineJob({
  type: REDERIVE_JOB,
  payload: z.object({}).strict(),
  async handle() {
    throw new Error('no worker runs in this suite');
  },
});

function queueWithRederive(database: Database, config: Config) {
  const definitions = jobDefinitions(config);
  if (!definitions.some((d) => d.type === REDERIVE_JOB)) {
    definitions.push(rederiveStandIn as unknown as JobDefinition);
  }
  return createJobQueue({
    database,
    config: config.jobs,
    definitions,
    schedules: [],
    log: pino({ level: 'silent' }),
  });
}

interface Tenant {
  readonly orgId: number;
  readonly shipmentIds: number[];
  readonly admin: Record<string, string>;
  readonly analyst: Record<string, string>;
  readonly viewer: Record<string, string>;
}

describe.each(testDialects)('analytics settings on %s', (dialect) => {
  let ctx: TestContext;
  let a: Tenant;
  let b: Tenant;
  let empty: Tenant;

  async function tenant(slug: string, shipments: number): Promise<Tenant> {
    const db = ctx.database.db;
    const dataset = shipments > 0 ? await createOrgDataset(db, { slug, shipments }) : undefined;
    const org = await createOrgWithUsers(db, { slug, ...(dataset ? { orgId: dataset.orgId } : {}) });
    const token = async (role: 'admin' | 'analyst' | 'viewer') =>
      bearer(await accessTokenFor(ctx.app, org.users[role].id, org.orgId));
    return {
      orgId: org.orgId,
      shipmentIds: dataset?.shipmentIds ?? [],
      admin: await token('admin'),
      analyst: await token('analyst'),
      viewer: await token('viewer'),
    };
  }

  const settings = (who: Record<string, string>) => send(ctx.app, 'GET', '/api/v1/analytics/settings', who);
  const patch = (who: Record<string, string>, body: unknown) =>
    send(ctx.app, 'PATCH', '/api/v1/analytics/settings', who, body);
  const versions = async (orgId: number) =>
    (
      await ctx.database.db
        .selectFrom('shipments')
        .select('derivation_version')
        .where('org_id', '=', orgId)
        .execute()
    ).map((r) => Number(r.derivation_version));
  const jobsOf = (orgId: number) =>
    ctx.database.db
      .selectFrom('jobs')
      .select(['id', 'type', 'state', 'payload', 'dedupe_key', 'created_by'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  const audits = (orgId: number) =>
    ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'target_type', 'target_id', 'details'])
      .where('org_id', '=', orgId)
      .where('action', '=', 'analytics.settings_changed')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    ctx = await createTestApp(dialect, { queue: queueWithRederive });
    a = await tenant('settings-a', 5);
    b = await tenant('settings-b', 3);
    empty = await tenant('settings-empty', 0);
  });
  afterAll(() => ctx?.close());

  it('answers the defaults to every reader', async () => {
    for (const who of [a.viewer, a.analyst, a.admin]) {
      const res = await settings(who);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ reportingCurrency: 'USD', reportingTimezone: 'UTC' });
    }
    expect(await reportingSettingsOf(ctx.database.db, a.orgId)).toEqual({ currency: 'USD', timezone: 'UTC' });
  });

  it('changes the currency: audited, data version bumped, nothing to re-derive', async () => {
    const version = await dataVersionOf(ctx.database.db, a.orgId);
    const before = await versions(a.orgId);
    const res = await patch(a.analyst, { reportingCurrency: 'EUR' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ reportingCurrency: 'EUR', reportingTimezone: 'UTC', rederivation: null });
    expect((await settings(a.viewer)).json()).toEqual({ reportingCurrency: 'EUR', reportingTimezone: 'UTC' });
    expect(await dataVersionOf(ctx.database.db, a.orgId)).toBe(version + 1);
    expect(await versions(a.orgId)).toEqual(before);
    expect(await jobsOf(a.orgId)).toEqual([]);
    const [event, ...more] = await audits(a.orgId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ target_type: 'organization', target_id: String(a.orgId) });
    expect(JSON.parse(String(event?.details))).toEqual({
      before: { reportingCurrency: 'USD', reportingTimezone: 'UTC' },
      after: { reportingCurrency: 'EUR', reportingTimezone: 'UTC' },
      shipmentsToRederive: 0,
    });
    // Org B saw nothing of it.
    expect((await settings(b.admin)).json()).toEqual({ reportingCurrency: 'USD', reportingTimezone: 'UTC' });
  });

  it('changes the time zone: marks every shipment of the organization and enqueues one job', async () => {
    const othersBefore = await versions(b.orgId);
    const res = await patch(a.admin, { reportingTimezone: 'America/Chicago' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ reportingCurrency: 'EUR', reportingTimezone: 'America/Chicago' });
    expect(await versions(a.orgId)).toEqual(a.shipmentIds.map(() => 0));
    expect(await versions(b.orgId)).toEqual(othersBefore);

    const jobs = await jobsOf(a.orgId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'shipments.rederive', state: 'queued', dedupe_key: 'rederive' });
    expect(JSON.parse(String(jobs[0]?.payload))).toEqual({});
    expect(body.rederivation).toEqual({ jobId: Number(jobs[0]?.id) });
    expect(await jobsOf(b.orgId)).toEqual([]);

    const events = await audits(a.orgId);
    expect(JSON.parse(String(events.at(-1)?.details))).toMatchObject({
      after: { reportingTimezone: 'America/Chicago' },
      shipmentsToRederive: a.shipmentIds.length,
    });
    expect(await reportingSettingsOf(ctx.database.db, a.orgId)).toEqual({
      currency: 'EUR',
      timezone: 'America/Chicago',
    });
  });

  it('keeps to one queued job, and a repeated request answers it again without a change', async () => {
    const first = (await jobsOf(a.orgId))[0];
    const again = await patch(a.admin, { reportingTimezone: 'Europe/Berlin' });
    expect(again.json().rederivation).toEqual({ jobId: Number(first?.id) });
    const events = (await audits(a.orgId)).length;
    // The same zone again: nothing changes or is audited, and the client still learns the job.
    const same = await patch(a.admin, { reportingTimezone: 'Europe/Berlin' });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toEqual({
      reportingCurrency: 'EUR',
      reportingTimezone: 'Europe/Berlin',
      rederivation: { jobId: Number(first?.id) },
    });
    expect(await audits(a.orgId)).toHaveLength(events);
    expect(await jobsOf(a.orgId)).toHaveLength(1);
  });

  it('enqueues nothing for an organization without shipments', async () => {
    const res = await patch(empty.admin, { reportingTimezone: 'Asia/Tokyo', reportingCurrency: 'JPY' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      reportingCurrency: 'JPY',
      reportingTimezone: 'Asia/Tokyo',
      rederivation: null,
    });
    expect(await jobsOf(empty.orgId)).toEqual([]);
  });

  it('refuses what is not a currency, a zone or a change, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ reportingCurrency: 'EURO' }, 'body.reportingCurrency'],
      [{ reportingCurrency: 'eur' }, 'body.reportingCurrency'],
      [{ reportingTimezone: 'Mars/Olympus_Mons' }, 'body.reportingTimezone'],
      [{ reportingTimezone: 'CST' }, 'body.reportingTimezone'],
      [{ reportingCurrency: 'EUR', locale: 'de' }, 'body.locale'],
      [{}, 'body'],
    ];
    for (const [body, path] of cases) {
      const problem = expectProblem(await patch(b.admin, body), 400, 'REQUEST_INVALID');
      expect(problem.errors, JSON.stringify(body)).toEqual([expect.objectContaining({ path })]);
    }
    expect((await settings(b.admin)).json()).toEqual({ reportingCurrency: 'USD', reportingTimezone: 'UTC' });
  });

  it('lets only analytics managers change them', async () => {
    expectProblem(await patch(b.viewer, { reportingCurrency: 'GBP' }), 403, 'AUTH_FORBIDDEN');
    expect((await settings(b.viewer)).json()).toEqual({ reportingCurrency: 'USD', reportingTimezone: 'UTC' });
    expect(await jobsOf(b.orgId)).toEqual([]);
  });
});
