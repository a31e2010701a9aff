import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limit.js';

describe('memory rate limiter', () => {
  it('allows up to the limit per window, then refuses with the time to wait', () => {
    let t = 1_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t });
    for (let i = 0; i < 3; i++) expect(limiter.hit('k', 3, 60_000).allowed).toBe(true);
    const refused = limiter.hit('k', 3, 60_000);
    expect(refused).toEqual({ allowed: false, retryAfterS: 60, firstRefusal: true });
    t += 15_000;
    expect(limiter.hit('k', 3, 60_000)).toEqual({ allowed: false, retryAfterS: 45, firstRefusal: false });
    expect(limiter.hit('other', 3, 60_000).allowed).toBe(true);
    t += 45_000;
    expect(limiter.hit('k', 3, 60_000).allowed).toBe(true);
  });

  it('peeks without counting and forgets a key on reset', () => {
    const limiter = createMemoryRateLimiter();
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(true);
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(true);
    limiter.hit('k', 1, 60_000);
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(false);
    limiter.reset('k');
    expect(limiter.peek('k', 1, 60_000).allowed).toBe(true);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.hit(`ip-${i}`, 5, 60_000);
    // The newest keys are still counted.
    for (let i = 0; i < 5; i++) limiter.hit('ip-9999', 5, 60_000);
    expect(limiter.hit('ip-9999', 5, 60_000).allowed).toBe(false);
  });
});
