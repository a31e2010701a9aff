import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { isPermission, type Permission } from '../auth/permissions.js';
import { defineJob } from '../jobs/index.js';
import { executeRun } from './loader/run.js';

/**
 * `imports.run`: executes one import run in the background. The job acts as the person (or API
 * key) who started the run, with exactly the permissions checked when it was started — the
 * target's write permission, and master-data:write when the mapping creates references — so a
 * run can do nothing its starter could not.
 */

export const IMPORT_RUN_JOB = 'imports.run';

export const importRunPayload = z.object({
  runId: z.number().int().positive(),
  /** `user:<id>`, `api_key:<id>` or `system`: the actor of every row the run writes. */
  actor: z.string().regex(/^(user:\d+|api_key:\d+|system)$/),
  grants: z.array(z.string().refine(isPermission, 'a permission')).max(20),
});
export type ImportRunPayload = z.infer<typeof importRunPayload>;

/** The caller a run's job acts as. */
export function runCaller(orgId: number, payload: ImportRunPayload): Caller {
  const [type, id] = payload.actor.split(':');
  const actor: Actor =
    type === 'user'
      ? { type: 'user', userId: Number(id) }
      : type === 'api_key'
        ? { type: 'api_key', apiKeyId: Number(id) }
        : { type: 'system' };
  const grants = new Set(payload.grants as Permission[]);
  return {
    orgId,
    actor,
    userId: actor.type === 'user' ? actor.userId : null,
    has: (permission) => grants.has(permission),
  };
}

export function importRunJob(settings: { readonly directory: string; readonly batchRows: number }) {
  return defineJob({
    type: IMPORT_RUN_JOB,
    payload: importRunPayload,
    // Resuming from the checkpoint makes every retry cheap and safe.
    maxAttempts: 10,
    async handle({ orgId, payload, db, signal, progress }) {
      if (orgId === null) throw new Error('imports.run needs an organization');
      const started = { at: Date.now(), bytes: -1 };
      const summary = await executeRun(
        {
          db,
          directory: settings.directory,
          batchSize: settings.batchRows,
          signal,
          progress: (p) =>
            progress({
              done: p.bytesRead,
              total: p.bytesTotal,
              unit: 'bytes',
              message: progressText(p, started),
            }),
        },
        runCaller(orgId, payload),
        payload.runId,
      );
      // Stopped before the end: the attempt must not count as done (a retry resumes it).
      if (summary.status === 'running') {
        signal.throwIfAborted();
        throw new Error(`import run ${payload.runId} stopped before the end of its file`);
      }
      return { ...summary };
    },
  });
}

/** "12,345 records · about 2 min left", at the pace of this attempt. */
export function progressText(
  p: { readonly rows: number; readonly bytesRead: number; readonly bytesTotal: number },
  started: { at: number; bytes: number },
  now = Date.now(),
): string {
  if (started.bytes < 0) {
    // The first report of an attempt: the pace is measured from here (a resumed run skipped the rest).
    started.bytes = p.bytesRead;
    started.at = now;
    return `${p.rows.toLocaleString('en-US')} records`;
  }
  const seconds = (now - started.at) / 1000;
  const bytesPerSecond = seconds > 0 ? (p.bytesRead - started.bytes) / seconds : 0;
  const parts = [`${p.rows.toLocaleString('en-US')} records`];
  if (bytesPerSecond > 0) {
    const left = Math.max(0, p.bytesTotal - p.bytesRead) / bytesPerSecond;
    parts.push(left < 90 ? `about ${Math.ceil(left)} s left` : `about ${Math.round(left / 60)} min left`);
  }
  return parts.join(' · ');
}
