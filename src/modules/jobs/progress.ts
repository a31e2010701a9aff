import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import type { Progress } from './contract.js';
import { type Lease, recordProgress } from './store.js';

/** At most one progress write per this many milliseconds per job (plus the last one). */
const PROGRESS_INTERVAL_MS = 250;

export interface ProgressWriter {
  report(progress: Progress): void;
  /** Writes the last report now; resolves when every write is done. */
  flush(): Promise<void>;
}

/**
 * Throttles a handler's progress reports: a handler may call progress() per row, and the job
 * row and its event stream get at most ~4 writes a second, always ending with the latest report.
 */
export function progressWriter(db: Kysely<DB>, lease: Lease, log: Logger): ProgressWriter {
  let pending: Progress | null = null;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    const progress = pending;
    if (!progress) return;
    pending = null;
    lastWrite = Date.now();
    chain = chain
      .then(() => recordProgress(db, lease, progress, new Date()))
      .then(
        () => undefined,
        (error: unknown) => log.warn({ err: error }, 'could not store progress'),
      );
  };

  return {
    report(progress) {
      pending = {
        done: Number(progress.done),
        unit: String(progress.unit).slice(0, 50),
        ...(progress.total === undefined ? {} : { total: Number(progress.total) }),
        ...(progress.message === undefined ? {} : { message: String(progress.message).slice(0, 500) }),
      };
      if (timer) return;
      timer = setTimeout(write, Math.max(0, lastWrite + PROGRESS_INTERVAL_MS - Date.now()));
    },
    flush() {
      write();
      return chain;
    },
  };
}
