import { createHash } from 'node:crypto';
import { stableJson } from '../../../lib/stable-json.js';
import { createTtlCache } from '../../../lib/ttl-cache.js';

/**
 * Answers of the model, kept in process by (provider, model, prompt hash). The hash covers the
 * whole request: every message (system prompt with catalog, values, today's date; conversation;
 * question), the tool schemas and the tool choice, so a change to any of them is a new entry.
 * Only answers that validated are kept.
 */

/** Counts each call to the model once, by how it ended (the caller wires Prometheus counters). */
export interface LlmObserver {
  /**
   * hit: served from the cache; miss: the model answered (and validated); error: the model
   * failed or answered invalid output; timeout: it did not answer in time. Hit rate is
   * hit ÷ all four.
   */
  llmCall(outcome: 'hit' | 'miss' | 'error' | 'timeout'): void;
}

/** What the model answered: its text and its tool calls. */
export interface ModelOutput {
  readonly text: string;
  readonly toolCalls: readonly { readonly name: string; readonly args: unknown }[];
}

export interface LlmCache {
  get(key: string): ModelOutput | undefined;
  set(key: string, output: ModelOutput): void;
}

export interface LlmCacheOptions {
  /** 0 disables caching. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** A bounded in-process cache; entries expire (the prompt holds today's date anyway). */
export function createLlmCache({
  ttlMs = 60 * 60_000,
  maxEntries = 1_000,
  now,
}: LlmCacheOptions = {}): LlmCache {
  return createTtlCache<string, ModelOutput>({ ttlMs, maxEntries, ...(now ? { now } : {}) });
}

/** The key of one request: provider and model in clear, the request's content as a SHA-256. */
export function llmCacheKey(provider: string, model: string, request: unknown): string {
  const hash = createHash('sha256').update(stableJson(request)).digest('hex');
  // JSON, so no provider or model name can pose as another pair.
  return JSON.stringify([provider, model, hash]);
}
