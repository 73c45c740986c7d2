import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { checkEach } from './list.js';

const Item = z.object({ id: z.string(), price: z.int() });

describe('checkEach', () => {
  it('keeps the valid items and reports each bad one with its index and id', () => {
    const { items, dropped } = checkEach(Item, [{ id: 'a', price: 1 }, { id: 'b', price: 'free' }, null, { id: 'c', price: 3 }], 'GET /v1/things', ['things']);
    expect(items.map((item) => item.id)).toEqual(['a', 'c']);
    expect(dropped).toHaveLength(2);
    expect(dropped[0]!.code).toBe('invalid_response');
    expect(dropped[0]!.source).toBe('GET /v1/things (item 1 b, dropped)');
    expect(dropped[0]!.issues[0]!.path).toEqual(['things', 1, 'price']);
    expect(dropped[1]!.source).toBe('GET /v1/things (item 2, dropped)');
  });

  it('names an item by a nested id when told where it is', () => {
    const { dropped } = checkEach(Item, [{ card: { id: 'rec-1' } }], 'showcase', [], (item) => (item as { card?: { id?: unknown } }).card?.id);
    expect(dropped[0]!.source).toBe('showcase (item 0 rec-1, dropped)');
  });
});
