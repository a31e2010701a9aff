/**
 * The one error type that crosses module boundaries. `code` is stable and namespaced
 * (`AUTH_INVALID_TOKEN`, `REQUEST_INVALID`, ...): clients branch on it, so it never changes
 * once shipped. The message is for a person and says what to do.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra members for the problem document (e.g. `errors`, `retryAfter`); never secrets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** One invalid field of a request, by path ("lines.0.qty"). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}
