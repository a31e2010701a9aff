import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { JobsConfig } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { claimDueJobs } from './claim.js';
import type { AnnouncedJob, ClaimedJob, ConsumeOptions, Consumer, Dispatcher } from './dispatch.js';

/**
 * The database dispatcher (ADR 0013): each consumer polls the jobs table every `pollMs` while
 * idle and claims up to its free slots. A local announce, a finished job or a claim that filled
 * every slot makes it look again at once; a job announced for later wakes it at that time.
 * Jobs added by other processes are seen at the next poll.
 */
export function createDatabaseDispatcher({
  database,
  config,
  log,
}: {
  database: Database;
  config: JobsConfig;
  log: Logger;
}): Dispatcher {
  const consumers = new Set<{ wake(at?: Date): void }>();

  return {
    name: 'database',
    async announce(job: AnnouncedJob) {
      for (const consumer of consumers) consumer.wake(job.runAt);
    },
    consume(options: ConsumeOptions, execute: (job: ClaimedJob) => Promise<void>): Consumer {
      let stopped = false;
      let running = 0;
      let wakeNow: (() => void) | null = null;
      // A wake that came while a claim was running: the claim may have missed that job.
      let woken = false;
      let nextWake: NodeJS.Timeout | undefined;
      let nextWakeAt = Number.POSITIVE_INFINITY;

      const wake = (at?: Date) => {
        const when = at?.getTime() ?? 0;
        if (when <= Date.now()) {
          woken = true;
          wakeNow?.();
          return;
        }
        // A job due before the next poll: look for it then, not a poll later.
        if (when < nextWakeAt && when - Date.now() < config.pollMs) {
          clearTimeout(nextWake);
          nextWakeAt = when;
          nextWake = setTimeout(() => {
            nextWakeAt = Number.POSITIVE_INFINITY;
            woken = true;
            wakeNow?.();
          }, when - Date.now());
        }
      };
      const consumer = { wake };
      consumers.add(consumer);

      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          if (woken || stopped) {
            woken = false;
            resolve();
            return;
          }
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            wakeNow = null;
            woken = false;
            resolve();
          }
          wakeNow = done;
        });

      const loop = (async () => {
        while (!stopped) {
          const free = options.concurrency - running;
          if (free <= 0) {
            await sleep(config.pollMs);
            continue;
          }
          let claimed: ClaimedJob[] = [];
          try {
            claimed = await claimDueJobs(database.db, database.dialect, {
              workerId: options.workerId,
              types: options.types,
              limit: free,
              leaseMs: config.leaseMs,
              orgConcurrency: config.orgConcurrency,
              now: new Date(),
            });
          } catch (error) {
            log.warn({ err: error }, 'claiming jobs failed; trying again at the next poll');
          }
          for (const job of claimed) {
            running++;
            void execute(job).finally(() => {
              running--;
              woken = true;
              wakeNow?.();
            });
          }
          // A full batch means more may be waiting: claim again right away.
          if (stopped || claimed.length < free) await sleep(config.pollMs);
        }
      })();

      return {
        async stop() {
          stopped = true;
          consumers.delete(consumer);
          clearTimeout(nextWake);
          wakeNow?.();
          await loop;
        },
      };
    },
    async health() {
      try {
        await sql`select 1`.execute(database.db);
        return null;
      } catch (error) {
        return `database unreachable: ${(error as Error).message}`;
      }
    },
    async close() {},
  };
}
