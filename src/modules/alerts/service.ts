import type { Kysely } from 'kysely';
import { z } from 'zod';
import { insertOne } from '../../db/bulk.js';
import { constraintViolation } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import { type DB, type Row, type RowUpdate, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Caller, callerKey } from '../auth/index.js';
import { appendStreamEvent } from '../stream/index.js';
import { queueDeliveries } from './channels/queue.js';
import { evaluateRule, type RuleOutcome } from './evaluate.js';
import { alertToApi, type RuleSummary, ruleToApi } from './mapping.js';
import { parseRuleParams, ruleTypes } from './rules/catalog.js';
import { alertSorts, RULE_CHANGED, type RuleCreate, type RulePatch, ruleSorts } from './schema.js';

/** Alert rules and alerts of the caller's organization (issue #12, ADR 0021). */

type RuleRow = Row<'alert_rules'>;
type AlertRow = Row<'alerts'>;

const need = (caller: Caller, permission: 'alerts:manage' | 'alerts:respond') => {
  if (!caller.has(permission)) {
    throw new AppError('AUTH_FORBIDDEN', `This needs the "${permission}" permission.`);
  }
};

/** The rule types, with the JSON Schema of their parameters and whether they can be used. */
export function listRuleTypes() {
  return ruleTypes.map((t) => ({
    type: t.type,
    label: t.label,
    description: t.description,
    available: t.unavailable === undefined,
    unavailableReason: t.unavailable ?? null,
    paramsSchema: z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  }));
}

async function findRule(db: Kysely<DB>, orgId: number, id: number): Promise<RuleRow> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No alert rule with id ${id}.`);
  return row;
}

const nameTaken = (name: string) =>
  new AppError('ALERT_RULE_NAME_TAKEN', `An alert rule named "${name}" exists; choose another name.`);

export async function createRule(db: Kysely<DB>, caller: Caller, body: RuleCreate) {
  need(caller, 'alerts:manage');
  const now = new Date();
  const params = await parseRuleParams(body.type, body.params, { db, orgId: caller.orgId, now });
  try {
    return await db.transaction().execute(async (trx) => {
      const row = {
        org_id: caller.orgId,
        name: body.name,
        type: body.type,
        params: JSON.stringify(params),
        severity: body.severity,
        status: body.status,
        created_by: callerKey(caller),
        created_at: now,
        updated_at: now,
      };
      const id = await insertOne(trx, 'alert_rules', row);
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'alerts.rule_created',
        target: { type: 'alert_rule', id },
      });
      const created = ruleToApi({
        ...row,
        id,
        last_evaluated_at: null,
        last_outcome: null,
        archived_at: null,
      });
      await announceRule(trx, caller.orgId, created);
      return created;
    });
  } catch (error) {
    if (constraintViolation(error) === 'unique') throw nameTaken(body.name);
    throw error;
  }
}

export async function getRule(db: Kysely<DB>, orgId: number, id: number) {
  return ruleToApi(await findRule(db, orgId, id));
}

export function listRules(db: Kysely<DB>, orgId: number, q: ListRequest) {
  const query = db
    .selectFrom('alert_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null);
  return listAnswer(query, q, ruleSorts, ruleToApi);
}

export async function updateRule(db: Kysely<DB>, caller: Caller, id: number, patch: RulePatch) {
  need(caller, 'alerts:manage');
  const current = await findRule(db, caller.orgId, id);
  const now = new Date();
  const changes: RowUpdate<'alert_rules'> & { updated_at: Date } = { updated_at: now };
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.severity !== undefined) changes.severity = patch.severity;
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.params !== undefined) {
    changes.params = JSON.stringify(
      await parseRuleParams(current.type, patch.params, { db, orgId: caller.orgId, now }),
    );
  }
  const updated = ruleToApi({ ...current, ...changes } as RuleRow);
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alert_rules')
        .set(changes)
        .where('org_id', '=', caller.orgId)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'alerts.rule_updated',
        target: { type: 'alert_rule', id },
      });
      await announceRule(trx, caller.orgId, updated);
    });
  } catch (error) {
    if (constraintViolation(error) === 'unique') throw nameTaken(patch.name ?? current.name);
    throw error;
  }
  return updated;
}

/** Archives the rule; its open alerts are resolved by the caller (nothing will clear them any more). */
export async function archiveRule(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  need(caller, 'alerts:manage');
  const rule = await findRule(db, caller.orgId, id);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alert_rules')
      .set({ archived_at: now, updated_at: now })
      .where('org_id', '=', caller.orgId)
      .where('id', '=', id)
      .execute();
    const open = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('org_id', '=', caller.orgId)
      .where('rule_id', '=', id)
      .where('status', '=', 'open')
      .execute();
    for (const alert of open) await resolveIn(trx, caller, alert, rule, now);
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'alerts.rule_archived',
      target: { type: 'alert_rule', id },
    });
    await announceRule(trx, caller.orgId, { ...ruleToApi(rule), archived: true });
  });
}

/**
 * A rule was created, changed or archived: a live update (screens listing rules refresh, and the
 * alert triggers of every worker learn which organizations have shipment rules).
 */
function announceRule(trx: Kysely<DB>, orgId: number, rule: Readonly<Record<string, unknown>>) {
  return appendStreamEvent(trx, orgId, 'alerts', RULE_CHANGED, rule);
}

/** Evaluates the rule now (what the schedule would do) and answers what it found. */
export async function evaluateRuleNow(db: Kysely<DB>, caller: Caller, id: number): Promise<RuleOutcome> {
  need(caller, 'alerts:manage');
  const rule = await findRule(db, caller.orgId, id);
  return (await evaluateRule(db, rule, new Date())).outcome;
}

async function rulesOf(
  db: Kysely<DB>,
  orgId: number,
  ids: readonly number[],
): Promise<Map<number, RuleSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('alert_rules')
    .select(['id', 'name', 'type'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

export interface AlertFilters {
  readonly state?: 'open' | 'acknowledged' | 'snoozed' | 'resolved' | undefined;
  readonly status?: 'open' | 'resolved' | undefined;
  readonly severity?: 'info' | 'warning' | 'critical' | undefined;
  readonly ruleId?: number | undefined;
}

export async function listAlerts(db: Kysely<DB>, orgId: number, q: ListRequest & AlertFilters) {
  const now = new Date();
  let query = db.selectFrom('alerts').selectAll().where('org_id', '=', orgId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.severity) query = query.where('severity', '=', q.severity);
  if (q.ruleId) query = query.where('rule_id', '=', q.ruleId);
  switch (q.state) {
    case 'resolved':
      query = query.where('status', '=', 'resolved');
      break;
    case 'snoozed':
      query = query.where('status', '=', 'open').where('snoozed_until', '>', now);
      break;
    case 'acknowledged':
    case 'open':
      query = query
        .where('status', '=', 'open')
        .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]))
        .where('acknowledged_at', q.state === 'open' ? 'is' : 'is not', null);
      break;
    case undefined:
      break;
  }
  const page = await listAnswer(query, q, alertSorts, (row) => row);
  const rules = await rulesOf(
    db,
    orgId,
    page.data.map((a) => Number(a.rule_id)),
  );
  return { ...page, data: page.data.map((a) => alertToApi(a, summaryOf(rules, a))) };
}

const summaryOf = (rules: Map<number, RuleSummary>, alert: AlertRow): RuleSummary =>
  rules.get(Number(alert.rule_id)) ?? { id: alert.rule_id, name: '(removed)', type: 'unknown' };

async function findAlert(db: Kysely<DB>, orgId: number, id: number) {
  const alert = await db
    .selectFrom('alerts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!alert) throw new AppError('RESOURCE_NOT_FOUND', `No alert with id ${id}.`);
  const rules = await rulesOf(db, orgId, [Number(alert.rule_id)]);
  return { alert, rule: summaryOf(rules, alert) };
}

export async function getAlert(db: Kysely<DB>, orgId: number, id: number) {
  const { alert, rule } = await findAlert(db, orgId, id);
  return alertToApi(alert, rule);
}

export type AlertAction =
  | { readonly action: 'acknowledge' }
  | { readonly action: 'snooze'; readonly until: Date }
  | { readonly action: 'resolve' };

/** Acknowledges, snoozes or resolves an alert; answers it as it now is (and tells the streams). */
export async function actOnAlert(db: Kysely<DB>, caller: Caller, id: number, act: AlertAction) {
  need(caller, 'alerts:respond');
  return db.transaction().execute(async (trx) => {
    const { alert, rule } = await findAlert(trx, caller.orgId, id);
    if (alert.status === 'resolved') {
      if (act.action === 'resolve') return alertToApi(alert, rule);
      throw new AppError('ALERT_RESOLVED', `Alert ${id} is resolved; there is nothing to ${act.action}.`);
    }
    const now = new Date();
    if (act.action === 'resolve') return alertToApi(await resolveIn(trx, caller, alert, rule, now), rule);
    if (act.action === 'snooze' && act.until.getTime() <= now.getTime()) {
      throw new AppError('REQUEST_INVALID', 'Snooze until a time in the future.', {
        errors: [{ path: 'body.until', message: 'must be after now' }],
      });
    }
    const changes =
      act.action === 'acknowledge'
        ? {
            acknowledged_at: alert.acknowledged_at === null ? now : toDate(alert.acknowledged_at),
            acknowledged_by: alert.acknowledged_by ?? callerKey(caller),
          }
        : { snoozed_until: act.until };
    const next: AlertRow = { ...alert, ...changes, updated_at: now };
    await trx
      .updateTable('alerts')
      .set({ ...changes, updated_at: now })
      .where('org_id', '=', caller.orgId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: act.action === 'acknowledge' ? 'alerts.acknowledged' : 'alerts.snoozed',
      target: { type: 'alert', id },
    });
    await appendStreamEvent(trx, caller.orgId, 'alerts', 'alert.updated', alertToApi(next, rule));
    return alertToApi(next, rule);
  });
}

async function resolveIn(trx: Kysely<DB>, caller: Caller, alert: AlertRow, rule: RuleSummary, now: Date) {
  const changes = {
    status: 'resolved' as const,
    open_key: null,
    resolved_at: now,
    resolved_by: callerKey(caller),
    updated_at: now,
  };
  await trx
    .updateTable('alerts')
    .set(changes)
    .where('org_id', '=', caller.orgId)
    .where('id', '=', alert.id)
    .execute();
  await recordAudit(trx, {
    orgId: caller.orgId,
    actor: caller.actor,
    action: 'alerts.resolved',
    target: { type: 'alert', id: alert.id },
  });
  const resolved: AlertRow = { ...alert, ...changes };
  await appendStreamEvent(trx, caller.orgId, 'alerts', 'alert.resolved', alertToApi(resolved, rule));
  await queueDeliveries(trx, caller.orgId, [{ change: 'resolved', alert: resolved, rule }], now);
  return resolved;
}
