import { describe, expect, it, vi } from 'vitest';
import { ClickId } from '../model/attribution.js';
import { createClickId, createEventId } from './ids.js';

describe('createClickId', () => {
  it('makes 22-character base64url ids that match the ClickId schema', () => {
    for (let i = 0; i < 200; i++) {
      const id = createClickId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ClickId.safeParse(id).success).toBe(true);
    }
  });

  it('encodes 128 bits from crypto.getRandomValues', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      (array as Uint8Array).fill(0xff);
      return array;
    });
    expect(createClickId()).toBe('_'.repeat(21) + 'w');
    expect((spy.mock.calls[0]?.[0] as Uint8Array).length).toBe(16);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, createClickId));
    expect(ids.size).toBe(1000);
  });
});

describe('createEventId', () => {
  it('makes ids the AttributionEvent schema accepts', () => {
    expect(createEventId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createEventId()).not.toBe(createEventId());
  });
});
