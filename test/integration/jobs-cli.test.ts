import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { jobsCommand } from '../../src/cli/jobs.js';
import { insertOne } from '../../src/db/bulk.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { defineJob, type Job, type JobDefinition } from '../../src/modules/jobs/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { createTestDatabase, databaseUrlOf, type TestDatabase, testDialects } from '../support/databases.js';

/** `lanewise jobs list|show|cancel|retry`: the operator's view across organizations. */
// Retrying needs the job's type to be known to the queue (it validates the payload again).
const importJob = defineJob({
  type: 'imports.shipments',
  payload: z.object({}),
  async handle() {
    return undefined;
  },
}) as unknown as JobDefinition;

describe.each(testDialects)('the jobs CLI on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let queuedId: number;
  let deadId: number;
  let systemId: number;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    const a = await createOrganization(database.db, { slug: 'cli-a', name: 'CLI A' });
    const b = await createOrganization(database.db, { slug: 'cli-b', name: 'CLI B' });
    const now = new Date();
    const tomorrow = new Date(now.getTime() + 24 * 3600_000);
    queuedId = await insertOne(database.db, 'jobs', {
      org_id: a.id,
      type: 'reports.build',
      state: 'queued',
      payload: '{"secret":"never shown"}',
      run_at: tomorrow,
      max_attempts: 3,
    });
    deadId = await insertOne(database.db, 'jobs', {
      org_id: b.id,
      type: 'imports.shipments',
      state: 'dead',
      payload: '{}',
      run_at: now,
      attempts: 1,
      max_attempts: 1,
      error: JSON.stringify({ code: 'IMPORT_SOURCE_UNREACHABLE', message: 'The SFTP server refused.' }),
      finished_at: now,
    });
    await database.db
      .insertInto('job_attempts')
      .values({
        job_id: deadId,
        attempt: 1,
        worker: 'host:1:abcd',
        started_at: now,
        finished_at: now,
        outcome: 'failed',
        error: JSON.stringify({ code: 'IMPORT_SOURCE_UNREACHABLE', message: 'The SFTP server refused.' }),
      })
      .execute();
    systemId = await insertOne(database.db, 'jobs', {
      org_id: null,
      type: 'housekeeping.idempotency-keys',
      state: 'succeeded',
      payload: '{}',
      run_at: now,
      attempts: 1,
      max_attempts: 5,
      result: '{"deleted":12}',
      finished_at: now,
    });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  /** Runs `lanewise jobs …` in-process against the test database; returns what it printed. */
  async function cli(...args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const program = jobsCommand({ definitions: [importJob], schedules: [] });
      program.exitOverride();
      for (const sub of program.commands) sub.exitOverride();
      await program.parseAsync([...args, '--database-url', databaseUrlOf(testDb.target)], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }
  const state = async (id: number) =>
    (await database.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirstOrThrow())
      .state;

  it('lists every organization’s jobs and the installation’s own, newest first, as a table', async () => {
    const lines = (await cli('list')).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*id\s+org\s+type\s+state\s+tries/);
    expect(lines.slice(1).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([systemId, deadId, queuedId]);
    expect(lines[1]).toMatch(/\(system\)\s+housekeeping\.idempotency-keys\s+succeeded/);
    expect(lines[2]).toMatch(/cli-b\s+imports\.shipments\s+dead\s+1\/1 .*IMPORT_SOURCE_UNREACHABLE/);
    expect(lines[3]).toMatch(/cli-a\s+reports\.build\s+queued\s+0\/3/);
  });

  it('narrows by organization, state and type, and prints JSON for scripts', async () => {
    const ofA = JSON.parse(await cli('list', '--org', 'cli-a', '--json')) as Job[];
    expect(ofA.map((j) => j.id)).toEqual([queuedId]);
    expect(JSON.stringify(ofA)).not.toContain('never shown');
    const dead = JSON.parse(await cli('list', '--state', 'dead', '--json')) as Job[];
    expect(dead.map((j) => j.id)).toEqual([deadId]);
    const typed = JSON.parse(await cli('list', '--type', 'reports.build', '--json')) as Job[];
    expect(typed.map((j) => j.id)).toEqual([queuedId]);
    expect((await cli('list', '--org', 'cli-a', '--state', 'running')).trim()).toBe('no jobs');
    await expect(cli('list', '--state', 'paused')).rejects.toThrow(/paused/);
    await expect(cli('list', '--limit', '0')).rejects.toThrow(/from 1 to 500/);
  });

  it('shows a job with its error and every attempt', async () => {
    const text = await cli('show', String(deadId));
    expect(text).toMatch(/state\s+dead/);
    expect(text).toContain('IMPORT_SOURCE_UNREACHABLE: The SFTP server refused.');
    expect(text).toMatch(/#1 .* failed {2}host:1:abcd/);
    const shown = JSON.parse(await cli('show', String(systemId), '--json')) as Job;
    expect(shown).toMatchObject({ id: systemId, result: { deleted: 12 } });
  });

  it('cancels and retries within the scope it is given, audited as the system', async () => {
    await expect(cli('cancel', String(queuedId), '--org', 'cli-b')).rejects.toMatchObject({
      code: 'JOBS_NOT_FOUND',
    });
    expect(await state(queuedId)).toBe('queued');
    expect(await cli('cancel', String(queuedId))).toMatch(/cancelled/);
    expect(await state(queuedId)).toBe('cancelled');
    await expect(cli('cancel', String(queuedId))).rejects.toMatchObject({ code: 'JOBS_NOT_CANCELLABLE' });

    const retried = JSON.parse(await cli('retry', String(deadId), '--org', 'cli-b', '--json')) as Job;
    expect(retried).toMatchObject({ id: deadId, state: 'queued' });
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_type', 'target_id'])
      .where('action', 'like', 'jobs.%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'jobs.cancelled', actor_type: 'system', target_id: String(queuedId) },
      { action: 'jobs.retried', actor_type: 'system', target_id: String(deadId) },
    ]);
  });
});
