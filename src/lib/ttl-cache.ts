/**
 * A small in-process cache whose entries expire after `ttlMs` (0 disables caching). Bounded:
 * when full, expired entries go first, then the oldest. Used for facts that are cheap to
 * re-read but read on every request (a user's token version, an API key's state).
 */
export interface TtlCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  /** Drops every entry whose key or value matches. */
  deleteWhere(match: (key: K, value: V) => boolean): void;
  clear(): void;
}

export function createTtlCache<K, V>({
  ttlMs,
  maxEntries = 10_000,
  now = Date.now,
}: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): TtlCache<K, V> {
  const entries = new Map<K, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      if (ttlMs <= 0) return;
      if (entries.size >= maxEntries && !entries.has(key)) {
        const t = now();
        for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
      }
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(match) {
      for (const [k, e] of entries) if (match(k, e.value)) entries.delete(k);
    },
    clear() {
      entries.clear();
    },
  };
}
