import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../errors.js';
import type { ClickId } from '../model/attribution.js';
import type { CartLine } from '../model/cart.js';
import type { Partner } from '../model/partner.js';
import { planCheckout } from './checkout.js';
import type { CartGroup } from './store.js';

const partner = (id: string, extra: Partial<Partner> = {}): Partner => ({
  id,
  name: id,
  hosts: [`${id}.example.com`],
  attributionWindowDays: 30,
  attributionModel: 'last_click',
  commissionRateBps: 500,
  ...extra,
});
const shop = partner('shop', { checkoutUrl: 'https://shop.example.com/cart/add?ref=vitrine#go' });
const boutique = partner('boutique');

const line = (extra: Partial<CartLine>): CartLine => ({
  recommendationId: 'rec-1',
  creatorId: 'creator-1',
  productId: 'tea',
  partnerId: 'shop',
  offerUrl: 'https://shop.example.com/p/tea',
  title: 'Tea',
  price: { amount: 1000, currency: 'CNY' },
  quantity: 1,
  addedAt: '2026-11-22T00:00:00Z',
  ...extra,
});
const group = (partnerId: string, lines: CartLine[]): CartGroup => ({
  partnerId,
  lines,
  subtotals: [{ amount: 1, currency: 'CNY' }],
  count: lines.length,
});

let n = 0;
const clickIds = () => `click${String(++n).padStart(17, '0')}` as ClickId;

describe('planCheckout', () => {
  it('hands each partner group to its checkoutUrl with items and attribution of the first line', () => {
    const lines = [
      line({ sku: 'TEA-1', quantity: 2, creatorId: 'alice', recommendationId: 'rec-a' }),
      line({ productId: 'cup', quantity: 1, creatorId: 'bob', recommendationId: 'rec-b' }),
      line({ sku: 'TEA-1', quantity: 3, recommendationId: 'rec-c' }),
    ];
    const { handOffs, rejected } = planCheckout([group('shop', lines)], [shop], { createClickId: clickIds });
    expect(rejected).toEqual([]);
    expect(handOffs).toHaveLength(1);
    const [handOff] = handOffs;
    const url = new URL(handOff!.url);
    expect(url.origin + url.pathname).toBe('https://shop.example.com/cart/add');
    expect(url.searchParams.get('items')).toBe('TEA-1:5,cup:1');
    expect(url.searchParams.get('ref')).toBe('vitrine');
    expect(url.searchParams.get('vt_click')).toBe(handOff!.clickId);
    expect(url.searchParams.get('vt_creator')).toBe('alice');
    expect(url.searchParams.get('vt_rec')).toBe('rec-a');
    expect(url.hash).toBe('#go');
    expect(handOff).toMatchObject({ partnerId: 'shop', partner: shop, lines, subtotals: [{ amount: 1, currency: 'CNY' }] });
  });

  it('uses a fresh click id per group and the first offerUrl without a checkoutUrl', () => {
    const { handOffs } = planCheckout(
      [
        group('shop', [line({})]),
        group('boutique', [
          line({ partnerId: 'boutique', offerUrl: 'https://boutique.example.com/item/9?c=blue', creatorId: 'carol' }),
          line({ partnerId: 'boutique', offerUrl: 'https://boutique.example.com/item/10' }),
        ]),
      ],
      [shop, boutique],
    );
    expect(handOffs).toHaveLength(2);
    expect(handOffs[0]?.clickId).not.toBe(handOffs[1]?.clickId);
    expect(handOffs[1]?.clickId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const url = new URL(handOffs[1]!.url);
    expect(url.pathname).toBe('/item/9');
    expect(url.searchParams.get('c')).toBe('blue');
    expect(url.searchParams.get('vt_creator')).toBe('carol');
    expect(url.searchParams.has('items')).toBe(false);
  });

  it('rejects groups with an unknown partner or an unsafe URL, and plans the others', () => {
    const unsafe = partner('evil', { checkoutUrl: 'https://elsewhere.example/cart' });
    const { handOffs, rejected } = planCheckout(
      [
        group('ghost', [line({ partnerId: 'ghost' })]),
        group('evil', [line({ partnerId: 'evil', offerUrl: 'https://evil.example.com/p' })]),
        group('boutique', [line({ partnerId: 'boutique', offerUrl: 'https://shop.example.com/p/tea' })]),
        group('shop', [line({})]),
        group('shop', []),
      ],
      [shop, boutique, unsafe],
      { createClickId: clickIds },
    );
    expect(handOffs.map((handOff) => handOff.partnerId)).toEqual(['shop']);
    expect(rejected.map((entry) => [entry.partnerId, entry.error.code])).toEqual([
      ['ghost', 'unsafe_link'],
      ['evil', 'unsafe_link'],
      ['boutique', 'unsafe_link'],
      ['shop', 'invalid_input'],
    ]);
    expect(rejected.every((entry) => isVitrineError(entry.error))).toBe(true);
  });
});
