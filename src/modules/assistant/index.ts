/**
 * The AI assistant (issue #13, ADR 0023): plain-English questions answered through the semantic
 * layer, with conversations, an offline engine (default) and optional language models.
 */
export type { AnswerBody } from './answer.js';
export { type Engine, type Interpretation, offlineEngine } from './engine/index.js';
export { assistantRoutes } from './routes.js';
export {
  type AskInput,
  type Assistant,
  type AssistantAnswer,
  type AssistantObserver,
  type AssistantOptions,
  createAssistant,
} from './service.js';

import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { AssistantInstruments } from '../../lib/metrics/index.js';
import { offlineEngine as offline } from './engine/index.js';
import { type AssistantEngineConfig, createLlmEngine } from './llm/index.js';
import { createAssistant as create } from './service.js';

/** The assistant a process runs: the configured engine, its metrics wired in. */
export function assistantFor(
  db: Kysely<DB>,
  engine: AssistantEngineConfig,
  options: {
    readonly queryTimeoutMs?: number;
    readonly instruments?: AssistantInstruments | undefined;
    readonly log?: { warn(details: object, message: string): void };
  } = {},
) {
  const observer = options.instruments;
  const chosen =
    engine.engine === 'offline' ? offline : createLlmEngine(engine, observer ? { observer } : {});
  return create({
    db,
    engine: chosen,
    ...(options.queryTimeoutMs !== undefined ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
    ...(observer ? { observer } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
