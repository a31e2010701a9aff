import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { Dialect } from '../../src/db/url.js';
import { createJobQueue } from '../../src/modules/jobs/index.js';
import { createTestDatabase } from './databases.js';
import { type JobBackendFixture, silentLog, testJobsConfig } from './job-behaviour.js';
import { dropPrefix, testPrefix, testRedisUrl } from './redis-server.js';

/**
 * The BullMQ backend on one dialect: a fresh migrated database as the record, the local Redis
 * for delivery under a key prefix of its own (removed again by close()).
 */
export async function bullmqJobFixture(
  dialect: Dialect,
  redisUrl = testRedisUrl,
): Promise<JobBackendFixture & { readonly redisPrefix: string }> {
  const testDb = await createTestDatabase(dialect);
  const database = connect(testDb.target);
  await migrateToLatest(database.db);
  const redisPrefix = testPrefix();
  return {
    database,
    redisPrefix,
    queue: ({ definitions, schedules, config }) =>
      createJobQueue({
        database,
        config: { ...testJobsConfig, backend: 'bullmq', redisUrl, ...config },
        definitions,
        ...(schedules ? { schedules } : {}),
        log: silentLog,
        redisPrefix,
      }),
    close: async () => {
      if (redisUrl === testRedisUrl) dropPrefix(redisPrefix);
      await database.close();
      await testDb.drop();
    },
  };
}
