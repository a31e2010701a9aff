import type { Logger } from 'pino';
import type { JobsConfig } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { AppError } from '../../lib/errors.js';
import { createDatabaseDispatcher } from './database-dispatch.js';
import type { Dispatcher } from './dispatch.js';

/**
 * The one place a backend is chosen (config.jobs.backend). The database dispatcher is built in;
 * the BullMQ one (bullmq-dispatch.ts) becomes the second case here.
 */
export async function createDispatcher(options: {
  readonly database: Database;
  readonly config: JobsConfig;
  readonly log: Logger;
}): Promise<Dispatcher> {
  switch (options.config.backend) {
    case 'database':
      return createDatabaseDispatcher(options);
    case 'bullmq':
      throw new AppError(
        'JOBS_BACKEND_UNAVAILABLE',
        'This build has no BullMQ dispatcher yet; set LANEWISE_JOB_BACKEND=database.',
      );
  }
}
