import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import type { DB, Row } from '../../db/types.js';
import type { ScheduleDefinition } from './contract.js';
import { type JobRegistry, jobDefaults, nextTick } from './define.js';
import { dedupeSlot, insertJobIn } from './store.js';
import { writeTransaction } from './transaction.js';

/**
 * Cron schedules (ADR 0013). Every worker writes the schedule rows at start and then, in its
 * loop, fires the ticks that are due. A tick fires once however many workers are up: the worker
 * whose UPDATE moves next_run_at away from the value it read (compare-and-set) enqueues the job
 * in the same transaction; every other worker's UPDATE matches no row. The next tick is counted
 * from now, so ticks missed while no worker ran fire once, not once per missed tick.
 */

/** Creates missing schedule rows and follows a changed cron expression. */
export async function upsertSchedules(db: Kysely<DB>, schedules: readonly ScheduleDefinition[], now: Date) {
  if (schedules.length === 0) return;
  const names = schedules.map((s) => s.name);
  const existing = await db
    .selectFrom('job_schedules')
    .select(['name', 'cron'])
    .where('name', 'in', names)
    .execute();
  const stored = new Map(existing.map((r) => [r.name, r.cron]));
  for (const schedule of schedules) {
    const cron = stored.get(schedule.name);
    if (cron === schedule.cron) continue;
    const next = nextTick(schedule.cron, now);
    if (cron === undefined) {
      try {
        await db
          .insertInto('job_schedules')
          .values({ name: schedule.name, cron: schedule.cron, next_run_at: next })
          .execute();
      } catch (error) {
        // Another worker starting at the same moment wrote it first.
        if (constraintViolation(error) !== 'unique') throw error;
      }
    } else {
      await db
        .updateTable('job_schedules')
        .set({ cron: schedule.cron, next_run_at: next })
        .where('name', '=', schedule.name)
        .where('cron', '=', cron)
        .execute();
    }
  }
}

/** Fires the due ticks this worker wins; returns the jobs it enqueued (to announce after commit). */
export async function fireDueSchedules(
  db: Kysely<DB>,
  registry: JobRegistry,
  now: Date,
): Promise<Row<'jobs'>[]> {
  const schedules = registry.schedules;
  if (schedules.length === 0) return [];
  const due = await db
    .selectFrom('job_schedules')
    .select(['name', 'cron', 'next_run_at'])
    .where(
      'name',
      'in',
      schedules.map((s) => s.name),
    )
    .where('next_run_at', '<=', now)
    .execute();
  const enqueued: Row<'jobs'>[] = [];
  for (const row of due) {
    const schedule = schedules.find((s) => s.name === row.name);
    // A row whose cron another version of the app changed: upsertSchedules of that version owns it.
    if (!schedule || schedule.cron !== row.cron) continue;
    const job = await writeTransaction(db, async (trx) => {
      const moved = await trx
        .updateTable('job_schedules')
        .set({ next_run_at: nextTick(schedule.cron, now), last_run_at: now })
        .where('name', '=', row.name)
        .where('next_run_at', '=', row.next_run_at)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return null;
      const key = `schedule:${schedule.name}`;
      // The previous tick's job is still queued or running: this tick is covered by it.
      const holder = await trx
        .selectFrom('jobs')
        .select('id')
        .where('dedupe_slot', '=', dedupeSlot(null, schedule.type, key))
        .executeTakeFirst();
      if (holder) return null;
      const definition = registry.get(schedule.type);
      const inserted = await insertJobIn(trx, {
        orgId: null,
        type: schedule.type,
        payload: JSON.stringify(definition?.payload.parse(schedule.payload) ?? schedule.payload),
        priority: 0,
        runAt: now,
        maxAttempts: definition?.maxAttempts ?? jobDefaults.maxAttempts,
        dedupeKey: key,
        createdBy: key,
        now,
      });
      await trx
        .updateTable('job_schedules')
        .set({ last_job_id: inserted.id })
        .where('name', '=', row.name)
        .execute();
      return inserted;
    });
    if (job) enqueued.push(job);
  }
  return enqueued;
}
