import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../../errors.js';
import { decodeShowcaseCursor, encodeShowcaseCursor, newestFirst } from './cursor.js';

describe('showcase cursors', () => {
  it('round-trip a position, microseconds and offsets included, as URL-safe text', () => {
    for (const position of [
      { createdAt: '2026-11-20T08:00:00.000Z', id: 'rec-lin-serum' },
      { createdAt: '2026-11-20T08:00:00.123456Z', id: 'rec_+/=?&' },
      { createdAt: '2026-11-20T16:00:00+08:00', id: 'r' },
    ]) {
      const cursor = encodeShowcaseCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeShowcaseCursor(cursor)).toEqual(position);
    }
  });

  it('refuses anything it did not make with invalid_input', () => {
    const encode = (value: unknown) => btoa(JSON.stringify(value));
    for (const cursor of ['', 'garbage!', btoa('not json'), encode({ a: 1 }), encode(['2026-11-20', 'x']), encode(['2026-13-45T99:00:00Z', 'x']), encode(['2026-11-20T08:00:00Z', 7]), encode(['2026-11-20T08:00:00Z', 'x', 'y'])]) {
      let error: unknown;
      try {
        decodeShowcaseCursor(cursor);
      } catch (e) {
        error = e;
      }
      expect(isVitrineError(error, 'invalid_input'), cursor).toBe(true);
    }
  });

  it('orders newest first, then by id descending, byte-wise', () => {
    const rows = [
      { createdAt: '2026-11-20T08:00:00.000Z', id: 'a' },
      { createdAt: '2026-11-21T08:00:00.000Z', id: 'a' },
      { createdAt: '2026-11-20T08:00:00.000Z', id: 'B' },
      { createdAt: '2026-11-20T16:00:00+08:00', id: 'b' },
    ];
    expect([...rows].sort(newestFirst).map((r) => `${r.createdAt} ${r.id}`)).toEqual([
      '2026-11-21T08:00:00.000Z a',
      '2026-11-20T16:00:00+08:00 b',
      '2026-11-20T08:00:00.000Z a',
      '2026-11-20T08:00:00.000Z B',
    ]);
  });
});
