import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidationError, isVitrineError } from '../errors.js';
import { MemoryStorage } from '../internal/test-storage.js';
import type { CartState } from '../model/cart.js';
import { createCartStore, lineKey, type AddToCartInput, type CartStore, type CartStoreOptions } from './store.js';

const tea: AddToCartInput = {
  recommendationId: 'rec-1',
  creatorId: 'creator-1',
  productId: 'tea',
  partnerId: 'shop',
  offerUrl: 'https://shop.example.com/p/tea',
  sku: 'TEA-250',
  title: 'Longjing tea, 250 g',
  price: { amount: 12_800, currency: 'CNY' },
};
const cup: AddToCartInput = { ...tea, productId: 'cup', sku: 'CUP-1', title: 'Celadon cup', price: { amount: 4_500, currency: 'CNY' } };
const mug: AddToCartInput = {
  ...tea,
  partnerId: 'mall',
  productId: 'mug',
  offerUrl: 'https://a.mall.example/mug',
  title: 'Mug',
  price: { amount: 1_200, currency: 'USD' },
};
const favourite = { recommendationId: 'rec-9', productId: 'tea', title: 'Longjing tea' };

const stores: CartStore[] = [];
let channel = 0;
function store(options: CartStoreOptions = {}): CartStore {
  // A fresh channel name per test keeps stores of other tests out of the way.
  const created = createCartStore({ storage: null, channelName: `test-cart-${channel}`, now: () => Date.UTC(2026, 10, 22), ...options });
  stores.push(created);
  return created;
}
afterEach(() => {
  for (const created of stores.splice(0)) created.dispose();
  channel++;
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('lineKey', () => {
  it('joins partner, product, sku and recommendation', () => {
    expect(lineKey(tea)).toBe('shop|tea|TEA-250|rec-1');
    expect(lineKey({ ...tea, sku: undefined as never })).toBe('shop|tea||rec-1');
  });
});

describe('add', () => {
  it('adds a validated line with quantity 1 and addedAt', () => {
    const cart = store();
    const line = cart.add(tea);
    expect(line).toMatchObject({ ...tea, quantity: 1, addedAt: '2026-11-22T00:00:00.000Z' });
    expect(cart.state.lines).toEqual([line]);
    expect(cart.count).toBe(1);
  });

  it('raises the quantity of the same line, capped at 99', () => {
    const cart = store();
    cart.add({ ...tea, quantity: 2 });
    expect(cart.add({ ...tea, quantity: 3 }).quantity).toBe(5);
    expect(cart.state.lines).toHaveLength(1);
    cart.add({ ...tea, quantity: 99 });
    expect(cart.count).toBe(99);
    cart.add({ ...tea, recommendationId: 'rec-2' });
    expect(cart.state.lines).toHaveLength(2);
  });

  it.each([0, -1, 1.5, 100, Number.NaN])('rejects quantity %s', (quantity) => {
    const cart = store();
    expect(isVitrineError(thrown(() => cart.add({ ...tea, quantity })), 'invalid_input')).toBe(true);
    expect(cart.state.lines).toEqual([]);
  });

  it('rejects an invalid line (schema) without changing state', () => {
    const cart = store();
    const error = thrown(() => cart.add({ ...tea, offerUrl: 'javascript:alert(1)' }));
    expect(isValidationError(error) && error.code === 'invalid_input').toBe(true);
    expect(cart.state.lines).toEqual([]);
  });

  it('refuses a 101st line', () => {
    const cart = store();
    for (let i = 0; i < 100; i++) cart.add({ ...tea, productId: `p${i}` });
    expect(isVitrineError(thrown(() => cart.add(cup)), 'invalid_input')).toBe(true);
    expect(cart.add({ ...tea, productId: 'p0' }).quantity).toBe(2);
  });
});

describe('setQuantity, remove, clear', () => {
  it('changes, removes and clears lines', () => {
    const cart = store();
    cart.add(tea);
    cart.add(cup);
    cart.add(mug);
    cart.setQuantity(lineKey(tea), 7);
    expect(cart.count).toBe(9);
    expect(isVitrineError(thrown(() => cart.setQuantity(lineKey(tea), 0)), 'invalid_input')).toBe(true);
    cart.setQuantity('unknown', 3);
    cart.remove(lineKey(cup));
    expect(cart.state.lines.map((line) => line.productId)).toEqual(['tea', 'mug']);
    cart.clear('shop');
    expect(cart.state.lines.map((line) => line.productId)).toEqual(['mug']);
    cart.toggleFavourite(favourite);
    cart.clear();
    expect(cart.state.lines).toEqual([]);
    expect(cart.isFavourite('rec-9')).toBe(true);
  });
});

describe('favourites', () => {
  it('toggles', () => {
    const cart = store();
    expect(cart.toggleFavourite(favourite)).toBe(true);
    expect(cart.isFavourite('rec-9')).toBe(true);
    expect(cart.state.favourites[0]).toMatchObject({ ...favourite, addedAt: '2026-11-22T00:00:00.000Z' });
    expect(cart.toggleFavourite(favourite)).toBe(false);
    expect(cart.isFavourite('rec-9')).toBe(false);
  });

  it('validates', () => {
    const cart = store();
    expect(isValidationError(thrown(() => cart.toggleFavourite({ ...favourite, title: '' })))).toBe(true);
  });
});

describe('groups', () => {
  it('groups by partner with per-currency subtotals and counts', () => {
    const cart = store();
    cart.add({ ...tea, quantity: 2 });
    cart.add(mug);
    cart.add(cup);
    cart.add({ ...cup, recommendationId: 'rec-3', price: { amount: 500, currency: 'USD' } });
    expect(cart.groups()).toEqual([
      {
        partnerId: 'shop',
        lines: [expect.objectContaining({ productId: 'tea' }), expect.objectContaining({ productId: 'cup' }), expect.objectContaining({ recommendationId: 'rec-3' })],
        subtotals: [
          { amount: 30_100, currency: 'CNY' },
          { amount: 500, currency: 'USD' },
        ],
        count: 4,
      },
      { partnerId: 'mall', lines: [expect.objectContaining({ productId: 'mug' })], subtotals: [{ amount: 1_200, currency: 'USD' }], count: 1 },
    ]);
  });
});

describe('subscribe', () => {
  it('notifies after each change until unsubscribed', () => {
    const cart = store();
    const listener = vi.fn();
    const unsubscribe = cart.subscribe(listener);
    cart.add(tea);
    expect(listener).toHaveBeenLastCalledWith(cart.state);
    cart.toggleFavourite(favourite);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    cart.clear();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('persistence', () => {
  it('persists CartState and restores it', () => {
    const storage = new MemoryStorage();
    const cart = store({ storage, channelName: null });
    cart.add(tea);
    cart.toggleFavourite(favourite);
    const saved = JSON.parse(storage.getItem('vitrine:cart')!) as CartState;
    expect(saved).toEqual(cart.state);
    expect(saved.version).toBe(1);
    expect(store({ storage, channelName: null }).state).toEqual(cart.state);
  });

  it.each([
    ['corrupt JSON', '{"version":1,'],
    ['a wrong version', JSON.stringify({ version: 2, lines: [], favourites: [] })],
    ['an unsafe line', JSON.stringify({ version: 1, lines: [{ ...tea, offerUrl: 'javascript:alert(1)', quantity: 1, addedAt: '2026-11-22T00:00:00Z' }], favourites: [] })],
  ])('starts empty on %s', (_, raw) => {
    const storage = new MemoryStorage();
    storage.setItem('vitrine:cart', raw);
    expect(store({ storage }).state).toEqual({ version: 1, lines: [], favourites: [] });
  });

  it('falls back to memory when storage throws', () => {
    for (const fail of ['failReads', 'failWrites'] as const) {
      const storage = new MemoryStorage();
      storage[fail] = true;
      const cart = store({ storage });
      cart.add(tea);
      cart.add(tea);
      expect(cart.count).toBe(2);
    }
  });

  it('works without storage (SSR)', () => {
    const cart = createCartStore({ channelName: null });
    cart.add(tea);
    expect(cart.count).toBe(1);
    cart.dispose();
  });
});

describe('cross-tab sync', () => {
  it('syncs two stores on the same BroadcastChannel name', async () => {
    const storage = new MemoryStorage();
    const tabA = store({ storage });
    const tabB = store({ storage });
    const listener = vi.fn();
    tabB.subscribe(listener);
    tabA.add(tea);
    await vi.waitFor(() => expect(tabB.state.lines).toHaveLength(1));
    expect(listener).toHaveBeenCalledWith(tabA.state);
    tabB.setQuantity(lineKey(tea), 4);
    await vi.waitFor(() => expect(tabA.count).toBe(4));
  });

  it('ignores invalid messages', async () => {
    const cart = store();
    cart.add(tea);
    const listener = vi.fn();
    cart.subscribe(listener);
    const sender = new BroadcastChannel(`test-cart-${channel}`);
    sender.postMessage({ version: 1, lines: [{ hostile: true }], favourites: [] });
    sender.postMessage('junk');
    const probe = store();
    probe.add(cup);
    await vi.waitFor(() => expect(cart.state.lines.map((line) => line.productId)).toEqual(['cup']));
    expect(listener).toHaveBeenCalledTimes(1);
    sender.close();
  });

  it('stops syncing after dispose', async () => {
    const tabA = store();
    const tabB = store();
    const tabC = store();
    tabB.dispose();
    tabA.add(tea);
    await vi.waitFor(() => expect(tabC.count).toBe(1));
    expect(tabB.count).toBe(0);
  });
});
