// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CartState } from '../model/cart.js';
import { createCartStore, type CartStore } from './store.js';

const state: CartState = {
  version: 1,
  lines: [
    {
      recommendationId: 'rec-1',
      creatorId: 'creator-1',
      productId: 'tea',
      partnerId: 'shop',
      offerUrl: 'https://shop.example.com/p/tea',
      title: 'Tea',
      price: { amount: 1000, currency: 'CNY' },
      quantity: 3,
      addedAt: '2026-11-22T00:00:00Z',
    },
  ],
  favourites: [],
};

let cart: CartStore | undefined;
afterEach(() => {
  cart?.dispose();
  localStorage.clear();
});

const storageEvent = (newValue: string | null, key = 'vitrine:cart') =>
  new StorageEvent('storage', { key, newValue, storageArea: localStorage });

describe('storage event fallback (no BroadcastChannel)', () => {
  it('adopts valid states written by another tab and ignores the rest', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    cart = createCartStore();
    const listener = vi.fn();
    cart.subscribe(listener);
    window.dispatchEvent(storageEvent(JSON.stringify(state)));
    expect(cart.count).toBe(3);
    expect(listener).toHaveBeenCalledTimes(1);
    window.dispatchEvent(storageEvent('{corrupt'));
    window.dispatchEvent(storageEvent(JSON.stringify({ ...state, version: 9 })));
    window.dispatchEvent(storageEvent(JSON.stringify({ version: 1, lines: [], favourites: [] }), 'other-key'));
    expect(cart.count).toBe(3);
    expect(listener).toHaveBeenCalledTimes(1);
    window.dispatchEvent(storageEvent(null));
    expect(cart.count).toBe(0);
  });

  it('removes the storage listener on dispose', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    cart = createCartStore();
    cart.dispose();
    window.dispatchEvent(storageEvent(JSON.stringify(state)));
    expect(cart.count).toBe(0);
  });

  it('persists to localStorage by default', () => {
    cart = createCartStore({ channelName: null });
    cart.toggleFavourite({ recommendationId: 'rec-1', productId: 'tea', title: 'Tea' });
    expect(JSON.parse(localStorage.getItem('vitrine:cart')!).favourites).toHaveLength(1);
  });
});

describe('with BroadcastChannel, the storage event too', () => {
  it('adopts another tab’s write from its storage event when its broadcast was missed, and tells subscribers once', () => {
    // This store opened its channel after the other tab's broadcast went out (its code loaded meanwhile).
    cart = createCartStore({ channelName: `page-cart-${Math.random()}` });
    const listener = vi.fn();
    cart.subscribe(listener);
    localStorage.setItem('vitrine:cart', JSON.stringify(state));
    window.dispatchEvent(storageEvent(JSON.stringify(state)));
    expect(cart.count).toBe(3);
    expect(listener).toHaveBeenCalledTimes(1);
    // The same state again (its broadcast and its storage event both came): no second notice.
    window.dispatchEvent(storageEvent(JSON.stringify(state)));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
