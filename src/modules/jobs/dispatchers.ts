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
  readonly redisPrefix?: string;
}): Promise<Dispatcher> {
  switch (options.config.backend) {
    case 'database':
      return createDatabaseDispatcher(options);
    case 'bullmq': {
      const { config, database } = options;
      if (!config.redisUrl)
        throw new AppError('JOBS_BACKEND_UNAVAILABLE', 'The BullMQ backend needs REDIS_URL.');
      // Loaded here, not at startup: BullMQ and ioredis cost every process without Redis ~0.1 s.
      const { createBullmqDispatcher } = await import('./bullmq-dispatch.js');
      return createBullmqDispatcher({
        redisUrl: config.redisUrl,
        db: database.db,
        dialect: database.dialect,
        leaseMs: config.leaseMs,
        orgConcurrency: config.orgConcurrency,
        log: options.log,
        // The database look-up a BullMQ consumer still does (for jobs Redis lost): 5 polls' worth.
        reconcileMs: Math.max(500, 5 * config.pollMs),
        ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
      });
    }
  }
}
