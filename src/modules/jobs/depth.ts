import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { JobState } from './contract.js';

/** How many jobs of one type are in one state, installation-wide. */
export interface JobCount {
  readonly type: string;
  readonly state: JobState;
  readonly count: number;
}

/**
 * Jobs by type and state across every organization (the queue-depth gauge reads it at scrape
 * time). Only pairs that have jobs are returned. It reads the whole table: retention keeps
 * finished jobs to LANEWISE_JOB_RETENTION_DAYS, which bounds its cost.
 */
export async function countJobsByTypeAndState(db: Kysely<DB>): Promise<JobCount[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(({ fn }) => ['type', 'state', fn.countAll<number | string>().as('count')])
    .groupBy(['type', 'state'])
    .execute();
  // COUNT is a bigint: MySQL and PostgreSQL drivers may hand it over as a string.
  return rows.map((r) => ({ type: r.type, state: r.state, count: Number(r.count) }));
}
