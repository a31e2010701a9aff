import { AppError } from '../../../lib/errors.js';
import { checkMetricParams, metricThreshold, stockoutProjected } from './metrics.js';
import { delayRisk, shipmentLate, shipmentStale } from './shipments.js';
import { feedSilent, importFailed, sourceSilent } from './sources.js';
import type { EvaluationContext, RuleType } from './types.js';

/** Every rule type, in the order the catalog lists them. */
export const ruleTypes: readonly RuleType[] = [
  shipmentLate,
  shipmentStale,
  delayRisk,
  stockoutProjected,
  importFailed,
  feedSilent,
  sourceSilent,
  metricThreshold,
];

const byType = new Map(ruleTypes.map((t) => [t.type, t]));

export function ruleTypeOf(type: string): RuleType | undefined {
  return byType.get(type);
}

/**
 * The parameters of a rule, parsed by its type (defaults filled in), checked beyond their
 * shape where the type needs it (a metric rule's names against the catalog).
 */
export async function parseRuleParams(
  type: string,
  params: unknown,
  context: Pick<EvaluationContext<unknown>, 'db' | 'orgId' | 'now'>,
): Promise<unknown> {
  const ruleType = ruleTypeOf(type);
  if (!ruleType) {
    throw new AppError('REQUEST_INVALID', `Unknown rule type "${type}".`, {
      errors: [{ path: 'type', message: `one of ${ruleTypes.map((t) => t.type).join(', ')}` }],
    });
  }
  if (ruleType.unavailable)
    throw new AppError('ALERT_RULE_UNAVAILABLE', `${ruleType.label}: ${ruleType.unavailable}`);
  const parsed = ruleType.params.safeParse(params ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: ['params', ...i.path].join('.'),
      message: i.message,
    }));
    throw new AppError(
      'REQUEST_INVALID',
      `The parameters do not fit a ${type} rule: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
      { errors },
    );
  }
  if (ruleType === metricThreshold) await checkMetricParams(context, parsed.data as never);
  return parsed.data;
}
