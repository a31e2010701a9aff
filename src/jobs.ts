import type { JobDefinition, ScheduleDefinition } from './modules/jobs/index.js';

/**
 * Every job type and cron schedule of the installation, like apiModules in app.ts: the queue of
 * each process (serve, worker, CLI) is built from these lists, nothing registers itself.
 * (Placeholder until the jobs core lists the housekeeping jobs here.)
 */
export const jobDefinitions: readonly JobDefinition[] = [];
export const jobSchedules: readonly ScheduleDefinition[] = [];
