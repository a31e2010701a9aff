import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import { defineJob, type JobQueue } from '../jobs/index.js';
import { StreamHub } from '../stream/index.js';
import { activeRules, evaluateRule } from './evaluate.js';
import { RULE_CHANGED } from './schema.js';

/**
 * When rules are evaluated (ADR 0021): every few minutes for every organization (a schedule in
 * src/jobs.ts), and within seconds of a change to an organization's shipments (the triggers
 * below), for the rule types such a change can raise or clear.
 */

export const EVALUATE_JOB = 'alerts.evaluate';

// Rule types a shipment change can raise or clear, evaluated on events; the others follow the schedule.
const shipmentRuleTypes = ['shipment_late', 'shipment_stale'];

export const evaluateAlertsJob = defineJob({
  type: EVALUATE_JOB,
  payload: z
    .object({
      /** Only this organization's rules (an event trigger); all organizations otherwise. */
      orgId: z.number().int().positive().optional(),
      /** Only rules of these types. */
      types: z.array(z.string().max(32)).max(20).optional(),
    })
    .strict(),
  maxAttempts: 3,
  async handle({ db, payload, signal, log }) {
    const rules = await activeRules(db, payload);
    const totals = { rules: 0, opened: 0, updated: 0, resolved: 0, failed: 0 };
    for (const rule of rules) {
      if (signal.aborted) break;
      const { outcome } = await evaluateRule(db, rule, new Date());
      totals.rules++;
      totals.opened += outcome.opened;
      totals.updated += outcome.updated;
      totals.resolved += outcome.resolved;
      if (outcome.error) {
        totals.failed++;
        log.warn({ ruleId: rule.id, code: outcome.error.code }, 'alert rule evaluation failed');
      }
    }
    return totals;
  },
});

// An evaluation runs this long after the change that triggered it (a burst of writes is one).
const DELAY_MS = 2_000;
// A process enqueues at most one evaluation per organization this often; changes in between
// are evaluated by one more at the end of the interval.
const DEBOUNCE_MS = 10_000;
// How long a process trusts what it read about whether an organization has shipment rules.
const RULES_CACHE_MS = 30_000;

/**
 * Enqueues an evaluation of an organization's shipment rules when its shipments change (read
 * from the live-update outbox, so changes made by any process count). One queued evaluation per
 * organization at a time (the dedupe key); changes made while it runs are seen by the next
 * trigger or the schedule.
 */
export async function startAlertTriggers(db: Kysely<DB>, queue: JobQueue, log: Logger) {
  const hub = new StreamHub(db, log);
  const recent = createTtlCache<number, true>({ ttlMs: DEBOUNCE_MS });
  const hasRules = createTtlCache<number, boolean>({ ttlMs: RULES_CACHE_MS });
  const trigger = async (orgId: number) => {
    let watched = hasRules.get(orgId);
    if (watched === undefined) {
      watched = (await activeRules(db, { orgId, types: shipmentRuleTypes })).length > 0;
      hasRules.set(orgId, watched);
    }
    if (!watched) return;
    await queue.enqueue(
      EVALUATE_JOB,
      { orgId, types: shipmentRuleTypes },
      { orgId, dedupeKey: 'shipment-change', runAt: new Date(Date.now() + DELAY_MS), createdBy: 'system' },
    );
  };
  const fire = (orgId: number) => {
    recent.set(orgId, true);
    trigger(orgId).catch((error: unknown) =>
      log.warn({ err: error }, 'could not enqueue an alert evaluation'),
    );
  };
  const pending = new Set<number>();
  const unsubscribe = await hub.subscribe('all', (event) => {
    if (event.kind === RULE_CHANGED) hasRules.delete(event.orgId);
    if (event.topic !== 'shipments') return;
    if (recent.get(event.orgId)) pending.add(event.orgId);
    else fire(event.orgId);
  });
  const trailing = setInterval(() => {
    for (const orgId of pending)
      if (!recent.get(orgId)) {
        pending.delete(orgId);
        fire(orgId);
      }
  }, DEBOUNCE_MS / 4);
  trailing.unref();
  return {
    async close() {
      clearInterval(trailing);
      unsubscribe();
      await hub.close();
    },
  };
}
