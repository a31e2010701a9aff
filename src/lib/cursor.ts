import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.js';

/**
 * Opaque list cursors. A cursor names the list and sort it belongs to and the last row's sort
 * value and id, so the next page continues after that row even while rows are inserted (keyset
 * pagination: nothing is skipped or repeated). A null value marks the trailing segment of rows
 * whose sort value is null (they come last in both directions).
 *
 * Two layers: `encodeCursor`/`decodeCursor` are the position (decoded values are checked against
 * the sort's column kind by the keyset code), and `sealCursor`/`openCursor` add an HMAC so a
 * client cannot hand-edit a position at all. A cursor is opaque to clients and short-lived, so
 * the key may be derived from any secret every API process shares.
 */
export interface CursorPosition {
  readonly sort: string;
  readonly value: string | number | null;
  readonly id: number;
}

const invalidCursor = () =>
  new AppError(
    'REQUEST_INVALID_CURSOR',
    'The cursor is invalid, was altered, or belongs to another list or sort; start again without it.',
  );

/** Encodes a position as an opaque URL-safe token. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
}

/** Decodes a token produced by encodeCursor for the same sort, or answers 400 REQUEST_INVALID_CURSOR. */
export function decodeCursor(token: string, sort: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor();
  const [s, value, id] = parsed as unknown[];
  if (s !== sort || !Number.isSafeInteger(id) || (id as number) < 0) throw invalidCursor();
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw invalidCursor();
  return { sort: s, value, id: id as number };
}

const MAC_BYTES = 16; // 128 bits: forgery odds of 2^-128 per attempt, and a short cursor
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A key for sealing cursors, derived from a shared secret (separate from any other use of it). */
export function cursorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('lanewise list cursor v1').digest();
}

function macOf(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

/** Appends an HMAC to a cursor token: `<token>.<mac>`. */
export function sealCursor(key: Buffer, token: string): string {
  return `${token}.${macOf(key, token).toString('base64url')}`;
}

/** The token inside a sealed cursor, or 400 REQUEST_INVALID_CURSOR when it was not sealed with this key. */
export function openCursor(key: Buffer, sealed: string): string {
  const dot = sealed.lastIndexOf('.');
  if (dot <= 0) throw invalidCursor();
  const token = sealed.slice(0, dot);
  const mac = sealed.slice(dot + 1);
  if (!BASE64URL.test(token) || !BASE64URL.test(mac)) throw invalidCursor();
  const given = Buffer.from(mac, 'base64url');
  // Only the canonical spelling of the MAC: base64url has several for the same bytes.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== mac) throw invalidCursor();
  if (!timingSafeEqual(given, macOf(key, token))) throw invalidCursor();
  return token;
}

/** 400 REQUEST_INVALID_CURSOR, for a position that decodes but cannot be one this list issued. */
export { invalidCursor };
