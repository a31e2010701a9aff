import { inspect } from 'node:util';
import { z } from 'zod';

/**
 * The assistant's engine settings (issue #13). The offline engine needs none; a language model
 * needs a provider, a model and, for hosted providers, a key. Parsed from the environment the
 * project's config module hands over; nothing here reads `process.env`.
 */

export const llmProviders = ['openai', 'openai-compatible', 'ollama', 'anthropic'] as const;
export type LlmProvider = (typeof llmProviders)[number];

/** What the model may see of query results when it words an answer. */
export const modelSeesOptions = ['none', 'aggregates', 'rows'] as const;
export type ModelSees = (typeof modelSeesOptions)[number];

/** A value that is never printed: JSON, `String()` and `util.inspect` show `[redacted]`. */
export interface Secret {
  reveal(): string;
}

export function secret(value: string): Secret {
  const shown = () => '[redacted]';
  return Object.freeze({
    reveal: () => value,
    toJSON: shown,
    toString: shown,
    [inspect.custom]: shown,
  });
}

export interface LlmConfig {
  readonly engine: LlmProvider;
  readonly model: string;
  /** The provider's endpoint; the provider's public one (or Ollama's local one) when not set. */
  readonly baseUrl: string;
  readonly apiKey: Secret | null;
  readonly timeoutMs: number;
  readonly modelSees: ModelSees;
  /**
   * Budget, in estimated tokens (characters ÷ 4; see context.ts), of the context a prompt carries
   * besides the fixed rules and catalog: conversation and the organization's values.
   */
  readonly contextTokens: number;
}

export type AssistantEngineConfig = { readonly engine: 'offline' } | LlmConfig;

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .optional();

/** The variables, as zod fields: src/config.ts may merge them into its own schema. */
export const llmEnvShape = {
  LANEWISE_ASSISTANT_ENGINE: z.enum(['offline', ...llmProviders]).default('offline'),
  LANEWISE_ASSISTANT_MODEL: z.string().min(1).max(200).optional(),
  LANEWISE_ASSISTANT_BASE_URL: httpUrl,
  LANEWISE_ASSISTANT_API_KEY: z.string().min(1).max(1000).optional(),
  LANEWISE_ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  LANEWISE_ASSISTANT_MODEL_SEES: z.enum(modelSeesOptions).default('aggregates'),
  LANEWISE_ASSISTANT_CONTEXT_TOKENS: z.coerce.number().int().min(1_000).max(1_000_000).default(4_000),
};
type LlmEnv = keyof typeof llmEnvShape;

/** What each variable means (the README's configuration table says the same). */
export const llmEnvDocs: Record<LlmEnv, string> = {
  LANEWISE_ASSISTANT_ENGINE:
    'Engine of the AI analyst: offline (no network), openai, openai-compatible (any server with the OpenAI chat completions API: vLLM, LM Studio, Ollama’s /v1), ollama (native API) or anthropic',
  LANEWISE_ASSISTANT_MODEL: 'Model name sent to the provider (required unless the engine is offline)',
  LANEWISE_ASSISTANT_BASE_URL:
    'Provider endpoint; required for openai-compatible (e.g. http://127.0.0.1:8000/v1). Defaults: https://api.openai.com/v1, https://api.anthropic.com, http://127.0.0.1:11434',
  LANEWISE_ASSISTANT_API_KEY:
    'API key of the provider (required for openai and anthropic; sent as a bearer token to the others when set); never logged',
  LANEWISE_ASSISTANT_TIMEOUT_MS:
    'How long one call to the model may take before the offline engine answers instead, in milliseconds',
  LANEWISE_ASSISTANT_MODEL_SEES:
    'What the model sees of query results when it words an answer: none, aggregates (the grouped result) or rows',
  LANEWISE_ASSISTANT_CONTEXT_TOKENS:
    'Budget, in estimated tokens (characters ÷ 4), of the context sent with each question on top of the fixed rules and catalog (≈3,300 tokens) and tool schemas (≈1,600): up to half for recent turns and a running summary, the rest for the organization’s names, most frequent first',
};

/** Variables never echoed back in an error message. */
export const llmSecretVariables: ReadonlySet<string> = new Set(['LANEWISE_ASSISTANT_API_KEY']);

const defaultBaseUrls: Record<Exclude<LlmProvider, 'openai-compatible'>, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://127.0.0.1:11434',
};

/** Raised for a variable the assistant cannot use; the message names it. */
export class LlmConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the assistant's engine settings; empty variables count as not set. */
export function llmConfigOf(env: Record<string, string | undefined>): AssistantEngineConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(llmEnvShape)) raw[key] = env[key] === '' ? undefined : env[key];
  const parsed = z.object(llmEnvShape).safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        const shown = llmSecretVariables.has(name) ? '[redacted]' : JSON.stringify(raw[name] ?? '');
        return `${name}=${shown}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const engine = e.LANEWISE_ASSISTANT_ENGINE;
  if (engine === 'offline') return Object.freeze({ engine });
  const problems: string[] = [];
  if (!e.LANEWISE_ASSISTANT_MODEL)
    problems.push(`LANEWISE_ASSISTANT_MODEL: the ${engine} engine needs a model name`);
  if (engine === 'openai-compatible' && !e.LANEWISE_ASSISTANT_BASE_URL) {
    problems.push(
      'LANEWISE_ASSISTANT_BASE_URL: the openai-compatible engine needs the server’s URL (e.g. http://127.0.0.1:8000/v1)',
    );
  }
  if ((engine === 'openai' || engine === 'anthropic') && !e.LANEWISE_ASSISTANT_API_KEY) {
    problems.push(`LANEWISE_ASSISTANT_API_KEY: the ${engine} engine needs an API key`);
  }
  if (problems.length > 0) throw invalid(problems);
  return Object.freeze({
    engine,
    model: e.LANEWISE_ASSISTANT_MODEL ?? '',
    baseUrl: e.LANEWISE_ASSISTANT_BASE_URL ?? (engine === 'openai-compatible' ? '' : defaultBaseUrls[engine]),
    apiKey: e.LANEWISE_ASSISTANT_API_KEY ? secret(e.LANEWISE_ASSISTANT_API_KEY) : null,
    timeoutMs: e.LANEWISE_ASSISTANT_TIMEOUT_MS,
    modelSees: e.LANEWISE_ASSISTANT_MODEL_SEES,
    contextTokens: e.LANEWISE_ASSISTANT_CONTEXT_TOKENS,
  });
}

const invalid = (lines: readonly string[]) =>
  new LlmConfigError(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);
