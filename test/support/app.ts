import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DatabaseTarget, Dialect } from '../../src/db/url.js';
import type { JobQueue } from '../../src/modules/jobs/index.js';
import { watchContract } from './contract.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestContext {
  readonly app: FastifyInstance;
  readonly database: Database;
  /** Where the database is (for a second process on it). */
  readonly target: DatabaseTarget;
  readonly config: Config;
  /** The app's job queue (app.jobs). */
  readonly queue: JobQueue;
  /** Responses that did not match docs/openapi.json so far (close() fails when any). */
  readonly contractViolations: readonly string[];
  /** Closes the app and drops the database; fails if a response broke the published contract. */
  close(): Promise<void>;
}

/** A migrated database of the dialect and an app on it; `prepare` may add routes before ready. */
export async function createTestApp(
  dialect: Dialect,
  {
    env = {},
    migrate = true,
    prepare,
    logStream,
    queue: makeQueue,
    worker = false,
  }: {
    env?: Record<string, string>;
    migrate?: boolean;
    prepare?: (app: FastifyInstance) => void;
    /** Where the app's log lines go (with env LOG_LEVEL, to read what it logs). */
    logStream?: DestinationStream;
    /**
     * The app's job queue, e.g. one with test-only job types (closed by close()); by default the
     * app makes its own from the configuration and the types in src/jobs.ts.
     */
    queue?: (database: Database, config: Config) => JobQueue | Promise<JobQueue>;
    /** Run an in-process job worker (default false: nothing runs unless a test asks). */
    worker?: boolean;
  } = {},
): Promise<TestContext> {
  const testDb: TestDatabase = await createTestDatabase(dialect);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const database = connect(testDb.target);
  if (migrate) await migrateToLatest(database.db);
  const ownQueue = makeQueue ? await makeQueue(database, config) : undefined;
  const app = await buildApp(config, {
    database,
    worker,
    ...(logStream ? { logStream } : {}),
    ...(ownQueue ? { jobs: ownQueue } : {}),
  });
  const contractViolations = watchContract(app);
  prepare?.(app);
  await app.ready();
  return {
    app,
    database,
    target: testDb.target,
    config,
    queue: app.jobs,
    contractViolations,
    close: async () => {
      await app.close();
      await ownQueue?.close(config.shutdownTimeoutMs);
      await database.close();
      await testDb.drop();
      if (contractViolations.length > 0) {
        throw new Error(
          `responses that break docs/openapi.json:\n${[...new Set(contractViolations)].join('\n')}`,
        );
      }
    },
  };
}

/** A request as a client sends it: method, URL, headers and an optional JSON body. */
export function send(
  app: FastifyInstance,
  method: string,
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
