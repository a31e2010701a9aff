import { type Row, toIsoString } from '../../db/types.js';
import type { RuleOutcome } from './evaluate.js';

/** Rows to API answers: one shape for an alert (list, detail, stream) and one for a rule. */

type AlertRow = Row<'alerts'>;
type RuleRow = Row<'alert_rules'>;

/** What an alert answer shows of its rule. */
export type RuleSummary = Pick<RuleRow, 'id' | 'name' | 'type'>;

/**
 * open: nobody has looked; acknowledged: someone has (still open); snoozed: told nothing until
 * `snoozedUntil` (still open); resolved: the condition cleared (resolvedBy null) or someone said so.
 */
export function alertState(alert: AlertRow, now: Date = new Date()) {
  if (alert.status === 'resolved') return 'resolved' as const;
  if (alert.snoozed_until !== null && new Date(alert.snoozed_until).getTime() > now.getTime()) {
    return 'snoozed' as const;
  }
  return alert.acknowledged_at === null ? ('open' as const) : ('acknowledged' as const);
}

export function alertToApi(alert: AlertRow, rule: RuleSummary) {
  return {
    id: Number(alert.id),
    rule: { id: Number(rule.id), name: rule.name, type: rule.type },
    key: alert.dedupe_key,
    status: alert.status,
    state: alertState(alert),
    severity: alert.severity,
    subject: alert.subject,
    evidence: JSON.parse(alert.evidence) as Record<string, unknown>,
    occurrences: Number(alert.occurrences),
    firstSeenAt: toIsoString(alert.first_seen_at),
    lastSeenAt: toIsoString(alert.last_seen_at),
    acknowledgedAt: toIsoString(alert.acknowledged_at),
    acknowledgedBy: alert.acknowledged_by,
    snoozedUntil: toIsoString(alert.snoozed_until),
    resolvedAt: toIsoString(alert.resolved_at),
    resolvedBy: alert.resolved_by,
    createdAt: toIsoString(alert.created_at),
    updatedAt: toIsoString(alert.updated_at),
  };
}

export function ruleToApi(rule: RuleRow) {
  return {
    id: Number(rule.id),
    name: rule.name,
    type: rule.type,
    params: JSON.parse(rule.params) as Record<string, unknown>,
    severity: rule.severity,
    status: rule.status,
    lastEvaluatedAt: toIsoString(rule.last_evaluated_at),
    lastOutcome: rule.last_outcome === null ? null : (JSON.parse(rule.last_outcome) as RuleOutcome),
    createdBy: rule.created_by,
    createdAt: toIsoString(rule.created_at),
    updatedAt: toIsoString(rule.updated_at),
  };
}
