import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { todayIn } from '../../lib/calendar-days.js';
import { AppError } from '../../lib/errors.js';
import { stableJson } from '../../lib/stable-json.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import { dataVersionOf, reportingSettingsOf } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { type AnswerBody, answerOf } from './answer.js';
import {
  appendTurn,
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  recentTurns,
  requireConversation,
} from './conversations.js';
import { type Engine, type Interpretation, offlineEngine } from './engine/index.js';
import { vocabularyOf } from './vocabulary.js';

/**
 * The assistant (issue #13, ADR 0023): a question → an interpretation (the configured engine;
 * the offline one when a model fails or times out) → an answer from the analytics engine, kept
 * in the caller's conversation. Answers are cached per organization by (interpretation, reference
 * day, data version): new data gives new answers.
 */
export interface AssistantAnswer extends AnswerBody {
  readonly engine: string;
  readonly cached: boolean;
  readonly timings: { readonly understandMs: number; readonly queryMs: number; readonly totalMs: number };
  readonly conversationId: number;
  readonly messageId: number;
}

export interface AssistantObserver {
  /** One answer sent: its kind, the engine that understood it, and whether the cache had it. */
  answered(outcome: { kind: AnswerBody['kind']; engine: string; cached: boolean }): void;
}

export interface AssistantOptions {
  readonly db: Kysely<DB>;
  /** Default: the offline engine. A model engine falls back to it when it fails. */
  readonly engine?: Engine;
  /** Statement timeout of the queries it runs. */
  readonly queryTimeoutMs?: number;
  /** 0 turns the answer cache off. */
  readonly cacheTtlMs?: number;
  readonly observer?: AssistantObserver;
  /** Whether a narrating model may see the result rows (default: aggregates — the query result). */
  readonly modelSeesRows?: boolean;
  /** How stale the organization's names may be after new data (default a minute; 0: never). */
  readonly vocabularyRereadMs?: number;
  readonly log?: { warn(details: object, message: string): void };
}

export interface AskInput {
  readonly question: string;
  readonly conversationId?: number | undefined;
}

export interface Assistant {
  ask(caller: Caller, input: AskInput, options?: { now?: Date }): Promise<AssistantAnswer>;
  createConversation(caller: Caller, title?: string): ReturnType<typeof createConversation>;
  listConversations(
    caller: Caller,
    q: Parameters<typeof listConversations>[2],
  ): ReturnType<typeof listConversations>;
  getConversation(caller: Caller, id: number): ReturnType<typeof getConversation>;
  deleteConversation(caller: Caller, id: number): Promise<void>;
  /** The engine questions go to first. */
  readonly engine: string;
}

/** Metrics read from forecasts and predictions: not covered by the data version, never cached. */
const predicted = new Set([
  'forecastDemand',
  'expectedLateShipments',
  'averageDelayRisk',
  'highRiskShipments',
]);

export function createAssistant(options: AssistantOptions): Assistant {
  const { db } = options;
  const engine = options.engine ?? offlineEngine;
  const cache = createTtlCache<string, AnswerBody>({
    ttlMs: options.cacheTtlMs ?? 10 * 60_000,
    maxEntries: 2_000,
  });

  async function ask(
    caller: Caller,
    input: AskInput,
    askOptions: { now?: Date } = {},
  ): Promise<AssistantAnswer> {
    if (!caller.has('assistant:ask'))
      throw new AppError('AUTH_FORBIDDEN', 'Asking the assistant needs the assistant:ask permission.');
    const started = performance.now();
    const now = askOptions.now ?? new Date();
    const question = input.question.trim();
    if (question.length === 0) throw new AppError('REQUEST_INVALID', 'The question is empty.');
    let conversationId = input.conversationId;
    if (conversationId !== undefined) await requireConversation(db, caller, conversationId);
    const turns = conversationId !== undefined ? await recentTurns(db, caller, conversationId) : [];
    const previous = turns[turns.length - 1];

    const settings = await reportingSettingsOf(db, caller.orgId);
    const today = todayIn(settings.timezone, now);
    const dataVersion = await dataVersionOf(db, caller.orgId);
    const vocabulary = await vocabularyOf(db, caller.orgId, dataVersion, settings.currency, {
      ...(options.vocabularyRereadMs !== undefined ? { rereadMs: options.vocabularyRereadMs } : {}),
    });
    // The offline engine reads the last turn; a model engine the turns before it too.
    const context = { vocabulary, today, ...(previous ? { previous } : {}), conversation: { turns } };

    let used = engine;
    let interpretation: Interpretation;
    const fallbackNotes: string[] = [];
    try {
      interpretation = await engine.interpret(question, context);
    } catch (error) {
      if (engine === offlineEngine) throw error;
      options.log?.warn(
        { err: error, engine: engine.name },
        'assistant: the model did not answer; the offline engine answers',
      );
      fallbackNotes.push(
        `The language model did not answer (${reasonOf(error)}); the offline engine answered instead.`,
      );
      used = offlineEngine;
      interpretation = await offlineEngine.interpret(question, context);
    }
    const understood = performance.now();

    // Only callers who may see figures share cached figures (the answer step checks the rest).
    const key = caller.has('analytics:read')
      ? cacheKey(caller.orgId, interpretation, today, dataVersion)
      : undefined;
    let body = key ? cache.get(key) : undefined;
    const cached = body !== undefined;
    let queryMs = 0;
    if (!body) {
      const answered = await answerOf(db, caller, interpretation, {
        now,
        timeoutMs: options.queryTimeoutMs ?? 10_000,
        question,
        modelSeesRows: options.modelSeesRows ?? true,
        ...(used !== offlineEngine ? { narrator: used } : {}),
      });
      const { queryMs: ms, ...rest } = answered;
      queryMs = ms;
      body = rest;
      if (key && body.kind === 'answer') cache.set(key, body);
    }
    const answer = { ...body, notes: [...body.notes, ...fallbackNotes] };

    if (conversationId === undefined)
      conversationId = (await createConversation(db, caller, question.slice(0, 120))).id;
    const messageId = await appendTurn(db, caller, conversationId, question, answer, interpretation);
    options.observer?.answered({ kind: answer.kind, engine: used.name, cached });
    const finished = performance.now();
    return {
      ...answer,
      engine: used.name,
      cached,
      timings: {
        understandMs: round(understood - started),
        queryMs: round(queryMs),
        totalMs: round(finished - started),
      },
      conversationId,
      messageId,
    };
  }

  return {
    ask,
    engine: engine.name,
    createConversation: (caller, title) => createConversation(db, caller, title ?? 'New conversation'),
    listConversations: (caller, q) => listConversations(db, caller, q),
    getConversation: (caller, id) => getConversation(db, caller, id),
    deleteConversation: (caller, id) => deleteConversation(db, caller, id),
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'reason' in error)
    return String((error as { reason: unknown }).reason);
  return 'error';
}

/** The cache key of an answer, or undefined when it must not be cached. */
function cacheKey(
  orgId: number,
  interpretation: Interpretation,
  today: string,
  dataVersion: number,
): string | undefined {
  if (interpretation.kind !== 'query') return undefined;
  if (interpretation.query.metrics.some((m) => predicted.has(m))) return undefined;
  return `${orgId}:${dataVersion}:${today}:${stableJson({ query: interpretation.query, shape: interpretation.shape, assumptions: interpretation.assumptions })}`;
}
