import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../../db/types.js';

/** A link in an alert's evidence: where to look (an API path). */
export interface EvidenceLink {
  readonly rel: string;
  readonly href: string;
}

/** A condition a rule found: one alert per key while it holds. */
export interface Finding {
  /** Stable for the same condition (`shipment:41`, `carrier=7`): an open alert with it is updated. */
  readonly key: string;
  /** One line for a person, numbers included. */
  readonly subject: string;
  /** The numbers behind the subject, and links. */
  readonly evidence: { readonly links: readonly EvidenceLink[] } & Readonly<Record<string, unknown>>;
}

export interface EvaluationContext<P> {
  readonly db: Kysely<DB>;
  readonly orgId: number;
  readonly now: Date;
  readonly params: P;
  /** Keys of the rule's open alerts: an evaluation must say for each whether it still holds. */
  readonly openKeys: readonly string[];
}

/** What an evaluation found. */
export interface Evaluation {
  /** Every condition that holds: each open key that still holds, and new ones up to `limit`. */
  readonly findings: readonly Finding[];
  /** New conditions left out because the evaluation found more than it may raise at once. */
  readonly omitted: number;
}

/**
 * A kind of rule: its parameters and how to evaluate them. Evaluating is read-only; the engine
 * turns findings into alerts (evaluate.ts).
 */
export interface RuleType<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly label: string;
  readonly description: string;
  readonly params: S;
  /** Why rules of this type cannot be created yet; absent when they can. */
  readonly unavailable?: string;
  evaluate(context: EvaluationContext<z.output<S>>): Promise<Evaluation>;
}

/** New conditions one evaluation of one rule may raise (the rest wait for the next evaluation). */
export const MAX_NEW_FINDINGS = 200;

/** Defines a rule type, typed by its parameter schema. */
export function defineRuleType<S extends z.ZodType>(definition: RuleType<S>): RuleType<S> {
  return definition;
}

/** The findings of a scan: every open one that holds, and new ones up to MAX_NEW_FINDINGS. */
export function capNew(all: readonly Finding[], openKeys: readonly string[]): Evaluation {
  const open = new Set(openKeys);
  const kept: Finding[] = [];
  let fresh = 0;
  let omitted = 0;
  for (const finding of all) {
    if (open.has(finding.key)) kept.push(finding);
    else if (fresh < MAX_NEW_FINDINGS) {
      kept.push(finding);
      fresh++;
    } else omitted++;
  }
  return { findings: kept, omitted };
}

export const hoursBetween = (from: Date, to: Date) =>
  Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10;
