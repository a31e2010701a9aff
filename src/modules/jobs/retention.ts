import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import { finishedStates, type JobDefinition } from './contract.js';
import { defineJob } from './define.js';

const BATCH = 500;

/**
 * Deletes finished jobs (succeeded, dead, cancelled) that finished before `before`, with their
 * attempts and events (the foreign keys cascade). In batches, so no single statement holds locks
 * on a large part of the table. Returns how many jobs went.
 */
export async function deleteFinishedJobs(db: Kysely<DB>, before: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await db
      .selectFrom('jobs')
      .select('id')
      .where('state', 'in', [...finishedStates])
      .where('finished_at', '<', before)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (ids.length === 0) return deleted;
    const result = await db
      .deleteFrom('jobs')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      // A job retried by hand since the select is no longer finished: it stays.
      .where('state', 'in', [...finishedStates])
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (ids.length < BATCH) return deleted;
  }
}

/** The daily sweep of finished jobs older than the retention period (LANEWISE_JOB_RETENTION_DAYS). */
export function finishedJobsSweepJob(retentionDays: number): JobDefinition {
  return defineJob({
    type: 'housekeeping.finished-jobs',
    payload: z.object({}),
    maxAttempts: 3,
    async handle({ db }) {
      const before = new Date(Date.now() - retentionDays * 86_400_000);
      return { deleted: await deleteFinishedJobs(db, before) };
    },
  });
}
