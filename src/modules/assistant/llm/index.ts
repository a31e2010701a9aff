// The assistant's optional language-model engine (issue #13, point 4): the one door to llm/.
export {
  createLlmCache,
  type LlmCache,
  type LlmCacheOptions,
  type LlmObserver,
  llmCacheKey,
} from './cache.js';
export {
  type AssistantEngineConfig,
  type LlmConfig,
  LlmConfigError,
  type LlmProvider,
  llmConfigOf,
  llmEnvDocs,
  llmEnvShape,
  llmProviders,
  llmSecretVariables,
  type ModelSees,
  type Secret,
} from './config.js';
export { type Conversation, estimateTokens, type TrimmedConversation, trimConversation } from './context.js';
export { createLlmEngine, type LlmEngine, type LlmEngineOptions } from './engine.js';
export { type LlmFailure, LlmUnavailableError } from './errors.js';
export type { LlmInterpretContext } from './prompt.js';
export { narrationPrompt } from './prompts/narration.v1.js';
export { semanticQueryPrompt } from './prompts/semantic-query.v1.js';
