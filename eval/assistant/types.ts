import type { SemanticQueryInput } from '../../src/modules/analytics/index.js';

/**
 * One question of the assistant's evaluation (issue #13). Expected answers are written by hand,
 * independently of the engine: a semantic query whose result (run through the analytics engine)
 * the assistant's data must reproduce, or the kind of answer it must give.
 */
export type QuestionType =
  | 'value'
  | 'breakdown'
  | 'ranking'
  | 'trend'
  | 'comparison'
  | 'share'
  | 'filter'
  | 'time'
  | 'entity'
  | 'typo'
  | 'lookup'
  | 'forecast'
  | 'stockRisk'
  | 'why'
  | 'followUp'
  | 'clarification'
  | 'refusal';

export type Expected =
  /** The answer's data must hold the columns and rows of this query's result. */
  | { readonly kind: 'answer'; readonly query: SemanticQueryInput }
  /** A lookup of one shipment or order by its reference. */
  | { readonly kind: 'lookup'; readonly entity: 'shipment' | 'order'; readonly reference: string }
  /** Products × facilities at risk of running out within the days. */
  | { readonly kind: 'stockRisk'; readonly withinDays: number }
  /** A clarification; when given, every label must be among its choices' labels (case-insensitive substring). */
  | { readonly kind: 'clarification'; readonly choicesInclude?: readonly string[] }
  | { readonly kind: 'refusal' };

export interface EvalQuestion {
  readonly id: string;
  readonly type: QuestionType;
  /** Earlier turns of the same conversation, asked first (follow-up chains). */
  readonly turns?: readonly string[];
  readonly question: string;
  readonly expected: Expected;
}
