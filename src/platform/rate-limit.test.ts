import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the average rate', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 5, now: () => now });
    expect(limiter.take('a', 5)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 3_000;
    expect(limiter.take('a', 3)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toMatchObject({ ok: false });
  });

  it('never refills beyond the burst, and says how long a too-large cost must wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 5, now: () => now });
    now += 3_600_000;
    expect(limiter.take('a', 5)).toEqual({ ok: true });
    expect(limiter.take('a', 50)).toEqual({ ok: false, retryAfterSeconds: 5 });
  });

  it('keeps clients apart and bounds memory by forgetting the least recently used', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 2, now: () => 0 });
    expect(limiter.take('a', 1).ok).toBe(true);
    expect(limiter.take('b', 1).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(false);
    expect(limiter.take('c', 1).ok).toBe(true); // evicts b, the least recently used
    expect(limiter.take('b', 1).ok).toBe(true); // b starts full again
    expect(limiter.take('c', 1).ok).toBe(false);
  });
});
