import { type Kysely, sql } from 'kysely';
import { currentSchemaVersion, latestSchemaVersion } from '../../db/migrator.js';
import type { DB } from '../../db/types.js';

export interface Readiness {
  readonly ready: boolean;
  readonly reason: string | null;
  readonly schemaVersion: string | null;
  readonly expectedSchemaVersion: string;
}

/** What readiness asks besides the database: the job queue's backend (Redis with BullMQ). */
export interface QueueHealth {
  health(): Promise<string | null>;
}

/**
 * Ready = the database answers, its schema is the one this build expects and the job queue's
 * backend answers (a process that cannot enqueue would refuse every request that starts a job).
 */
export async function checkReadiness(db: Kysely<DB>, queue?: QueueHealth): Promise<Readiness> {
  const expected = latestSchemaVersion;
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    return {
      ready: false,
      reason: `database unreachable: ${(err as Error).message}`,
      schemaVersion: null,
      expectedSchemaVersion: expected,
    };
  }
  let current: string;
  try {
    current = await currentSchemaVersion(db);
  } catch (err) {
    return {
      ready: false,
      reason: `cannot read schema version: ${(err as Error).message}`,
      schemaVersion: null,
      expectedSchemaVersion: expected,
    };
  }
  if (current !== expected) {
    return {
      ready: false,
      reason: `schema version ${current || '(none)'} is not ${expected}; run "lanewise migrate up"`,
      schemaVersion: current,
      expectedSchemaVersion: expected,
    };
  }
  const queueProblem = queue ? await queue.health().catch((err: Error) => err.message) : null;
  if (queueProblem !== null) {
    return {
      ready: false,
      reason: `job queue unavailable: ${queueProblem}`,
      schemaVersion: current,
      expectedSchemaVersion: expected,
    };
  }
  return { ready: true, reason: null, schemaVersion: current, expectedSchemaVersion: expected };
}
