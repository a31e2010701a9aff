import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from './config.js';

/**
 * The LangChain chat model of the configured provider. Everything the clients could otherwise
 * take from the environment (OPENAI_BASE_URL, ANTHROPIC_API_KEY, OLLAMA_BASE_URL, a LangSmith
 * gateway) is passed explicitly, so the configuration alone decides where a prompt goes.
 * Temperature 0 for repeatable readings; no retries, since the offline engine answers at once
 * when the model fails (the caller's deadline would rarely leave time for a second attempt).
 */
export function chatModelOf(config: LlmConfig, options: { fetch?: typeof fetch } = {}): BaseChatModel {
  const common = { model: config.model, temperature: 0, maxRetries: 0 };
  const key = config.apiKey?.reveal();
  switch (config.engine) {
    case 'openai':
    case 'openai-compatible':
      return new ChatOpenAI({
        ...common,
        timeout: config.timeoutMs,
        // A local server needs no key, but the client insists on one.
        apiKey: key ?? 'not-needed',
        configuration: {
          baseURL: config.baseUrl,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        },
      });
    case 'anthropic':
      return new ChatAnthropic({
        ...common,
        apiKey: key ?? '',
        anthropicApiUrl: config.baseUrl,
        clientOptions: { timeout: config.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) },
      });
    case 'ollama':
      return new ChatOllama({
        ...common,
        baseUrl: config.baseUrl,
        ...(key ? { headers: { Authorization: `Bearer ${key}` } } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
  }
}

/** Whether the provider honours a forced tool choice ("call one of these tools"). */
export const forcesToolChoice = (config: LlmConfig): boolean => config.engine !== 'ollama';
