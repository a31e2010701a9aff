import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { type DB, type Row, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { appendStreamEvents } from '../stream/index.js';
import { queueDeliveries } from './channels/queue.js';
import { alertToApi } from './mapping.js';
import { ruleTypeOf } from './rules/catalog.js';
import type { Finding } from './rules/types.js';

/**
 * The alert engine (ADR 0021): a rule's findings become alerts. A finding whose key has an open
 * alert updates it (never a second one); a new key opens one; an open alert whose condition no
 * longer holds is resolved. The changes and a live update per changed alert commit together.
 */

export type AlertRow = Row<'alerts'>;
export type RuleRow = Row<'alert_rules'>;

/** What one evaluation of one rule did. */
export interface RuleOutcome {
  readonly ruleId: number;
  readonly at: string;
  readonly findings: number;
  readonly opened: number;
  readonly updated: number;
  readonly resolved: number;
  /** New conditions found beyond what one evaluation may raise: raised by the next ones. */
  readonly omitted: number;
  /** The evaluation failed: why (the rule's alerts are left as they were). */
  readonly error?: { readonly code: string; readonly message: string };
}

/** The alerts an evaluation opened, changed or resolved (for the channels to tell). */
export interface AlertChange {
  readonly change: 'opened' | 'updated' | 'resolved';
  readonly alert: AlertRow;
}

const ID_CHUNK = 500;

/** Evaluates one rule now and records what it found. */
export async function evaluateRule(
  db: Kysely<DB>,
  rule: RuleRow,
  now: Date,
): Promise<{ outcome: RuleOutcome; changes: AlertChange[] }> {
  const ruleType = ruleTypeOf(rule.type);
  const open = await db
    .selectFrom('alerts')
    .selectAll()
    .where('org_id', '=', rule.org_id)
    .where('rule_id', '=', rule.id)
    .where('status', '=', 'open')
    .execute();
  const base = { ruleId: Number(rule.id), at: now.toISOString() };
  let findings: readonly Finding[];
  let omitted: number;
  try {
    if (!ruleType) throw new AppError('REQUEST_INVALID', `The rule type "${rule.type}" no longer exists.`);
    if (ruleType.unavailable) throw new AppError('ALERT_RULE_UNAVAILABLE', ruleType.unavailable);
    const params = ruleType.params.parse(JSON.parse(rule.params));
    ({ findings, omitted } = await ruleType.evaluate({
      db,
      orgId: Number(rule.org_id),
      now,
      params,
      openKeys: open.map((a) => a.dedupe_key),
    }));
  } catch (error) {
    const outcome: RuleOutcome = {
      ...base,
      findings: 0,
      opened: 0,
      updated: 0,
      resolved: 0,
      omitted: 0,
      error:
        error instanceof AppError
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    };
    await recordOutcome(db, rule, now, outcome);
    return { outcome, changes: [] };
  }
  return db.transaction().execute(async (trx) => {
    const changes = await applyFindings(trx, rule, open, findings, now);
    const count = (change: AlertChange['change']) => changes.filter((c) => c.change === change).length;
    const outcome: RuleOutcome = {
      ...base,
      findings: findings.length,
      opened: count('opened'),
      updated: count('updated'),
      resolved: count('resolved'),
      omitted,
    };
    await recordOutcome(trx, rule, now, outcome);
    await appendStreamEvents(
      trx,
      Number(rule.org_id),
      changes.map((c) => ({ topic: 'alerts', kind: `alert.${c.change}`, data: alertToApi(c.alert, rule) })),
    );
    await queueDeliveries(
      trx,
      Number(rule.org_id),
      changes.map((c) => ({ ...c, rule })),
      now,
    );
    return { outcome, changes };
  });
}

async function applyFindings(
  trx: Kysely<DB>,
  rule: RuleRow,
  open: readonly AlertRow[],
  findings: readonly Finding[],
  now: Date,
): Promise<AlertChange[]> {
  const orgId = Number(rule.org_id);
  const byKey = new Map(open.map((a) => [a.dedupe_key, a]));
  const changes: AlertChange[] = [];
  const stillHolding: number[] = [];
  const fresh: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.key)) continue; // one alert per key, whatever the rule type returned
    seen.add(finding.key);
    const current = byKey.get(finding.key);
    if (!current) {
      fresh.push(finding);
      continue;
    }
    // A changed subject (a new number, a new state) is news; the same condition still holding is
    // not, unless the alert's snooze has run out: then its channels are told it still holds.
    const snoozeEnded =
      current.snoozed_until !== null && toDate(current.snoozed_until).getTime() <= now.getTime();
    if (current.subject !== finding.subject || current.severity !== rule.severity || snoozeEnded) {
      const evidence = JSON.stringify(finding.evidence);
      await trx
        .updateTable('alerts')
        .set((eb) => ({
          subject: finding.subject,
          evidence,
          severity: rule.severity,
          last_seen_at: now,
          occurrences: eb('occurrences', '+', 1),
          snoozed_until: snoozeEnded
            ? null
            : current.snoozed_until === null
              ? null
              : toDate(current.snoozed_until),
          updated_at: now,
        }))
        .where('org_id', '=', orgId)
        .where('id', '=', current.id)
        .execute();
      changes.push({
        change: 'updated',
        alert: {
          ...current,
          subject: finding.subject,
          evidence,
          severity: rule.severity,
          last_seen_at: now,
          occurrences: current.occurrences + 1,
          snoozed_until: snoozeEnded ? null : current.snoozed_until,
          updated_at: now,
        },
      });
    } else stillHolding.push(current.id);
  }
  for (let i = 0; i < stillHolding.length; i += ID_CHUNK) {
    await trx
      .updateTable('alerts')
      .set((eb) => ({ last_seen_at: now, occurrences: eb('occurrences', '+', 1) }))
      .where('org_id', '=', orgId)
      .where('id', 'in', stillHolding.slice(i, i + ID_CHUNK))
      .execute();
  }
  const cleared = open.filter((a) => !seen.has(a.dedupe_key));
  for (let i = 0; i < cleared.length; i += ID_CHUNK) {
    await trx
      .updateTable('alerts')
      .set({ status: 'resolved', open_key: null, resolved_at: now, resolved_by: null, updated_at: now })
      .where('org_id', '=', orgId)
      .where(
        'id',
        'in',
        cleared.slice(i, i + ID_CHUNK).map((a) => a.id),
      )
      .execute();
  }
  for (const alert of cleared) {
    changes.push({
      change: 'resolved',
      alert: {
        ...alert,
        status: 'resolved',
        open_key: null,
        resolved_at: now,
        resolved_by: null,
        updated_at: now,
      },
    });
  }
  for (const finding of fresh) {
    const row = {
      org_id: orgId,
      rule_id: Number(rule.id),
      dedupe_key: finding.key,
      open_key: finding.key,
      status: 'open' as const,
      severity: rule.severity,
      subject: finding.subject.slice(0, 500),
      evidence: JSON.stringify(finding.evidence),
      first_seen_at: now,
      last_seen_at: now,
      created_at: now,
      updated_at: now,
    };
    const id = await insertOne(trx, 'alerts', row);
    changes.push({
      change: 'opened',
      alert: {
        ...row,
        id,
        occurrences: 1,
        acknowledged_at: null,
        acknowledged_by: null,
        snoozed_until: null,
        resolved_at: null,
        resolved_by: null,
      },
    });
  }
  return changes;
}

async function recordOutcome(db: Kysely<DB>, rule: RuleRow, now: Date, outcome: RuleOutcome) {
  await db
    .updateTable('alert_rules')
    .set({ last_evaluated_at: now, last_outcome: JSON.stringify(outcome) })
    .where('org_id', '=', rule.org_id)
    .where('id', '=', rule.id)
    .execute();
}

/** The active rules of an organization (or of every organization), optionally of some types only. */
export async function activeRules(
  db: Kysely<DB>,
  filter: { readonly orgId?: number | undefined; readonly types?: readonly string[] | undefined },
): Promise<RuleRow[]> {
  let q = db
    .selectFrom('alert_rules')
    .selectAll()
    .where('status', '=', 'active')
    .where('archived_at', 'is', null);
  if (filter.orgId !== undefined) q = q.where('org_id', '=', filter.orgId);
  if (filter.types) q = q.where('type', 'in', [...filter.types]);
  return q.orderBy('org_id').orderBy('id').execute();
}
