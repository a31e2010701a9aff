/**
 * Fixed-window counters for abuse limits (login and refresh attempts). In memory, per process:
 * with several API processes each enforces its own share, which still bounds an attacker to
 * (limit × processes) per window. A Redis-backed store with the same interface is the
 * scale-out path (REDIS_URL, later).
 */
export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  readonly retryAfterS: number;
  /** True for the first refused hit of a window, so callers log a breach once, not per request. */
  readonly firstRefusal: boolean;
}

export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): RateLimitVerdict;
  /** Says whether the next hit would be refused, without counting one. */
  peek(key: string, limit: number, windowMs: number): RateLimitVerdict;
  /** Forgets a key (e.g. failures of an account after a successful login). */
  reset(key: string): void;
  /** How many keys this process holds now: never more than `maxKeys`, whatever the traffic. */
  readonly size: number;
}

interface Window {
  count: number;
  resetAt: number;
  refused: boolean;
}

/** The in-memory limiter; `now` is injectable for tests. */
export function createMemoryRateLimiter({
  now = Date.now,
  maxKeys = 100_000,
}: {
  now?: () => number;
  maxKeys?: number;
} = {}): RateLimiter {
  const windows = new Map<string, Window>();

  function current(key: string, windowMs: number): Window {
    const t = now();
    let w = windows.get(key);
    if (!w || w.resetAt <= t) {
      if (windows.size >= maxKeys) sweep(t);
      w = { count: 0, resetAt: t + windowMs, refused: false };
      windows.set(key, w);
    }
    return w;
  }

  // Drops expired windows; if every window is live (a flood of distinct keys), drops the oldest
  // half so memory stays bounded.
  function sweep(t: number): void {
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
    if (windows.size < maxKeys) return;
    let n = Math.floor(windows.size / 2);
    for (const key of windows.keys()) {
      if (n-- <= 0) break;
      windows.delete(key);
    }
  }

  function verdict(w: Window, allowed: boolean, firstRefusal: boolean): RateLimitVerdict {
    return { allowed, retryAfterS: Math.max(1, Math.ceil((w.resetAt - now()) / 1000)), firstRefusal };
  }

  return {
    hit(key, limit, windowMs) {
      const w = current(key, windowMs);
      if (w.count >= limit) {
        const first = !w.refused;
        w.refused = true;
        return verdict(w, false, first);
      }
      w.count += 1;
      return verdict(w, true, false);
    },
    peek(key, limit, windowMs) {
      const w = current(key, windowMs);
      if (w.count < limit) return verdict(w, true, false);
      const first = !w.refused;
      w.refused = true;
      return verdict(w, false, first);
    },
    reset(key) {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}
