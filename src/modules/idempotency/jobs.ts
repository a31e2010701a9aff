import { z } from 'zod';
import { defineJob } from '../jobs/index.js';
import { deleteExpiredKeys, expiryCutoff } from './repository.js';

/**
 * Deletes expired Idempotency-Key rows (hourly, scheduled in src/jobs.ts). Lookups already treat
 * them as absent, so the sweep only keeps the table small; running it twice is harmless.
 */
export const sweepIdempotencyKeysJob = defineJob({
  type: 'housekeeping.idempotency-keys',
  payload: z.object({}),
  maxAttempts: 3,
  async handle({ db }) {
    return { deleted: await deleteExpiredKeys(db, expiryCutoff(new Date())) };
  },
});
