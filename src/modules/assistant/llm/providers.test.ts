import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LlmConfig } from './config.js';
import { secret } from './config.js';
import { createLlmEngine } from './engine.js';

/**
 * The native Anthropic and Ollama clients, through a fetch that answers as each API would: the
 * request each client builds (endpoint, key, tools, tool choice) and the tool call it parses.
 * No network.
 */

const context = {
  vocabulary: { entities: [], dataRange: null, currency: 'USD' },
  today: '2026-12-08',
};

function fakeFetch(answer: (url: string) => Response) {
  const seen: { url: string; headers: Headers; body: Record<string, unknown> }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push({ url, headers: new Headers(init?.headers), body: JSON.parse(String(init?.body ?? '{}')) });
    return answer(url);
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const config = (engine: LlmConfig['engine'], baseUrl: string, key: string | null): LlmConfig => ({
  engine,
  model: 'test-model',
  baseUrl,
  apiKey: key ? secret(key) : null,
  timeoutMs: 2_000,
  modelSees: 'aggregates',
  contextTokens: 4_000,
});

describe('providers', () => {
  // The clients would take these from the environment; the configuration must win.
  beforeEach(() => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://env.invalid/v1');
    vi.stubEnv('ANTHROPIC_BASE_URL', 'http://env.invalid');
    vi.stubEnv('OLLAMA_BASE_URL', 'http://env.invalid');
    vi.stubEnv('LANGSMITH_GATEWAY', 'true');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('Anthropic: messages API with the key, the tools and a forced tool choice', async () => {
    const { seen, fetch } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: 'test-model',
            content: [
              {
                type: 'tool_use',
                id: 'toolu_1',
                name: 'lookup',
                input: { entity: 'order', reference: 'SO-7' },
              },
            ],
            stop_reason: 'tool_use',
            stop_sequence: null,
            usage: { input_tokens: 10, output_tokens: 5 },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    );
    const engine = createLlmEngine(config('anthropic', 'https://anthropic.test', 'ak-1'), { fetch });
    expect(await engine.interpret('Where is order SO-7?', context)).toEqual({
      kind: 'lookup',
      entity: 'order',
      reference: 'SO-7',
    });
    expect(seen).toHaveLength(1);
    const request = seen[0] as (typeof seen)[number];
    expect(request.url).toBe('https://anthropic.test/v1/messages');
    expect(request.headers.get('x-api-key')).toBe('ak-1');
    expect(request.body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      tool_choice: { type: 'any' },
    });
    expect(String(request.body.system)).toContain('- onTimeRate: ');
    expect((request.body.tools as { name: string }[]).map((t) => t.name)).toEqual([
      'run_query',
      'lookup',
      'stock_risk',
      'clarify',
      'refuse',
    ]);
  });

  it('Ollama: native chat API with the tools, and its tool call parsed', async () => {
    const { seen, fetch } = fakeFetch(
      () =>
        new Response(
          `${JSON.stringify({
            model: 'test-model',
            created_at: '2026-12-08T00:00:00Z',
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [{ function: { name: 'stock_risk', arguments: { withinDays: 14 } } }],
            },
            done: true,
            done_reason: 'stop',
            prompt_eval_count: 10,
            eval_count: 5,
          })}\n`,
          { status: 200, headers: { 'content-type': 'application/x-ndjson' } },
        ),
    );
    const engine = createLlmEngine(config('ollama', 'http://ollama.test:11434', null), { fetch });
    expect(engine.name).toBe('llm:ollama:test-model');
    expect(await engine.interpret('Which SKUs run out in two weeks?', context)).toEqual({
      kind: 'stockRisk',
      withinDays: 14,
      filters: [],
    });
    const request = seen[0] as (typeof seen)[number];
    expect(request.url).toBe('http://ollama.test:11434/api/chat');
    expect(request.headers.get('authorization')).toBeNull();
    expect(request.body).toMatchObject({ model: 'test-model', options: { temperature: 0 } });
    expect((request.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toContain(
      'run_query',
    );
  });

  it('OpenAI: the configured endpoint, not the environment’s', async () => {
    const { seen, fetch } = fakeFetch(() => new Response('{"error":{"message":"no"}}', { status: 401 }));
    const engine = createLlmEngine(config('openai', 'https://api.openai.com/v1', 'sk-1'), { fetch });
    await expect(engine.interpret('Shipments?', context)).rejects.toMatchObject({
      reason: 'http_status',
      status: 401,
    });
    expect(seen[0]?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer sk-1');
  });
});
