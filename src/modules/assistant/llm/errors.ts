/**
 * Why the language model gave no usable interpretation. The answer step (ask.ts) catches it,
 * answers with the offline engine and says why; it never reaches a client as such.
 */
export type LlmFailure =
  /** No answer within LANEWISE_ASSISTANT_TIMEOUT_MS. */
  | 'timeout'
  /** The provider answered with an HTTP error status (`status` holds it). */
  | 'http_status'
  /** The provider could not be reached (connection refused, DNS, TLS). */
  | 'unreachable'
  /** The model answered, but not with exactly one tool call whose arguments validate. */
  | 'invalid_output';

/** The language model failed; the caller falls back to the offline engine. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
  constructor(
    readonly reason: LlmFailure,
    message: string,
    /** The HTTP status, for `http_status`. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Maps what a LangChain client threw to a failure reason; never includes request headers. */
export function unavailableFrom(error: unknown, timedOut: boolean, timeoutMs: number): LlmUnavailableError {
  if (error instanceof LlmUnavailableError) return error;
  if (timedOut)
    return new LlmUnavailableError('timeout', `The language model did not answer within ${timeoutMs} ms`);
  const status = statusOf(error);
  if (status !== null) {
    return new LlmUnavailableError(
      'http_status',
      `The language model's server answered HTTP ${status}`,
      status,
    );
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new LlmUnavailableError('timeout', `The language model did not answer within ${timeoutMs} ms`);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new LlmUnavailableError('unreachable', `The language model could not be reached: ${detail}`);
}

// The OpenAI and Anthropic SDKs put the status on `status`, the Ollama client on `status_code`.
function statusOf(error: unknown): number | null {
  if (!error || typeof error !== 'object') return null;
  for (const key of ['status', 'status_code'] as const) {
    const value = (error as Record<string, unknown>)[key];
    if (typeof value === 'number' && value >= 400 && value <= 599) return value;
  }
  return null;
}
