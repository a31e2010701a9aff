import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRateLimiter } from './rate-limit.js';

describe('memory rate limiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows up to the limit per window, then refuses with the time to wait', () => {
    let t = 1_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.hit('k', 3, 60_000)).toEqual({ allowed: true, retryAfterS: 60, firstRefusal: false });
    }
    const refused = limiter.hit('k', 3, 60_000);
    expect(refused).toEqual({ allowed: false, retryAfterS: 60, firstRefusal: true });
    t += 15_000;
    expect(limiter.hit('k', 3, 60_000)).toEqual({ allowed: false, retryAfterS: 45, firstRefusal: false });
    expect(limiter.hit('other', 3, 60_000).allowed).toBe(true);
    t += 45_000;
    expect(limiter.hit('k', 3, 60_000).allowed).toBe(true);
  });

  it('starts a fresh window, with a full budget, once the old one has ended', () => {
    let t = 0;
    const limiter = createMemoryRateLimiter({ now: () => t });
    for (let i = 0; i < 2; i++) limiter.hit('k', 2, 10_000);
    expect(limiter.hit('k', 2, 10_000).allowed).toBe(false);
    t = 9_999;
    expect(limiter.hit('k', 2, 10_000).allowed).toBe(false);
    t = 10_000;
    // The window is measured from its first hit, so the new one runs until 20 s.
    expect(limiter.hit('k', 2, 10_000)).toEqual({ allowed: true, retryAfterS: 10, firstRefusal: false });
    expect(limiter.hit('k', 2, 10_000).allowed).toBe(true);
    // A breach of the new window is logged again.
    expect(limiter.hit('k', 2, 10_000)).toEqual({ allowed: false, retryAfterS: 10, firstRefusal: true });
  });

  it('rounds Retry-After up to whole seconds and never below one', () => {
    let t = 0;
    const limiter = createMemoryRateLimiter({ now: () => t });
    limiter.hit('k', 1, 60_000);
    t = 500;
    expect(limiter.hit('k', 1, 60_000).retryAfterS).toBe(60);
    t = 58_001;
    expect(limiter.hit('k', 1, 60_000).retryAfterS).toBe(2);
    t = 59_999;
    expect(limiter.hit('k', 1, 60_000).retryAfterS).toBe(1);
  });

  it('counts by the wall clock when no clock is injected', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const limiter = createMemoryRateLimiter();
    limiter.hit('k', 1, 60_000);
    vi.advanceTimersByTime(30_000);
    expect(limiter.hit('k', 1, 60_000)).toEqual({ allowed: false, retryAfterS: 30, firstRefusal: true });
    vi.advanceTimersByTime(30_000);
    expect(limiter.hit('k', 1, 60_000).allowed).toBe(true);
  });

  it('peeks without counting and forgets a key on reset', () => {
    const limiter = createMemoryRateLimiter();
    expect(limiter.peek('k', 1, 60_000)).toEqual({ allowed: true, retryAfterS: 60, firstRefusal: false });
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(true);
    limiter.hit('k', 1, 60_000);
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(false);
    limiter.reset('k');
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(true);
  });

  it('reports a breach once per window, whether it was seen by a peek or a hit', () => {
    const limiter = createMemoryRateLimiter({ now: () => 0 });
    limiter.hit('k', 1, 60_000);
    expect(limiter.peek('k', 1, 60_000)).toEqual({ allowed: false, retryAfterS: 60, firstRefusal: true });
    expect(limiter.peek('k', 1, 60_000).firstRefusal).toBe(false);
    expect(limiter.hit('k', 1, 60_000)).toEqual({ allowed: false, retryAfterS: 60, firstRefusal: false });

    limiter.hit('j', 1, 60_000);
    expect(limiter.hit('j', 1, 60_000).firstRefusal).toBe(true);
    expect(limiter.peek('j', 1, 60_000).firstRefusal).toBe(false);
  });

  describe('memory', () => {
    it('stays bounded under a flood of distinct keys and keeps counting the newest', () => {
      const limiter = createMemoryRateLimiter({ now: () => 0, maxKeys: 100 });
      let largest = 0;
      for (let i = 0; i <= 10_000; i++) {
        for (let n = 0; n < 5; n++) limiter.hit(`ip-${i}`, 5, 60_000);
        largest = Math.max(largest, limiter.size);
      }
      expect(largest).toBe(100);
      // Dropping the older half keeps the newest half counted: those clients are still limited.
      expect(limiter.size).toBeGreaterThan(50);
      for (let i = 9_951; i <= 10_000; i++)
        expect(limiter.hit(`ip-${i}`, 5, 60_000).allowed, `ip-${i}`).toBe(false);
    });

    it('drops ended windows first, so live counters survive a flood', () => {
      let t = 0;
      const limiter = createMemoryRateLimiter({ now: () => t, maxKeys: 4 });
      for (const attacker of ['attacker-1', 'attacker-2']) {
        for (let n = 0; n < 3; n++) limiter.hit(attacker, 3, 60_000);
      }
      for (const key of ['a', 'b']) limiter.hit(key, 3, 1_000);
      expect(limiter.size).toBe(4);
      t = 1_000; // the windows of a and b end now
      limiter.hit('c', 3, 1_000);
      expect(limiter.size).toBe(3);
      expect(limiter.hit('attacker-1', 3, 60_000).allowed).toBe(false);
      expect(limiter.hit('attacker-2', 3, 60_000).allowed).toBe(false);
    });

    it('sweeps only when full', () => {
      let t = 0;
      const limiter = createMemoryRateLimiter({ now: () => t, maxKeys: 3 });
      limiter.hit('a', 1, 1_000);
      limiter.hit('b', 1, 60_000);
      t = 2_000;
      // Not full: a's ended window is replaced when 'a' comes back, nothing else is dropped.
      limiter.hit('c', 1, 60_000);
      expect(limiter.size).toBe(3);
      expect(limiter.hit('b', 1, 60_000).allowed).toBe(false);
      expect(limiter.hit('c', 1, 60_000).allowed).toBe(false);
    });

    it('forgets reset keys', () => {
      const limiter = createMemoryRateLimiter();
      limiter.hit('k', 1, 60_000);
      limiter.reset('k');
      expect(limiter.size).toBe(0);
    });
  });
});
