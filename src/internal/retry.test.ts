import { describe, expect, it } from 'vitest';
import { backoffMs, parseHttpDate, retryAfterMs, retryDelayMs } from './retry.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0); // Sun, 22 Nov 2026 03:00:00 GMT
const headers = (init: Record<string, string>) => new Headers(init);

describe('parseHttpDate', () => {
  it('reads the three HTTP-date forms of RFC 9110', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
  });

  it('refuses impossible dates and other formats', () => {
    for (const value of ['Sun, 31 Feb 2026 00:00:00 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT', '2026-11-22T03:00:00Z', 'Sun, 06 Nov 1994 08:49:37 UTC', 'Sun, 6 Nov 1994 08:49:37 GMT', 'tomorrow', '']) {
      expect(parseHttpDate(value), value).toBeUndefined();
    }
  });
});

describe('retryAfterMs', () => {
  it('reads Retry-After as delay-seconds or as an HTTP-date (never negative)', () => {
    expect(retryAfterMs(headers({ 'retry-after': '7' }), NOW)).toBe(7000);
    expect(retryAfterMs(headers({ 'retry-after': ' 0 ' }), NOW)).toBe(0);
    expect(retryAfterMs(headers({ 'retry-after': 'Sun, 22 Nov 2026 03:00:30 GMT' }), NOW)).toBe(30_000);
    expect(retryAfterMs(headers({ 'retry-after': 'Sun, 22 Nov 2026 02:00:00 GMT' }), NOW)).toBe(0);
  });

  it('gives no hint for a malformed Retry-After, and does not fall through to rate-limit headers then', () => {
    for (const value of ['-1', '1.5', 'soon', '1e3']) {
      expect(retryAfterMs(headers({ 'retry-after': value, 'ratelimit-reset': '9' }), NOW), value).toBeUndefined();
    }
  });

  it('falls back to the rate-limit headers when Retry-After is absent', () => {
    expect(retryAfterMs(headers({ ratelimit: '"default";r=0;t=12' }), NOW)).toBe(12_000);
    expect(retryAfterMs(headers({ 'ratelimit-reset': '5' }), NOW)).toBe(5000);
    expect(retryAfterMs(headers({ 'x-ratelimit-retry-after': '3' }), NOW)).toBe(3000);
    expect(retryAfterMs(headers({ 'x-ratelimit-reset': String(NOW / 1000 + 20) }), NOW)).toBe(20_000); // epoch seconds (GitHub)
    expect(retryAfterMs(headers({ 'x-rate-limit-reset': '4' }), NOW)).toBe(4000); // a delay (below the epoch threshold)
    expect(retryAfterMs(headers({}), NOW)).toBeUndefined();
  });
});

describe('backoffMs and retryDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles from baseMs up to maxMs, jittered as asked', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, { ...options, jitter: 'none' }))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffMs(2, { ...options, jitter: 'full', random: () => 0.5 })).toBe(200);
    expect(backoffMs(2, { ...options, jitter: 'equal', random: () => 0 })).toBe(200);
    expect(backoffMs(2, { ...options, jitter: 'equal', random: () => 0.999 })).toBeCloseTo(400, 0);
    for (let i = 0; i < 100; i++) expect(backoffMs(3, options)).toBeLessThanOrEqual(800);
  });

  it('treats the server hint as a lower bound on the backoff, capped at maxMs', () => {
    const none = { ...options, jitter: 'none' as const, now: NOW };
    expect(retryDelayMs(0, headers({ 'retry-after': '0' }), none)).toBe(100);
    expect(retryDelayMs(0, headers({ 'retry-after': '0.5' }), none)).toBe(100);
    expect(retryDelayMs(1, headers({ 'x-ratelimit-retry-after': '0' }), none)).toBe(200);
    expect(retryDelayMs(0, new Headers({ 'retry-after': 'Sun, 22 Nov 2026 03:00:00 GMT' }), none)).toBe(100);
    expect(retryDelayMs(0, headers({ 'retry-after': '2' }), { ...none, maxMs: 60_000 })).toBe(2000);
    expect(retryDelayMs(0, headers({ 'retry-after': '3600' }), none)).toBe(1000);
    expect(retryDelayMs(0, null, none)).toBe(100);
  });
});
