import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { instantInput, instantOutput, listOf, listQueryBase } from '../../lib/api-schemas.js';
import { type JobState, jobStates } from './contract.js';
import { JOB_TYPE } from './define.js';

/** The /api/v1 contract of background jobs (issue #8): what a job shows, never its payload. */

const state = z.enum(jobStates as [JobState, ...JobState[]]).meta({
  description:
    'queued (waiting or backing off before a retry), running, succeeded, dead (out of attempts; the last error stays), cancelled',
});

const jobError = z
  .object({
    code: z.string().meta({ description: 'Stable code of the failure (JOB_TIMEOUT, the handler’s own...)' }),
    message: z.string(),
  })
  .meta({ description: 'Why the last attempt failed; never a stack trace' });

const progress = z
  .object({
    done: z.number(),
    total: z.number().nullable().optional().meta({ description: 'null or absent: not known' }),
    unit: z.string().meta({ description: 'What is counted: rows, series, ...' }),
    message: z.string().nullable().optional(),
    at: instantOutput,
  })
  .meta({ description: 'The latest progress the job reported' });

const jobFields = {
  id: z.number().int(),
  type: z.string().meta({ description: 'The job type, `<module>.<verb>`' }),
  state,
  priority: z.number().int(),
  attempts: z.number().int().meta({ description: 'Attempts started so far' }),
  maxAttempts: z.number().int(),
  dedupeKey: z.string().nullable(),
  cancelRequested: z
    .boolean()
    .meta({ description: 'A cancel was asked for while the job ran; it stops at its next check' }),
  runAt: instantOutput.meta({ description: 'Not run before this instant (the next retry when backing off)' }),
  progress: progress.nullable(),
  result: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: 'The summary the job returned when it succeeded' }),
  error: jobError.nullable(),
  createdBy: z
    .string()
    .nullable()
    .meta({ description: '`user:<id>`, `api_key:<id>`, `schedule:<name>` or `system`' }),
  createdAt: instantOutput,
  updatedAt: instantOutput,
  startedAt: instantOutput.nullable(),
  finishedAt: instantOutput.nullable(),
};

const runningExample = {
  id: 812,
  type: 'imports.shipments',
  state: 'running',
  priority: 0,
  attempts: 1,
  maxAttempts: 5,
  dedupeKey: null,
  cancelRequested: false,
  runAt: '2026-03-02T09:00:00.000Z',
  progress: { done: 1200, total: 5000, unit: 'rows', at: '2026-03-02T09:00:41.250Z' },
  result: null,
  error: null,
  createdBy: 'user:3',
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:41.250Z',
  startedAt: '2026-03-02T09:00:00.180Z',
  finishedAt: null,
};

export const job = z.object(jobFields).meta({ id: 'Job', examples: [runningExample] });

const attempt = z.object({
  attempt: z.number().int().meta({ description: '1 for the first run, 2 for the first retry...' }),
  worker: z.string().meta({ description: 'The worker that ran it' }),
  startedAt: instantOutput,
  finishedAt: instantOutput.nullable(),
  outcome: z.enum(['succeeded', 'failed', 'cancelled', 'lease-expired', 'released']).nullable().meta({
    description:
      'null while it runs; lease-expired: its worker stopped answering; released: its worker shut down and handed it back',
  }),
  error: jobError.nullable(),
});

export const jobDetail = z
  .object({
    ...jobFields,
    attemptHistory: z.array(attempt).meta({ description: 'Every attempt, oldest first' }),
  })
  .meta({
    id: 'JobDetail',
    examples: [
      {
        ...runningExample,
        id: 790,
        state: 'dead',
        attempts: 2,
        maxAttempts: 2,
        progress: { done: 0, total: 5000, unit: 'rows', at: '2026-03-01T22:00:02.000Z' },
        error: { code: 'IMPORT_SOURCE_UNREACHABLE', message: 'The SFTP server refused the connection.' },
        updatedAt: '2026-03-01T22:00:35.000Z',
        finishedAt: '2026-03-01T22:00:35.000Z',
        attemptHistory: [
          {
            attempt: 1,
            worker: 'app-1:4121:5ad2',
            startedAt: '2026-03-01T22:00:00.000Z',
            finishedAt: '2026-03-01T22:00:03.000Z',
            outcome: 'failed',
            error: { code: 'IMPORT_SOURCE_UNREACHABLE', message: 'The SFTP server refused the connection.' },
          },
          {
            attempt: 2,
            worker: 'app-2:977:c01e',
            startedAt: '2026-03-01T22:00:33.000Z',
            finishedAt: '2026-03-01T22:00:35.000Z',
            outcome: 'failed',
            error: { code: 'IMPORT_SOURCE_UNREACHABLE', message: 'The SFTP server refused the connection.' },
          },
        ],
      },
    ],
  });

/**
 * Jobs newest first by id (ids grow with creation time), on the (org_id, id), (org_id, state, id)
 * and (org_id, type, id) indexes; the created range narrows within that order.
 */
export const jobSorts = defineSorts(
  'jobs',
  [{ key: 'id', column: 'id', kind: 'number', nullable: false }],
  '-id',
);

export const jobListQuery = z
  .object({
    ...listQueryBase,
    sort: jobSorts.param,
    type: z
      .string()
      .max(100)
      .regex(JOB_TYPE, 'a job type such as imports.shipments')
      .optional()
      .meta({ description: 'Only jobs of this type' }),
    state: state.optional().meta({ description: 'Only jobs in this state' }),
    createdFrom: instantInput.optional().meta({ description: 'Created at or after this instant' }),
    createdTo: instantInput.optional().meta({ description: 'Created before this instant' }),
  })
  .strict();
export type JobListQuery = z.infer<typeof jobListQuery>;

export const jobPage = listOf(job);

/** How the event stream is described in the document (the answer is text, one event per block). */
export const jobEventStream = z.string().meta({
  description:
    'Server-sent events (text/event-stream). Each event has `id:` (resume after it with the Last-Event-ID header), `event:` state or progress, and `data:` one line of JSON: a state event `{"state":"running","attempt":1}`, a progress event `{"done":1200,"total":5000,"unit":"rows"}`. Lines starting with `:` are heartbeats (about every 15 s). The stream ends once the job has finished and every event was sent.',
  example:
    'id: 4021\nevent: state\ndata: {"state":"running","attempt":1}\n\nid: 4022\nevent: progress\ndata: {"done":1200,"total":5000,"unit":"rows"}\n\n',
});
