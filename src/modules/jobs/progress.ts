import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import type { Progress } from './contract.js';
import { type Lease, recordProgress } from './store.js';

/** At most one progress write per this many milliseconds per job (plus the last one). */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Throttles a handler's progress reports: a handler may call progress() per row, and the job
 * row and its event stream get at most ~4 writes a second, always ending with the latest report.
 */
export class ProgressWriter {
  private pending: Progress | null = null;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly lease: Lease,
    private readonly log: Logger,
  ) {}

  report(progress: Progress): void {
    this.pending = {
      done: Number(progress.done),
      unit: String(progress.unit).slice(0, 50),
      ...(progress.total === undefined ? {} : { total: Number(progress.total) }),
      ...(progress.message === undefined ? {} : { message: String(progress.message).slice(0, 500) }),
    };
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + PROGRESS_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.write(), wait);
  }

  /** Writes the last report now; resolves when every write is done. */
  flush(): Promise<void> {
    this.write();
    return this.chain;
  }

  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const progress = this.pending;
    if (!progress) return;
    this.pending = null;
    this.lastWrite = Date.now();
    this.chain = this.chain
      .then(() => recordProgress(this.db, this.lease, progress, new Date()))
      .then(
        () => undefined,
        (error: unknown) => this.log.warn({ err: error }, 'could not store progress'),
      );
  }
}
