import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type LlmConfig, llmConfigOf } from './config.js';

const llm = (env: Record<string, string | undefined>) => llmConfigOf(env) as LlmConfig;

describe('llmConfigOf', () => {
  it('is offline with nothing set, and treats empty variables as unset', () => {
    expect(llmConfigOf({})).toEqual({ engine: 'offline' });
    expect(llmConfigOf({ LANEWISE_ASSISTANT_ENGINE: '', LANEWISE_ASSISTANT_MODEL: '' })).toEqual({
      engine: 'offline',
    });
  });

  it('fills the defaults of a provider', () => {
    const config = llm({ LANEWISE_ASSISTANT_ENGINE: 'ollama', LANEWISE_ASSISTANT_MODEL: 'qwen2.5:7b' });
    expect(config).toEqual({
      engine: 'ollama',
      model: 'qwen2.5:7b',
      baseUrl: 'http://127.0.0.1:11434',
      apiKey: null,
      timeoutMs: 15_000,
      modelSees: 'aggregates',
      contextTokens: 4_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(
      llm({
        LANEWISE_ASSISTANT_ENGINE: 'openai',
        LANEWISE_ASSISTANT_MODEL: 'm',
        LANEWISE_ASSISTANT_API_KEY: 'k',
      }).baseUrl,
    ).toBe('https://api.openai.com/v1');
  });

  it('reads every variable, dropping a trailing slash of the URL', () => {
    const config = llm({
      LANEWISE_ASSISTANT_ENGINE: 'openai-compatible',
      LANEWISE_ASSISTANT_MODEL: 'llama3.1',
      LANEWISE_ASSISTANT_BASE_URL: 'http://127.0.0.1:8000/v1/',
      LANEWISE_ASSISTANT_TIMEOUT_MS: '2500',
      LANEWISE_ASSISTANT_MODEL_SEES: 'none',
      LANEWISE_ASSISTANT_CONTEXT_TOKENS: '8000',
    });
    expect(config).toMatchObject({
      engine: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8000/v1',
      timeoutMs: 2500,
      modelSees: 'none',
      contextTokens: 8000,
    });
  });

  it('names the variable of a bad value', () => {
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_ENGINE: 'gpt' })).toThrow(
      /LANEWISE_ASSISTANT_ENGINE="gpt"/,
    );
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_TIMEOUT_MS: 'soon' })).toThrow(
      /LANEWISE_ASSISTANT_TIMEOUT_MS="soon"/,
    );
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_MODEL_SEES: 'everything' })).toThrow(
      /LANEWISE_ASSISTANT_MODEL_SEES/,
    );
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_CONTEXT_TOKENS: '10' })).toThrow(
      /LANEWISE_ASSISTANT_CONTEXT_TOKENS="10"/,
    );
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_BASE_URL: 'ftp://example.com' })).toThrow(
      /LANEWISE_ASSISTANT_BASE_URL/,
    );
  });

  it('says what a provider is missing', () => {
    expect(() => llmConfigOf({ LANEWISE_ASSISTANT_ENGINE: 'ollama' })).toThrow(
      /LANEWISE_ASSISTANT_MODEL: the ollama engine needs a model name/,
    );
    expect(() =>
      llmConfigOf({ LANEWISE_ASSISTANT_ENGINE: 'openai-compatible', LANEWISE_ASSISTANT_MODEL: 'm' }),
    ).toThrow(/LANEWISE_ASSISTANT_BASE_URL: the openai-compatible engine needs/);
    for (const engine of ['openai', 'anthropic']) {
      expect(() => llmConfigOf({ LANEWISE_ASSISTANT_ENGINE: engine, LANEWISE_ASSISTANT_MODEL: 'm' })).toThrow(
        `LANEWISE_ASSISTANT_API_KEY: the ${engine} engine needs an API key`,
      );
    }
  });

  it('never shows the API key: not in errors, JSON, strings or inspection', () => {
    const key = 'sk-very-secret-value';
    let message = '';
    try {
      llmConfigOf({ LANEWISE_ASSISTANT_API_KEY: 'x'.repeat(1001) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('LANEWISE_ASSISTANT_API_KEY=[redacted]');
    expect(message).not.toContain('xxxx');

    const config = llm({
      LANEWISE_ASSISTANT_ENGINE: 'anthropic',
      LANEWISE_ASSISTANT_MODEL: 'm',
      LANEWISE_ASSISTANT_API_KEY: key,
    });
    expect(config.apiKey?.reveal()).toBe(key);
    for (const shown of [JSON.stringify(config), String(config.apiKey), inspect(config, { depth: 5 })]) {
      expect(shown).not.toContain(key);
    }
    expect(JSON.stringify(config)).toContain('"apiKey":"[redacted]"');
  });
});
