import { AppError } from './errors.js';

/**
 * Opaque list cursors. A cursor names the sort it belongs to and the last row's sort value and
 * id, so the next page continues after that row even while rows are inserted (keyset
 * pagination: nothing is skipped or repeated). `nulls` marks the trailing segment of rows whose
 * sort value is null (they come last in both directions).
 */
export interface CursorPosition {
  readonly sort: string;
  readonly value: string | number | null;
  readonly id: number;
}

/** Encodes a position as an opaque URL-safe token. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
}

/** Decodes a token produced by encodeCursor for the same sort, or answers 400 REQUEST_INVALID_CURSOR. */
export function decodeCursor(token: string, sort: string): CursorPosition {
  const invalid = () =>
    new AppError(
      'REQUEST_INVALID_CURSOR',
      'The cursor is invalid or belongs to another sort; start again without it.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [s, value, id] = parsed as unknown[];
  if (s !== sort || !Number.isSafeInteger(id) || (id as number) < 0) throw invalid();
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw invalid();
  return { sort: s, value, id: id as number };
}
