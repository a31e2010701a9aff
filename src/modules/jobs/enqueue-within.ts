import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import type { JobDefinition } from './contract.js';
import { jobDefaults } from './define.js';
import { insertJobIn } from './store.js';

/**
 * Enqueues a job inside the caller's transaction, so the job exists exactly when the caller's
 * change does (an alert's deliveries with the alert). The job is not announced: a database
 * worker finds it at its next poll, the BullMQ reconcile hands it to Redis, so it starts within
 * about a poll interval (JobQueue.enqueue, after a commit, starts it at once). No dedupe key:
 * in a transaction a taken slot would fail the caller's whole transaction.
 */
export async function enqueueWithin<S extends z.ZodType>(
  trx: Kysely<DB>,
  definition: Pick<JobDefinition<S>, 'type' | 'payload' | 'maxAttempts'>,
  payload: z.input<S>,
  options: {
    readonly orgId: number | null;
    readonly runAt?: Date;
    readonly createdBy?: string;
    /** Overrides the type's default. */
    readonly maxAttempts?: number;
  },
): Promise<number> {
  // What runs later is the payload after a JSON round trip, so that is what gets validated.
  const stored = definition.payload.parse(JSON.parse(JSON.stringify(payload)));
  const now = new Date();
  const row = await insertJobIn(trx, {
    orgId: options.orgId,
    type: definition.type,
    payload: JSON.stringify(stored),
    priority: 0,
    runAt: options.runAt ?? now,
    maxAttempts: options.maxAttempts ?? definition.maxAttempts ?? jobDefaults.maxAttempts,
    dedupeKey: null,
    createdBy: options.createdBy ?? null,
    now,
  });
  return Number(row.id);
}
