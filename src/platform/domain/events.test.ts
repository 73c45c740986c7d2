import { describe, expect, it } from 'vitest';
import { createVisitorKeys, visitorKey } from './events.js';

const DAY = 86_400_000;
const NOON = Date.parse('2026-11-20T12:00:00Z');
const AGENT = 'Mozilla/5.0';

describe('createVisitorKeys', () => {
  it('answers what visitorKey answers, for the UTC day of each time', async () => {
    const keys = createVisitorKeys('salt-of-sixteen-chars');
    const today = await keys(NOON, '203.0.113.7', AGENT);
    expect(today).toBe(await visitorKey('salt-of-sixteen-chars', NOON, '203.0.113.7', AGENT));
    // Same day, same reader: the same key; another address, agent or day: another.
    expect(await keys(Date.parse('2026-11-20T23:59:59Z'), '203.0.113.7', AGENT)).toBe(today);
    expect(await keys(NOON, '203.0.113.8', AGENT)).not.toBe(today);
    expect(await keys(NOON, '203.0.113.7', `${AGENT} x`)).not.toBe(today);
    const tomorrow = await keys(NOON + DAY, '203.0.113.7', AGENT);
    expect(tomorrow).not.toBe(today);
    expect(tomorrow).toBe(await visitorKey('salt-of-sixteen-chars', NOON + DAY, '203.0.113.7', AGENT));
  });

  it('keeps at most `size` visitors, and still answers right after forgetting them', async () => {
    const keys = createVisitorKeys('salt-of-sixteen-chars', 2);
    const first = await keys(NOON, '198.51.100.1', AGENT);
    await keys(NOON, '198.51.100.2', AGENT);
    await keys(NOON, '198.51.100.3', AGENT);
    expect(await keys(NOON, '198.51.100.1', AGENT)).toBe(first);
  });
});
