import { isoInstant, type Row, toDate } from '../../db/types.js';
import type { Attempt, Job, JobError, JobEvent } from './contract.js';

/** A jobs row as the API shows it (the payload stays in the database). */
export function toJob(row: Row<'jobs'>): Job {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    dedupeKey: row.dedupe_key,
    cancelRequested: row.cancel_requested === 1,
    runAt: toDate(row.run_at).toISOString(),
    progress: parseJson(row.progress) as Job['progress'],
    result: parseJson(row.result) as Job['result'],
    error: parseJson(row.error) as JobError | null,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
    startedAt: isoInstant(row.started_at),
    finishedAt: isoInstant(row.finished_at),
  };
}

export function toAttempt(row: Row<'job_attempts'>): Attempt {
  return {
    attempt: row.attempt,
    worker: row.worker,
    startedAt: toDate(row.started_at).toISOString(),
    finishedAt: isoInstant(row.finished_at),
    outcome: row.outcome,
    error: parseJson(row.error) as JobError | null,
  };
}

export function toJobEvent(row: Row<'job_events'>): JobEvent {
  return {
    id: row.id,
    kind: row.kind,
    data: JSON.parse(row.data) as JobEvent['data'],
    at: toDate(row.created_at).toISOString(),
  };
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
