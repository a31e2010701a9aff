import { describe, expect, it } from 'vitest';
import { createLlmCache, llmCacheKey } from './cache.js';

const request = {
  prompt: 'semantic-query.v1',
  system: 'rules',
  user: 'Question:\nx',
  tools: [{ name: 'run_query' }],
};

describe('llmCacheKey', () => {
  it('names provider and model and hashes the request', () => {
    const key = llmCacheKey('openai', 'gpt-x', request);
    expect(key).toMatch(/^\["openai","gpt-x","[0-9a-f]{64}"\]$/);
    expect(key).not.toContain('rules');
  });

  it('is the same for an equal request built in another order', () => {
    const reordered = {
      tools: [{ name: 'run_query' }],
      user: 'Question:\nx',
      system: 'rules',
      prompt: 'semantic-query.v1',
    };
    expect(llmCacheKey('openai', 'gpt-x', reordered)).toBe(llmCacheKey('openai', 'gpt-x', request));
  });

  it('changes with the provider, the model, any message, the tools or the prompt version', () => {
    const base = llmCacheKey('openai', 'gpt-x', request);
    const others = [
      llmCacheKey('openai-compatible', 'gpt-x', request),
      llmCacheKey('openai', 'gpt-y', request),
      llmCacheKey('openai', 'gpt-x', { ...request, system: 'rules ' }),
      llmCacheKey('openai', 'gpt-x', { ...request, user: 'Question:\ny' }),
      llmCacheKey('openai', 'gpt-x', { ...request, tools: [{ name: 'run_query', strict: true }] }),
      llmCacheKey('openai', 'gpt-x', { ...request, prompt: 'semantic-query.v2' }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('does not let a name with a separator pose as another provider and model', () => {
    expect(llmCacheKey('a', 'b","c', request)).not.toBe(llmCacheKey('a","b', 'c', request));
    expect(llmCacheKey('a', 'b:c', request)).not.toBe(llmCacheKey('a:b', 'c', request));
  });
});

describe('createLlmCache', () => {
  const output = { text: '', toolCalls: [{ name: 'refuse', args: { text: 'No.' } }] };

  it('expires entries and stays bounded', () => {
    let now = 0;
    const cache = createLlmCache({ ttlMs: 1000, maxEntries: 2, now: () => now });
    cache.set('a', output);
    cache.set('b', output);
    cache.set('c', output);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toEqual(output);
    now = 1000;
    expect(cache.get('c')).toBeUndefined();
  });
});
