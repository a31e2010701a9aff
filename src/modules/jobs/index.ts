/**
 * Background jobs (issue #8, ADR 0013): the one door other modules use. Define a job type with
 * `defineJob`, list it in src/jobs.ts, and enqueue it through the process's `JobQueue`.
 * Handlers must be idempotent: delivery is at least once (see contract.ts).
 */
export type {
  Attempt,
  EnqueueOptions,
  EnqueueResult,
  Job,
  JobContext,
  JobDefinition,
  JobError,
  JobEvent,
  JobFilters,
  JobObserver,
  JobQueue,
  JobResult,
  JobScope,
  JobState,
  Progress,
  ScheduleDefinition,
  Worker,
  WorkerOptions,
} from './contract.js';
export { finishedStates, jobStates } from './contract.js';
export { defineJob, defineSchedule, JOB_TYPE } from './define.js';
// Queue depth by type and state (the metrics gauge).
export { countJobsByTypeAndState, type JobCount } from './depth.js';
export { enqueueWithin } from './enqueue-within.js';
// The HTTP API, the operator's list and the audited commands (routes, CLI).
export { listJobs, listOperatorJobs, type OperatorJob } from './list.js';
export { commandJob, type JobCommand } from './manage.js';
export { toAttempt, toJob, toJobEvent } from './mapping.js';
export { type CreateJobQueueOptions, createJobQueue } from './queue.js';
export { findJob, type JobDetail, jobEventsAfter } from './read.js';
export { deleteFinishedJobs, finishedJobsSweepJob } from './retention.js';
export { jobRoutes } from './routes.js';
// The Job schema, for routes of other modules that answer with the job they enqueued.
export { job as jobSchema } from './schema.js';
