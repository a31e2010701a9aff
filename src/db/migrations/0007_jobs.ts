import { type Kysely, sql } from 'kysely';
import { columnTypes, createTable, withTimestamps } from './columns.js';

/**
 * Background jobs (issue #8, ADR 0013). The database is the record of every job on both
 * backends: state, attempts, progress and events live here, so the API, the SSE stream and
 * retention read one place whether the database or BullMQ on Redis dispatches the work.
 *
 * - jobs: one row per job. `org_id` is null for installation jobs (housekeeping), which no
 *   organization sees. `dedupe_slot` holds `<org or "system">:<type>:<dedupe key>` while the
 *   job is queued or running and null otherwise: its unique index makes a second enqueue with
 *   the same key find the first, on every dialect (all three allow many nulls in a unique index).
 * - job_attempts: start and end of every attempt, with its outcome and error (the dead letter
 *   keeps all of them).
 * - job_events: state changes and progress, in order; their id is the SSE event id a client
 *   resumes from with Last-Event-ID.
 * - job_schedules: one row per cron schedule; a worker that moves `next_run_at` from the tick it
 *   read (compare-and-set) is the one that enqueues that tick, however many workers are up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    createTable(db, t, 'jobs')
      .addColumn('org_id', 'bigint', (c) => c.references('organizations.id'))
      .addColumn('type', 'varchar(100)', (c) => c.notNull())
      // queued | running | succeeded | dead | cancelled
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      // Higher runs first among due jobs.
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('run_at', t.instant, (c) => c.notNull())
      // Attempts started so far, and how many are allowed.
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('dedupe_key', 'varchar(200)')
      .addColumn('dedupe_slot', 'varchar(320)')
      .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
      // Which worker holds the running job, and until when without a heartbeat.
      .addColumn('lease_owner', 'varchar(100)')
      .addColumn('lease_until', t.instant)
      // JSON: { done, total, unit, message, at }
      .addColumn('progress', 'text')
      // JSON summary a handler returned (bounded in size).
      .addColumn('result', 'text')
      // JSON { code, message } of the last failure.
      .addColumn('error', 'text')
      // `user:<id>`, `api_key:<id>`, `schedule:<name>` or `system`.
      .addColumn('created_by', 'varchar(120)')
      .addColumn('started_at', t.instant)
      .addColumn('finished_at', t.instant),
    t,
  ).execute();
  // Claiming due jobs, and finding running jobs whose lease expired.
  await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('jobs_lease_idx').on('jobs').columns(['state', 'lease_until']).execute();
  // Listing an organization's jobs newest first, by state or type (keyset on id).
  await db.schema.createIndex('jobs_org_idx').on('jobs').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('jobs_org_state_idx').on('jobs').columns(['org_id', 'state', 'id']).execute();
  await db.schema.createIndex('jobs_org_type_idx').on('jobs').columns(['org_id', 'type', 'id']).execute();
  // Counting running jobs per organization (the per-organization concurrency limit).
  await db.schema.createIndex('jobs_state_org_idx').on('jobs').columns(['state', 'org_id']).execute();
  await db.schema.createIndex('jobs_dedupe_uq').on('jobs').column('dedupe_slot').unique().execute();
  // Retention sweep.
  await db.schema.createIndex('jobs_finished_idx').on('jobs').column('finished_at').execute();

  let attempts = db.schema
    .createTable('job_attempts')
    .addColumn('job_id', 'bigint', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('worker', 'varchar(100)', (c) => c.notNull())
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    // succeeded | failed | cancelled | lease-expired | released
    .addColumn('outcome', 'varchar(16)')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('job_attempts_pk', ['job_id', 'attempt'] as never);
  if (t.dialect === 'mysql') {
    attempts = attempts.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  await attempts.execute();

  await createTable(db, t, 'job_events')
    .addColumn('job_id', 'bigint', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    // state | progress
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  await db.schema.createIndex('job_events_job_idx').on('job_events').columns(['job_id', 'id']).execute();

  let schedules = db.schema
    .createTable('job_schedules')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('cron', 'varchar(100)', (c) => c.notNull())
    .addColumn('next_run_at', t.instant, (c) => c.notNull())
    .addColumn('last_run_at', t.instant)
    .addColumn('last_job_id', 'bigint');
  if (t.dialect === 'mysql') {
    schedules = schedules.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`);
  }
  await schedules.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_schedules').execute();
  await db.schema.dropTable('job_events').execute();
  await db.schema.dropTable('job_attempts').execute();
  await db.schema.dropTable('jobs').execute();
}
