/**
 * Token buckets keyed by client: each key may spend `perMinute` tokens a minute
 * on average, up to `burst` at once. Memory is bounded: beyond `maxKeys` the
 * least recently used bucket is forgotten (it starts full again, which only
 * ever errs on the side of letting a client through).
 */

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Tokens a key regains per minute. */
  perMinute: number;
  /** Most tokens a key holds (and may spend at once); a new key starts full. */
  burst: number;
  /** Most keys remembered (default 10 000). */
  maxKeys?: number | undefined;
  /** Clock in milliseconds. */
  now: () => number;
}

/** Per-key token buckets. */
export interface RateLimiter {
  /** Spends `cost` tokens of `key`'s bucket; when it cannot, says how long to wait. */
  take(key: string, cost: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/**
 * Creates token buckets: `take(key, cost)` spends `cost` tokens of `key`'s
 * bucket or says, in whole seconds (at least 1), when enough will be back.
 * State is in memory, per process: behind several processes each counts alone.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const perMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, cost) {
      const now = options.now();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(options.burst, previous.tokens + (now - previous.at) * perMs) : options.burst;
      buckets.delete(key); // re-inserted last: Map order is least recently used first
      if (cost > tokens) {
        buckets.set(key, { tokens, at: now });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((Math.min(cost, options.burst) - tokens) / perMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - cost, at: now });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      return { ok: true };
    },
  };
}
