import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a feed's requests are signed (ADR 0018): the sender computes HMAC-SHA256 with the feed's
 * secret over `<timestamp>.<body>` — the Unix time in seconds it sends in Lanewise-Timestamp, a
 * dot, and the exact bytes of the body — and sends `sha256=<hex>` in Lanewise-Signature. A
 * timestamp more than five minutes from the server's clock is refused, so a captured request
 * cannot be replayed later; within the window, redelivered events are ignored by their id.
 */

export const TIMESTAMP_HEADER = 'lanewise-timestamp';
export const SIGNATURE_HEADER = 'lanewise-signature';
export const SIGNATURE_WINDOW_SECONDS = 300;

/** A new feed secret: 32 random bytes, prefixed so a leaked one is recognisable in a scan. */
export function newFeedSecret(): string {
  return `lwfs_${randomBytes(32).toString('base64url')}`;
}

/** The signature header value for a body sent at `timestamp` (seconds): what a sender computes. */
export function signFeedRequest(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** Null when the request is signed by `secret` within the window; otherwise what is wrong. */
export function checkFeedSignature(
  secret: string,
  headers: { readonly timestamp: string | undefined; readonly signature: string | undefined },
  body: Buffer,
  nowMs = Date.now(),
): SignatureProblem | null {
  const { timestamp, signature } = headers;
  if (timestamp === undefined || signature === undefined) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'malformed';
  const given = /^sha256=([0-9a-f]{64})$/.exec(signature.trim().toLowerCase());
  if (!given) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(signFeedRequest(secret, timestamp, body).slice('sha256='.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(given[1] as string, 'hex')) ? null : 'mismatch';
}
