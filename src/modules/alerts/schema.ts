import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { id, idInteger, idParam, instantInput, instantOutput, listQueryBase } from '../../lib/api-schemas.js';

export const severities = ['info', 'warning', 'critical'] as const;

/** The live-update kind of a rule created, changed or archived (`archived: true`). */
export const RULE_CHANGED = 'alert_rule.changed';
const severity = z.enum(severities);
const ruleName = z.string().trim().min(1).max(200);

export const ruleCreate = z
  .object({
    name: ruleName,
    type: z.string().min(1).max(32).meta({ description: 'A rule type of GET /alert-rules/types' }),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: 'The parameters of the type (see its paramsSchema)' }),
    severity: severity.default('warning'),
    status: z.enum(['active', 'paused']).default('active'),
  })
  .strict()
  .meta({ id: 'AlertRuleCreate' });
export type RuleCreate = z.output<typeof ruleCreate>;

export const rulePatch = z
  .object({
    name: ruleName.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    severity: severity.optional(),
    status: z.enum(['active', 'paused']).optional(),
  })
  .strict()
  .meta({ id: 'AlertRulePatch' });
export type RulePatch = z.output<typeof rulePatch>;

const outcome = z
  .object({
    ruleId: id,
    at: instantOutput,
    findings: z.number().int(),
    opened: z.number().int(),
    updated: z.number().int(),
    resolved: z.number().int(),
    omitted: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'AlertRuleOutcome' });

export const rule = z
  .object({
    id,
    name: z.string(),
    type: z.string(),
    params: z.record(z.string(), z.unknown()),
    severity,
    status: z.enum(['active', 'paused']),
    lastEvaluatedAt: instantOutput.nullable(),
    lastOutcome: outcome.nullable(),
    createdBy: z.string().nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'AlertRule' });

export const evaluation = outcome;

export const ruleTypeInfo = z
  .object({
    type: z.string(),
    label: z.string(),
    description: z.string(),
    available: z.boolean(),
    unavailableReason: z.string().nullable(),
    paramsSchema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema of `params`' }),
  })
  .meta({ id: 'AlertRuleType' });

export const alertStates = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;

export const alert = z
  .object({
    id,
    rule: z.object({ id, name: z.string(), type: z.string() }),
    key: z
      .string()
      .meta({ description: 'The dedupe key: while this alert is open, the same condition updates it' }),
    status: z.enum(['open', 'resolved']),
    state: z.enum(alertStates),
    severity,
    subject: z.string(),
    evidence: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The numbers behind the subject, and `links`' }),
    occurrences: z
      .number()
      .int()
      .meta({ description: 'Evaluations that found the condition while this alert was open' }),
    firstSeenAt: instantOutput,
    lastSeenAt: instantOutput,
    acknowledgedAt: instantOutput.nullable(),
    acknowledgedBy: z.string().nullable(),
    snoozedUntil: instantOutput.nullable(),
    resolvedAt: instantOutput.nullable(),
    resolvedBy: z
      .string()
      .nullable()
      .meta({ description: 'Who resolved it; null when the condition cleared' }),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Alert' });

export const ruleSorts = defineSorts(
  'alert-rules',
  [
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'name', column: 'name', kind: 'text', nullable: false },
  ],
  '-createdAt',
);
export const ruleListQuery = z.object({ ...listQueryBase, sort: ruleSorts.param }).strict();

export const alertSorts = defineSorts(
  'alerts',
  [
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'lastSeenAt', column: 'last_seen_at', kind: 'instant', nullable: false },
  ],
  '-createdAt',
);
export const alertListQuery = z
  .object({
    ...listQueryBase,
    sort: alertSorts.param,
    state: z.enum(alertStates).optional().meta({ description: 'Only alerts in this state' }),
    status: z
      .enum(['open', 'resolved'])
      .optional()
      .meta({ description: 'open (any open state) or resolved' }),
    severity: severity.optional(),
    ruleId: idInteger.optional().meta({ description: 'Only alerts of this rule' }),
  })
  .strict();

export const snoozeBody = z
  .object({
    until: instantInput.meta({ description: 'Tell nothing about it until then (ISO 8601 with an offset)' }),
  })
  .strict();

export const ruleParams = idParam;
