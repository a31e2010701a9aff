/**
 * The AI assistant (issue #13, ADR 0023): plain-English questions answered through the semantic
 * layer, with conversations, an offline engine (default) and optional language models.
 */
export type { AnswerBody } from './answer.js';
export { type Engine, type Interpretation, offlineEngine } from './engine/index.js';
export {
  type AskInput,
  type Assistant,
  type AssistantAnswer,
  type AssistantObserver,
  type AssistantOptions,
  createAssistant,
} from './service.js';
