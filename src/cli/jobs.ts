import { Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import type { DB } from '../db/types.js';
import { jobDefinitions, jobSchedules } from '../jobs.js';
import { AppError } from '../lib/errors.js';
import { noRequest } from '../modules/audit/index.js';
import {
  commandJob,
  createJobQueue,
  findJob,
  type Job,
  type JobDefinition,
  type JobScope,
  jobStates,
  listOperatorJobs,
  type OperatorJob,
  type ScheduleDefinition,
} from '../modules/jobs/index.js';
import { listOrganizations, organizationBySlug } from '../modules/organizations/index.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

/**
 * `lanewise jobs list|show|cancel|retry`: the operator's view of background jobs. It sees every
 * organization's jobs and the installation's own (housekeeping) unless --org narrows it; tables
 * for people, --json for scripts. Cancel and retry are audited as the system.
 */
interface Common {
  databaseUrl?: string;
  org?: string;
  json?: boolean;
}

const orgOption = () => new Option('--org <slug>', 'only jobs of this organization');
const jsonOption = () => new Option('--json', 'print JSON instead of a table');

function positiveInteger(max: number) {
  return (value: string): number => {
    if (!/^[1-9][0-9]*$/.test(value) || Number(value) > max) {
      throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    }
    return Number(value);
  };
}
const jobId = positiveInteger(Number.MAX_SAFE_INTEGER);

async function scopeOf(db: Kysely<DB>, slug: string | undefined): Promise<JobScope> {
  return slug === undefined ? 'all' : { orgId: (await organizationBySlug(db, slug)).id };
}

function printJson(value: unknown): void {
  say(JSON.stringify(value, null, 2));
}

/** The job types the command's queue knows: by default the installation's (tests pass their own). */
export interface JobTypes {
  readonly definitions: readonly JobDefinition[];
  readonly schedules: readonly ScheduleDefinition[];
}

export function jobsCommand(types?: JobTypes): Command {
  const jobs = new Command('jobs').description('List, inspect, cancel and retry background jobs');

  jobs.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List jobs, newest first')
      .addOption(orgOption())
      .option('--type <type>', 'only jobs of this type (e.g. housekeeping.idempotency-keys)')
      .addOption(new Option('--state <state>', 'only jobs in this state').choices(jobStates))
      .option('--limit <n>', 'how many (1–500, default 20)', positiveInteger(500), 20)
      .addOption(jsonOption())
      .action(async (o: Common & { type?: string; state?: Job['state']; limit: number }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const scope = await scopeOf(db, o.org);
          const page = await listOperatorJobs(
            db,
            scope,
            { ...(o.type ? { type: o.type } : {}), ...(o.state ? { state: o.state } : {}) },
            { sort: '-id', limit: o.limit, includeTotal: false },
          );
          if (o.json) {
            printJson(page.data);
            return;
          }
          const slugs = new Map((await listOrganizations(db)).map((org) => [org.id, org.slug]));
          printTable(page.data, slugs);
          if (page.nextCursor) say(`(more: raise --limit or narrow with --type/--state)`);
        });
      }),
  );

  jobs.addCommand(
    withDatabaseOption(new Command('show'))
      .description("A job's state, progress, result or error, and every attempt")
      .argument('<id>', 'job id', jobId)
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (id: number, o: Common) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const job = await findJob(db, await scopeOf(db, o.org), id);
          if (!job) throw notFound(id);
          if (o.json) return printJson(job);
          for (const [label, value] of [
            ['job', `${job.id}  ${job.type}`],
            [
              'state',
              job.state + (job.cancelRequested && job.state === 'running' ? ' (cancel requested)' : ''),
            ],
            ['attempts', `${job.attempts} of ${job.maxAttempts}`],
            ['progress', progressOf(job) || '-'],
            ['run at', job.runAt],
            ['created', `${job.createdAt}${job.createdBy ? ` by ${job.createdBy}` : ''}`],
            ['finished', job.finishedAt ?? '-'],
            ['result', job.result ? JSON.stringify(job.result) : '-'],
            ['error', job.error ? `${job.error.code}: ${job.error.message}` : '-'],
          ] as const) {
            say(`${label.padEnd(9)} ${value}`);
          }
          for (const a of job.attemptHistory) {
            const error = a.error ? `  ${a.error.code}: ${a.error.message}` : '';
            say(
              `  #${String(a.attempt).padEnd(3)} ${a.startedAt} → ${a.finishedAt ?? '(running)'}  ${a.outcome ?? 'running'}  ${a.worker}${error}`,
            );
          }
        });
      }),
  );

  for (const verb of ['cancel', 'retry'] as const) {
    jobs.addCommand(
      withDatabaseOption(new Command(verb))
        .description(
          verb === 'cancel'
            ? 'Cancel a job: a queued one never runs, a running one is asked to stop'
            : 'Run a dead or cancelled job again, with a fresh set of attempts',
        )
        .argument('<id>', 'job id', jobId)
        .addOption(orgOption())
        .addOption(jsonOption())
        .action(async (id: number, o: Common) => {
          const config = configFrom(o);
          await withDatabase(config, { migrate: false }, async (database) => {
            const { db } = database;
            const scope = await scopeOf(db, o.org);
            const job = await withQueue(config, database, types, (queue) =>
              commandJob(queue, db, verb, { scope, actor: { type: 'system' }, meta: noRequest }, id),
            );
            if (o.json) return printJson(job);
            say(
              verb === 'cancel'
                ? job.state === 'cancelled'
                  ? `job ${job.id} (${job.type}) cancelled`
                  : `job ${job.id} (${job.type}) is ${job.state}: asked to stop, it ends cancelled`
                : `job ${job.id} (${job.type}) queued again`,
            );
          });
        }),
    );
  }
  return jobs;
}

/** A queue for one command: cancel and retry go through it, so BullMQ hears of a retry too. */
export async function withQueue<T>(
  config: Config,
  database: Database,
  types: JobTypes | undefined,
  body: (queue: Awaited<ReturnType<typeof createJobQueue>>) => Promise<T>,
): Promise<T> {
  const queue = await createJobQueue({
    database,
    config: config.jobs,
    definitions: types?.definitions ?? jobDefinitions(config),
    schedules: types?.schedules ?? jobSchedules,
    // The command's own output is stdout; the queue's log lines go to stderr.
    log: pino({ level: config.logLevel }, pino.destination(2)),
  });
  try {
    return await body(queue);
  } finally {
    await queue.close();
  }
}

function notFound(id: number) {
  return new AppError('JOBS_NOT_FOUND', `No job ${id} here; see \`lanewise jobs list\`.`);
}

function progressOf(job: Job): string {
  const p = job.progress;
  if (!p) return '';
  const total = p.total === undefined ? '' : `/${p.total}`;
  return `${p.done}${total} ${p.unit}${p.message ? ` (${p.message})` : ''}`;
}

function printTable(rows: readonly OperatorJob[], slugs: ReadonlyMap<number, string>): void {
  if (rows.length === 0) {
    say('no jobs');
    return;
  }
  const lines = rows.map((j) => [
    String(j.id),
    j.orgId === null ? '(system)' : (slugs.get(j.orgId) ?? String(j.orgId)),
    j.type,
    j.state,
    `${j.attempts}/${j.maxAttempts}`,
    j.createdAt.replace('T', ' ').slice(0, 19),
    j.error ? j.error.code : progressOf(j),
  ]);
  const header = ['id', 'org', 'type', 'state', 'tries', 'created (UTC)', 'progress / error'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  for (const line of [header, ...lines]) {
    say(
      line
        .map((cell, i) => (i === 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
}
