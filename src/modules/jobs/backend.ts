/**
 * The door dispatchers share (database-dispatch.ts, bullmq-dispatch.ts): claiming and the
 * stranded-job sweep. Internal to the jobs module; other modules use index.ts.
 */
export { type ClaimOne, type ClaimOptions, claimDueJobs, claimJob, findStrandedJobs } from './claim.js';
export type { AnnouncedJob, ClaimedJob, ConsumeOptions, Consumer, Dispatcher } from './dispatch.js';
