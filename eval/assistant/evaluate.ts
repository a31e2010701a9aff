import { AppError } from '../../src/lib/errors.js';
import { runQuery } from '../../src/modules/analytics/index.js';
import type { Caller } from '../../src/modules/auth/index.js';
import { inventoryRisks } from '../../src/modules/forecasting/index.js';
import { describeQuery } from './describe.js';
import { type GradedAnswer, grade, type Reference } from './grade.js';
import type { EvalOrg, EvalSet, EvalSetup } from './setup.js';
import type { EvalQuestion, Expected, QuestionType } from './types.js';

/**
 * The evaluation itself (issue #13), shared by `npm run eval:assistant` and the CI gate: asks
 * every question of each set as the set's analyst (follow-up chains in one conversation),
 * computes each expected result independently of the engine (the expected semantic query run
 * through the analytics engine, the stock-risk list from the forecasting module), grades, and
 * sums up per set: execution accuracy, clarification, refusal and lookup correctness, accuracy
 * by question type and latency percentiles.
 */

/** What the evaluation reads of an answer (the assistant's AssistantAnswer has all of it). */
export interface AskedAnswer extends GradedAnswer {
  readonly query: unknown;
  readonly timings: { readonly totalMs: number };
  readonly conversationId: number;
  /** Whether the assistant's answer cache had it (its latency is then not the engine's). */
  readonly cached?: boolean;
}

/** The assistant's door, as the evaluation uses it. */
export interface Asker {
  ask(
    caller: Caller,
    input: { question: string; conversationId?: number },
    options?: { now?: Date },
  ): Promise<AskedAnswer>;
}

export interface QuestionSet {
  readonly set: EvalSet;
  readonly questions: readonly EvalQuestion[];
}

export interface Outcome {
  readonly set: EvalSet;
  readonly id: string;
  readonly type: QuestionType;
  readonly question: string;
  readonly turns: readonly string[];
  readonly expectedKind: Expected['kind'];
  readonly correct: boolean;
  readonly reason?: string;
  /** The expected answer and the answer given, in a few words. */
  readonly expected: string;
  readonly got: string;
  /** The assistant's own totalMs of the graded question (null when it failed). */
  readonly totalMs: number | null;
  /** Wall time of the graded question, as the caller saw it. */
  readonly wallMs: number;
  readonly cached: boolean;
}

export interface Score {
  readonly correct: number;
  readonly total: number;
  /** null when there is nothing to score. */
  readonly accuracy: number | null;
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface SetReport {
  readonly set: EvalSet;
  readonly questions: number;
  /** Questions with data to reproduce (an expected query or a stock-risk list): result equals expected. */
  readonly execution: Score;
  readonly lookup: Score;
  readonly clarification: Score;
  readonly refusal: Score;
  readonly byType: Readonly<Partial<Record<QuestionType, Score>>>;
  /** Graded answers that came from the assistant's cache. */
  readonly cached: number;
  readonly latency: { readonly totalMs: Percentiles | null; readonly wallMs: Percentiles | null };
}

export interface EvalReport {
  readonly now: string;
  readonly sets: readonly SetReport[];
  readonly outcomes: readonly Outcome[];
}

/** The checks a gate may apply, each per set. */
export type GateCheck = 'execution' | 'clarification' | 'refusal';

export const ACCURACY_GATE = 0.95;

export interface EvaluateOptions {
  /** Called after each graded question. */
  readonly onOutcome?: (outcome: Outcome, done: number, total: number) => void;
}

/** Asks and grades every question of the sets; sets are reported in the order given. */
export async function evaluate(
  setup: EvalSetup,
  assistant: Asker,
  sets: readonly QuestionSet[],
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const outcomes: Outcome[] = [];
  const total = sets.reduce((sum, s) => sum + s.questions.length, 0);
  for (const { set, questions } of sets) {
    const org = setup.orgs[set];
    const references = new ReferenceBook(setup, org);
    for (const question of questions) {
      const outcome = await askAndGrade(setup, org, assistant, references, question);
      outcomes.push(outcome);
      options.onOutcome?.(outcome, outcomes.length, total);
    }
  }
  return {
    now: setup.now.toISOString(),
    sets: sets.map(({ set }) =>
      summarize(
        set,
        outcomes.filter((o) => o.set === set),
      ),
    ),
    outcomes,
  };
}

/** What fails the gate: one line per set and check below the threshold (or with nothing to check). */
export function gateFailures(report: EvalReport, checks: readonly GateCheck[]): string[] {
  const failures: string[] = [];
  for (const set of report.sets) {
    for (const check of checks) {
      const score = set[check];
      if (score.accuracy === null) failures.push(`${set.set}: no ${check} questions to grade`);
      else if (score.accuracy < ACCURACY_GATE)
        failures.push(
          `${set.set}: ${check} ${percent(score.accuracy)} (${score.correct}/${score.total}) is below ${percent(ACCURACY_GATE)}`,
        );
    }
  }
  return failures;
}

export const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/** The expected data of one organization's questions; the stock-risk list is read once. */
class ReferenceBook {
  #risks: Promise<{ sku: string; facilityCode: string; daysOfCover: number | null }[]> | undefined;

  constructor(
    readonly setup: EvalSetup,
    readonly org: EvalOrg,
  ) {}

  async of(expected: Expected): Promise<Reference | undefined> {
    if (expected.kind === 'answer') {
      const { db } = this.setup.database;
      const result = await runQuery(db, this.org.caller, expected.query, { now: this.setup.now });
      return {
        kind: 'rows',
        columns: result.columns.map((c) => c.name),
        rows: result.rows,
        orderBy: (expected.query.orderBy ?? []).map((o) => o.field),
      };
    }
    if (expected.kind === 'stockRisk') {
      this.#risks ??= inventoryRisks(
        this.setup.database.db,
        this.org.orgId,
        { serviceLevel: 0.95, limit: 500 },
        this.setup.now,
      ).then((r) => r.data);
      const risks = await this.#risks;
      return {
        kind: 'pairs',
        pairs: risks.filter((r) => r.daysOfCover !== null && r.daysOfCover <= expected.withinDays),
      };
    }
    return undefined;
  }
}

async function askAndGrade(
  setup: EvalSetup,
  org: EvalOrg,
  assistant: Asker,
  references: ReferenceBook,
  question: EvalQuestion,
): Promise<Outcome> {
  const base = {
    set: org.set,
    id: question.id,
    type: question.type,
    question: question.question,
    turns: question.turns ?? [],
    expectedKind: question.expected.kind,
    expected: describeExpected(question.expected),
  };
  let reference: Reference | undefined;
  try {
    reference = await references.of(question.expected);
  } catch (error) {
    return {
      ...base,
      correct: false,
      reason: `the expected query does not run: ${messageOf(error)}`,
      got: '—',
      totalMs: null,
      wallMs: 0,
      cached: false,
    };
  }
  const options = { now: setup.now };
  let conversationId: number | undefined;
  const started = performance.now();
  try {
    for (const turn of base.turns) {
      const earlier = await assistant.ask(org.caller, { question: turn, conversationId }, options);
      conversationId = earlier.conversationId;
    }
    const asked = performance.now();
    const answer = await assistant.ask(
      org.caller,
      conversationId === undefined
        ? { question: question.question }
        : { question: question.question, conversationId },
      options,
    );
    const wallMs = performance.now() - asked;
    const graded = grade(question.expected, answer, reference);
    return {
      ...base,
      ...graded,
      got: describeAnswer(answer),
      totalMs: answer.timings.totalMs,
      wallMs,
      cached: answer.cached === true,
    };
  } catch (error) {
    return {
      ...base,
      correct: false,
      reason: `the assistant failed: ${messageOf(error)}`,
      got: 'an error',
      totalMs: null,
      wallMs: performance.now() - started,
      cached: false,
    };
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function describeExpected(expected: Expected): string {
  switch (expected.kind) {
    case 'answer':
      return describeQuery(expected.query);
    case 'lookup':
      return `lookup of ${expected.entity} ${expected.reference}`;
    case 'stockRisk':
      return `stock risks within ${expected.withinDays} days`;
    case 'clarification':
      return `clarification${expected.choicesInclude ? ` with ${expected.choicesInclude.join(' / ')}` : ''}`;
    case 'refusal':
      return 'refusal';
  }
}

function describeAnswer(answer: AskedAnswer): string {
  const rows = answer.data ? `${answer.data.rows.length} rows` : 'no data';
  switch (answer.kind) {
    case 'answer':
      return `${answer.query ? describeQuery(answer.query) : 'no query'} → ${rows}`;
    case 'lookup':
      return `lookup of ${String(answer.data?.rows[0]?.reference ?? 'nothing')}`;
    case 'clarification':
      return `clarification: ${answer.choices.map((c) => c.label).join(' / ') || answer.text}`;
    case 'refusal':
      return `refusal: ${answer.text.slice(0, 80)}`;
  }
}

function score(outcomes: readonly Outcome[]): Score {
  const correct = outcomes.filter((o) => o.correct).length;
  return { correct, total: outcomes.length, accuracy: outcomes.length ? correct / outcomes.length : null };
}

/** Nearest-rank percentiles. */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}

function summarize(set: EvalSet, outcomes: readonly Outcome[]): SetReport {
  const of = (...kinds: Expected['kind'][]) => score(outcomes.filter((o) => kinds.includes(o.expectedKind)));
  const byType: Partial<Record<QuestionType, Score>> = {};
  for (const type of new Set(outcomes.map((o) => o.type)))
    byType[type] = score(outcomes.filter((o) => o.type === type));
  return {
    set,
    questions: outcomes.length,
    execution: of('answer', 'stockRisk'),
    lookup: of('lookup'),
    clarification: of('clarification'),
    refusal: of('refusal'),
    byType,
    cached: outcomes.filter((o) => o.cached).length,
    latency: {
      totalMs: percentiles(outcomes.flatMap((o) => (o.totalMs === null ? [] : [o.totalMs]))),
      wallMs: percentiles(outcomes.flatMap((o) => (o.totalMs === null ? [] : [o.wallMs]))),
    },
  };
}
