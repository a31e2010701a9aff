import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkFeedSignature, newFeedSecret, signFeedRequest } from './signature.js';

const secret = 'lwfs_test-secret';
const body = Buffer.from('{"shipment":"S-1","code":"DELIVERED"}');
const now = Date.UTC(2026, 11, 3, 10, 0, 0);
const ts = String(now / 1000);

describe('feed request signatures', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", as a sender computes it with any HMAC library', () => {
    const byHand = createHmac('sha256', secret).update(`${ts}.${body.toString()}`).digest('hex');
    expect(signFeedRequest(secret, ts, body)).toBe(`sha256=${byHand}`);
  });

  it('accepts a signed request within five minutes either way', () => {
    const signature = signFeedRequest(secret, ts, body);
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, body, now)).toBeNull();
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, body, now + 300_000)).toBeNull();
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, body, now - 300_000)).toBeNull();
    // Header case and surrounding space do not matter.
    const upper = signature.toUpperCase().replace('SHA256=', 'sha256=');
    expect(checkFeedSignature(secret, { timestamp: ts, signature: ` ${upper} ` }, body, now)).toBeNull();
  });

  it('refuses a timestamp outside the window, even with a good signature', () => {
    const signature = signFeedRequest(secret, ts, body);
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, body, now + 301_000)).toBe('stale');
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, body, now - 301_000)).toBe('stale');
  });

  it('refuses another body, another timestamp, another secret', () => {
    const signature = signFeedRequest(secret, ts, body);
    const other = Buffer.from(`${body.toString()} `);
    expect(checkFeedSignature(secret, { timestamp: ts, signature }, other, now)).toBe('mismatch');
    const later = String(Number(ts) + 1);
    expect(checkFeedSignature(secret, { timestamp: later, signature }, body, now)).toBe('mismatch');
    expect(checkFeedSignature('lwfs_other', { timestamp: ts, signature }, body, now)).toBe('mismatch');
  });

  it('says what is missing or malformed', () => {
    const signature = signFeedRequest(secret, ts, body);
    expect(checkFeedSignature(secret, { timestamp: undefined, signature }, body, now)).toBe('missing');
    expect(checkFeedSignature(secret, { timestamp: ts, signature: undefined }, body, now)).toBe('missing');
    expect(checkFeedSignature(secret, { timestamp: '1.5', signature }, body, now)).toBe('malformed');
    expect(checkFeedSignature(secret, { timestamp: ts, signature: 'sha1=abc' }, body, now)).toBe('malformed');
    expect(checkFeedSignature(secret, { timestamp: ts, signature: signature.slice(0, -2) }, body, now)).toBe(
      'malformed',
    );
  });

  it('issues a new, unguessable secret each time', () => {
    const a = newFeedSecret();
    expect(a).toMatch(/^lwfs_[A-Za-z0-9_-]{43}$/);
    expect(newFeedSecret()).not.toBe(a);
  });
});
