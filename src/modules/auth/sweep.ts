import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import { defineJob } from '../jobs/index.js';

/**
 * Deletes refresh tokens whose family is past its absolute expiry. Only those: a used or revoked
 * token of a live family must stay, because presenting it again is how reuse (a stolen token) is
 * detected and the family ended; and an idle-expired token's family may still have a newer
 * token. Once the family's absolute expiry has passed, every refresh of it is refused whatever
 * its rows say, so nothing needs them any more. Returns how many rows went.
 */
export async function deleteExpiredRefreshTokens(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('refresh_tokens')
    .where('family_expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The hourly sweep of dead refresh-token families (scheduled in src/jobs.ts); safe to repeat. */
export const sweepRefreshTokensJob = defineJob({
  type: 'housekeeping.refresh-tokens',
  payload: z.object({}),
  maxAttempts: 3,
  async handle({ db }) {
    return { deleted: await deleteExpiredRefreshTokens(db, new Date()) };
  },
});
