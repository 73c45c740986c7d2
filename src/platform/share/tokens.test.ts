import { describe, expect, it } from 'vitest';
import { createShareToken, formatShareToken, normalizeShareToken } from './tokens.js';
import { invalidTraffic } from './traffic.js';

describe('share tokens', () => {
  it('are 10 Crockford base32 characters, random', () => {
    const tokens = new Set(Array.from({ length: 200 }, createShareToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('are read back as people type them', () => {
    expect(formatShareToken('ABCDE12345')).toBe('VT-ABCDE-12345');
    expect(normalizeShareToken('VT-ABCDE-12345')).toBe('ABCDE12345');
    expect(normalizeShareToken(' vt abcde 12345 ')).toBe('ABCDE12345');
    expect(normalizeShareToken('abcde-1234o')).toBe('ABCDE12340');
    expect(normalizeShareToken('ILILI00000')).toBe('1111100000');
    expect(normalizeShareToken('ABCDEU2345')).toBeNull(); // U is not in the alphabet
    expect(normalizeShareToken('ABCDE')).toBeNull();
    expect(normalizeShareToken('x'.repeat(41))).toBeNull();
  });
});

describe('invalidTraffic', () => {
  const headers = (init: Record<string, string>) => new Headers(init);
  const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40';
  it('tells speculative loads, bots and readers apart', () => {
    expect(invalidTraffic(headers({ 'user-agent': browser }))).toBeNull();
    expect(invalidTraffic(headers({ 'user-agent': browser, 'sec-purpose': 'prefetch;prerender' }))).toBe('speculative');
    expect(invalidTraffic(headers({ 'user-agent': browser, purpose: 'prefetch' }))).toBe('speculative');
    expect(invalidTraffic(headers({ 'user-agent': browser, 'x-purpose': 'preview' }))).toBe('speculative');
    expect(invalidTraffic(headers({ 'user-agent': 'Twitterbot/1.0' }))).toBe('bot');
    expect(invalidTraffic(headers({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36' }))).toBe('bot');
    expect(invalidTraffic(headers({}))).toBe('bot');
  });
});
