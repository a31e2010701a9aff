import { z } from 'zod';
import { defineJob } from '../jobs/index.js';
import { sweepStreamEvents } from './outbox.js';

/** Deletes live-update events past their retention (a housekeeping schedule in src/jobs.ts). */
export const sweepStreamEventsJob = defineJob({
  type: 'housekeeping.stream-events',
  payload: z.object({}),
  maxAttempts: 3,
  async handle({ db }) {
    return { deleted: await sweepStreamEvents(db, new Date()) };
  },
});
