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

/**
 * Throws 422 REQUEST_INVALID listing the fields at fault, when there are any: a well-formed
 * request that refers to data that does not exist or disagrees with itself. `prefix` is where
 * the paths live ("body"; "" when they already start at the root, as a batch's "items.3.x").
 */
export function rejectInvalid(errors: readonly FieldError[], prefix = 'body'): void {
  if (errors.length === 0) return;
  const shown = errors.map((e) => ({ path: prefix ? `${prefix}.${e.path}` : e.path, message: e.message }));
  throw new AppError(
    'REQUEST_INVALID',
    422,
    `The request refers to data that does not exist or disagrees with itself: ${shown.map((e) => e.path).join(', ')}.`,
    { errors: shown },
  );
}
