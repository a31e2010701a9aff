import type { Row } from '../../db/types.js';

/**
 * Who decides which worker runs which due job (ADR 0013). The jobs table is the record on both
 * backends; a dispatcher only delivers work:
 * - the database dispatcher polls the table and claims due rows (FOR UPDATE SKIP LOCKED on
 *   MariaDB/MySQL and PostgreSQL, a BEGIN IMMEDIATE transaction — one writer — on SQLite);
 * - the BullMQ dispatcher carries job ids through Redis (no polling, pushes to idle workers)
 *   and claims each delivered id in the table before running it.
 * Either way a job runs only after its row moved to `running` under this worker's lease, so
 * leases, attempts, cancellation, dedupe and the per-organization limit behave the same.
 */
export interface Dispatcher {
  readonly name: 'database' | 'bullmq';
  /**
   * A job became due or will be at `runAt` (it was added, a retry was scheduled, or a person
   * retried it). Called after its row is committed. The database dispatcher wakes local workers;
   * BullMQ adds it to Redis (delayed when `runAt` is in the future).
   */
  announce(job: AnnouncedJob): Promise<void>;
  /**
   * Delivers claimed jobs to `execute` until stopped, never more than `concurrency` at once.
   * `execute` runs one claimed job to its end (it never throws).
   */
  consume(options: ConsumeOptions, execute: (job: ClaimedJob) => Promise<void>): Consumer;
  /** null when the dispatcher's service answers; otherwise why not. */
  health(): Promise<string | null>;
  /** Closes connections the dispatcher opened. */
  close(): Promise<void>;
}

export interface AnnouncedJob {
  readonly id: number;
  readonly type: string;
  readonly runAt: Date;
  readonly priority: number;
}

export interface ConsumeOptions {
  readonly workerId: string;
  readonly types: readonly string[];
  readonly concurrency: number;
}

export interface Consumer {
  /** Stops taking new jobs; resolves when nothing more will be delivered (running ones go on). */
  stop(): Promise<void>;
}

/** A job row in state `running`, leased to the worker that claimed it (attempts already counted). */
export type ClaimedJob = Row<'jobs'>;
