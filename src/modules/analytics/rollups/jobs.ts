import { z } from 'zod';
import { defineJob } from '../../jobs/index.js';
import { rebuildRollups, sweepEmptyRollupRows } from './maintain.js';

/** Rebuilds one organization's shipment rollups (after a restore, or on request). */
export const rebuildRollupsJob = defineJob({
  type: 'analytics.rollups-rebuild',
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async handle({ db, orgId, progress }) {
    if (orgId === null) throw new Error('analytics.rollups-rebuild belongs to an organization');
    progress({ done: 0, total: 1, unit: 'rebuilds', message: 'rebuilding the shipment rollups' });
    const started = performance.now();
    const { rows } = await rebuildRollups(db, orgId);
    progress({ done: 1, total: 1, unit: 'rebuilds' });
    return { rollupRows: rows, ms: Math.round(performance.now() - started) };
  },
});

/** Deletes rollup rows left at zero when shipments moved to other keys (daily). */
export const sweepRollupRowsJob = defineJob({
  type: 'housekeeping.rollup-rows',
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async handle({ db }) {
    return { deleted: await sweepEmptyRollupRows(db) };
  },
});
