import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTtlCache } from './ttl-cache.js';

// The cache holds facts another process may change (a user's token version after a revocation,
// an API key's state): whatever it remembers must be forgotten after `ttlMs`.
function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('ttl cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers from memory until the TTL has passed, then forgets (a revocation elsewhere takes effect)', () => {
    const c = clock();
    const cache = createTtlCache<string, number>({ ttlMs: 5_000, now: c.now });
    expect(cache.get('user:7')).toBeUndefined();
    cache.set('user:7', 1);
    expect(cache.get('user:7')).toBe(1);
    c.advance(4_999);
    expect(cache.get('user:7')).toBe(1);
    // Exactly at the TTL the entry is stale: the caller re-reads the token version from the database.
    c.advance(1);
    expect(cache.get('user:7')).toBeUndefined();
    c.advance(60_000);
    expect(cache.get('user:7')).toBeUndefined();
  });

  it('gives each write its own TTL', () => {
    const c = clock();
    const cache = createTtlCache<string, number>({ ttlMs: 1_000, now: c.now });
    cache.set('a', 1);
    c.advance(600);
    cache.set('b', 2);
    cache.set('a', 3);
    c.advance(600);
    expect(cache.get('a')).toBe(3);
    expect(cache.get('b')).toBe(2);
    c.advance(400);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('caches nothing when the TTL is zero or negative (caching switched off)', () => {
    for (const ttlMs of [0, -1]) {
      const cache = createTtlCache<string, number>({ ttlMs, now: clock().now });
      cache.set('k', 1);
      expect(cache.get('k')).toBeUndefined();
    }
  });

  it('expires by the wall clock when no clock is injected', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const cache = createTtlCache<string, string>({ ttlMs: 30_000 });
    cache.set('key', 'active');
    vi.advanceTimersByTime(29_999);
    expect(cache.get('key')).toBe('active');
    vi.advanceTimersByTime(1);
    expect(cache.get('key')).toBeUndefined();
  });

  it('forgets a key, every matching entry or everything at once (revocations in this process)', () => {
    const cache = createTtlCache<string, { org: number }>({ ttlMs: 60_000, now: clock().now });
    cache.set('u1', { org: 1 });
    cache.set('u2', { org: 2 });
    cache.set('u3', { org: 1 });
    cache.set('k9', { org: 3 });
    cache.delete('u2');
    expect(cache.get('u2')).toBeUndefined();
    expect(cache.get('u1')).toEqual({ org: 1 });

    cache.deleteWhere((_key, value) => value.org === 1);
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.get('u3')).toBeUndefined();
    expect(cache.get('k9')).toEqual({ org: 3 });
    cache.deleteWhere((key) => key === 'k9');
    expect(cache.get('k9')).toBeUndefined();

    cache.set('u1', { org: 1 });
    cache.set('u2', { org: 2 });
    cache.clear();
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.get('u2')).toBeUndefined();
  });

  describe('size bound', () => {
    it('drops the oldest entry when full, and never more than needed', () => {
      const cache = createTtlCache<string, number>({ ttlMs: 60_000, maxEntries: 3, now: clock().now });
      for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, i);
      expect(cache.get('a')).toBeUndefined();
      expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([1, 2, 3]);
    });

    it('rewriting a key already held evicts nothing', () => {
      const cache = createTtlCache<string, number>({ ttlMs: 60_000, maxEntries: 2, now: clock().now });
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('a', 3);
      expect([cache.get('a'), cache.get('b')]).toEqual([3, 2]);
    });

    it('drops expired entries before live ones', () => {
      const c = clock();
      const cache = createTtlCache<string, number>({ ttlMs: 100, maxEntries: 3, now: c.now });
      cache.set('old', 1);
      c.advance(10);
      cache.set('stale', 2);
      c.advance(50);
      // Rewritten, so live for longer than 'stale' although it was inserted first.
      cache.set('old', 3);
      cache.set('live', 4);
      c.advance(50); // 'stale' expires now; 'old' and 'live' have 50 ms left
      cache.set('new', 5);
      expect([cache.get('old'), cache.get('live'), cache.get('new')]).toEqual([3, 4, 5]);
    });

    it('holds at most 10,000 entries by default', () => {
      const cache = createTtlCache<number, number>({ ttlMs: 60_000, now: clock().now });
      for (let i = 0; i <= 10_000; i++) cache.set(i, i);
      expect(cache.get(0)).toBeUndefined();
      expect(cache.get(1)).toBe(1);
      expect(cache.get(10_000)).toBe(10_000);
    });
  });
});
