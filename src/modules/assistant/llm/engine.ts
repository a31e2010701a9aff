import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
// The analytics module's door does not export the catalog view yet; this is its one reader here.
import { catalogView } from '../../analytics/semantic/catalog.js';
import type { Engine, Interpretation, NarrationDraft } from '../engine/types.js';
import {
  createLlmCache,
  type LlmCache,
  type LlmCacheOptions,
  type LlmObserver,
  llmCacheKey,
  type ModelOutput,
} from './cache.js';
import type { LlmConfig } from './config.js';
import { LlmUnavailableError, unavailableFrom } from './errors.js';
import {
  interpretMessages,
  type LlmInterpretContext,
  narrationMessages,
  type PromptMessages,
} from './prompt.js';
import type { PromptCatalog } from './prompts/render.js';
import { chatModelOf, forcesToolChoice } from './providers.js';
import { interpretationOf, toolDefinitions } from './tools.js';

/** The language-model engine: interpret throws LlmUnavailableError rather than guess. */
export interface LlmEngine extends Engine {
  interpret(question: string, context: LlmInterpretContext): Promise<Interpretation>;
  /** The model's wording of the answer; null (the draft stays) when it fails or says nothing. */
  narrate(question: string, draft: NarrationDraft): Promise<string | null>;
}

export interface LlmEngineOptions {
  /** Told how each call ended (hit, miss, error, timeout). */
  readonly observer?: LlmObserver;
  /** The HTTP client the provider's SDK uses (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** A cache shared between engines, or the options of this engine's own. */
  readonly cache?: LlmCache | LlmCacheOptions;
}

/** Builds the engine of the configured provider; no network until the first question. */
export function createLlmEngine(config: LlmConfig, options: LlmEngineOptions = {}): LlmEngine {
  const model = chatModelOf(config, options.fetch ? { fetch: options.fetch } : {});
  const withTools = model.bindTools?.(
    toolDefinitions,
    forcesToolChoice(config) ? { tool_choice: 'any' } : {},
  );
  if (!withTools) throw new Error(`The ${config.engine} chat model cannot call tools`);
  const cache = options.cache && 'get' in options.cache ? options.cache : createLlmCache(options.cache);
  const observe = (outcome: Parameters<LlmObserver['llmCall']>[0]) => options.observer?.llmCall(outcome);
  const catalogs = new Map<string, PromptCatalog>();
  const catalogFor = (currency: string) => {
    let catalog = catalogs.get(currency);
    if (!catalog) {
      catalog = catalogView(currency);
      catalogs.set(currency, catalog);
    }
    return catalog;
  };

  /** One call, through the cache; `accept` validates the output (and throws) before it is kept. */
  async function call<T>(
    runnable: { invoke: BaseChatModel['invoke'] },
    prompt: PromptMessages,
    tools: unknown,
    accept: (output: ModelOutput) => T,
  ): Promise<T> {
    const key = llmCacheKey(config.engine, config.model, {
      prompt: prompt.promptId,
      system: prompt.system,
      user: prompt.user,
      tools,
    });
    const cached = cache.get(key);
    if (cached) {
      observe('hit');
      return accept(cached);
    }
    let output: ModelOutput;
    try {
      output = await within(config.timeoutMs, (signal) =>
        runnable.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], { signal }),
      ).then(outputOf);
      const result = accept(output);
      cache.set(key, output);
      observe('miss');
      return result;
    } catch (error) {
      const failure =
        error instanceof LlmUnavailableError ? error : unavailableFrom(error, false, config.timeoutMs);
      observe(failure.reason === 'timeout' ? 'timeout' : 'error');
      throw failure;
    }
  }

  const tools = { definitions: toolDefinitions, forced: forcesToolChoice(config) };
  return {
    name: `llm:${config.engine}:${config.model}`,
    interpret(question, context) {
      const prompt = interpretMessages(
        catalogFor(context.vocabulary.currency),
        question,
        context,
        config.contextTokens,
      );
      return call(withTools, prompt, tools, (output) => interpretationOf(output.toolCalls));
    },
    async narrate(question, draft) {
      const rows = config.modelSees === 'none' ? [] : draft.rows;
      const prompt = narrationMessages(question, { ...draft, rows }, config.contextTokens);
      try {
        return await call(model, prompt, null, (output) => {
          const text = output.text.trim();
          if (!text) throw new LlmUnavailableError('invalid_output', 'The model answered with no text');
          return text;
        });
      } catch {
        // Counted by the observer; the draft is a complete answer on its own.
        return null;
      }
    },
  };
}

/** Runs the call with an abort signal that fires after `ms`, and gives up then even if it does not stop. */
async function within<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new LlmUnavailableError('timeout', `The language model did not answer within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), deadline]);
  } catch (error) {
    throw controller.signal.aborted ? (controller.signal.reason as LlmUnavailableError) : error;
  } finally {
    clearTimeout(timer);
  }
}

function outputOf(message: AIMessage): ModelOutput {
  const calls = (message.tool_calls ?? []).map((c) => ({ name: c.name, args: c.args as unknown }));
  // Arguments that were not JSON: kept as a call whose arguments cannot validate.
  const broken = (message.invalid_tool_calls ?? []).map((c) => ({
    name: c.name ?? '',
    args: c.args ?? null,
  }));
  return { text: message.text, toolCalls: [...calls, ...broken] };
}
