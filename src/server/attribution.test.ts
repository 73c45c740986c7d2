import { describe, expect, it } from 'vitest';
import type { Touch } from '../model/attribution.js';
import { readLinkAttribution, resolveAttribution } from './attribution.js';

const CLICK_A = 'AAAAAAAAAAAAAAAAAAAAAA';
const CLICK_B = 'BBBBBBBBBBBBBBBBBBBBBB';
const CLICK_C = 'CCCCCCCCCCCCCCCCCCCCCC';
const partner = { id: 'shop', attributionWindowDays: 7, attributionModel: 'last_click' as const };
const touch = (clickId: string, at: string, over: Partial<Touch> = {}): Touch => ({
  clickId,
  partnerId: 'shop',
  creatorId: `creator-${clickId[0]}`,
  recommendationId: `rec-${clickId[0]}`,
  at,
  ...over,
});
const orderAt = '2026-11-10T12:00:00Z';

describe('resolveAttribution', () => {
  const touches = [
    touch(CLICK_A, '2026-11-04T12:00:00Z'),
    touch(CLICK_B, '2026-11-08T12:00:00Z'),
    touch(CLICK_C, '2026-11-09T12:00:00Z', { partnerId: 'other-shop' }),
  ];

  it('picks the latest touch of this partner (last click)', () => {
    expect(resolveAttribution({ touches, partner, orderAt })?.clickId).toBe(CLICK_B);
  });

  it('picks the earliest with first click, from the partner or the override', () => {
    expect(resolveAttribution({ touches, partner: { ...partner, attributionModel: 'first_click' }, orderAt })?.clickId).toBe(CLICK_A);
    expect(resolveAttribution({ touches, partner, orderAt, model: 'first_click' })?.clickId).toBe(CLICK_A);
    expect(
      resolveAttribution({ touches, partner: { ...partner, attributionModel: 'first_click' }, orderAt, model: 'last_click' })?.clickId,
    ).toBe(CLICK_B);
  });

  it('ignores other partners, touches after the order and touches outside the window', () => {
    expect(resolveAttribution({ touches: [touches[2]!], partner, orderAt })).toBeNull();
    expect(resolveAttribution({ touches: [touch(CLICK_A, '2026-11-10T12:00:01Z')], partner, orderAt })).toBeNull();
    expect(resolveAttribution({ touches: [touch(CLICK_A, '2026-11-03T11:59:59Z')], partner, orderAt })).toBeNull();
    expect(resolveAttribution({ touches: [], partner, orderAt })).toBeNull();
  });

  it('includes both window bounds', () => {
    expect(resolveAttribution({ touches: [touch(CLICK_A, orderAt)], partner, orderAt })?.clickId).toBe(CLICK_A);
    expect(resolveAttribution({ touches: [touch(CLICK_A, '2026-11-03T12:00:00Z')], partner, orderAt })?.clickId).toBe(CLICK_A);
  });

  it('compares instants, not strings, across offsets', () => {
    const offsets = [touch(CLICK_A, '2026-11-09T20:00:00+08:00'), touch(CLICK_B, '2026-11-09T11:00:00Z')];
    // 20:00+08:00 is 12:00Z, later than 11:00Z
    expect(resolveAttribution({ touches: offsets, partner, orderAt })?.clickId).toBe(CLICK_A);
  });

  it('breaks ties deterministically by click id, whatever the input order', () => {
    const at = '2026-11-09T12:00:00Z';
    const tied = [touch(CLICK_B, at), touch(CLICK_A, at), touch(CLICK_C, at)];
    for (const list of [tied, [...tied].reverse()]) {
      expect(resolveAttribution({ touches: list, partner, orderAt })?.clickId).toBe(CLICK_C);
      expect(resolveAttribution({ touches: list, partner, orderAt, model: 'first_click' })?.clickId).toBe(CLICK_A);
    }
  });

  it('skips unparseable touch times and rejects an unparseable order time', () => {
    expect(resolveAttribution({ touches: [touch(CLICK_A, 'yesterday')], partner, orderAt })).toBeNull();
    expect(() => resolveAttribution({ touches, partner, orderAt: 'soon' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('readLinkAttribution', () => {
  it('reads click, creator and recommendation from a landing URL', () => {
    const url = `https://shop.example/p/1?utm=x&vt_click=${CLICK_A}&vt_creator=c_1&vt_rec=r-9`;
    expect(readLinkAttribution(url)).toEqual({ clickId: CLICK_A, creatorId: 'c_1', recommendationId: 'r-9' });
    expect(readLinkAttribution(new URL(url))).toEqual({ clickId: CLICK_A, creatorId: 'c_1', recommendationId: 'r-9' });
  });

  it('returns null fields for missing or invalid creator and recommendation', () => {
    expect(readLinkAttribution(`https://shop.example/?vt_click=${CLICK_A}&vt_creator=<script>`)).toEqual({
      clickId: CLICK_A,
      creatorId: null,
      recommendationId: null,
    });
  });

  it('returns null without a valid click id or a valid URL', () => {
    expect(readLinkAttribution('https://shop.example/p/1')).toBeNull();
    expect(readLinkAttribution('https://shop.example/p/1?vt_click=short')).toBeNull();
    expect(readLinkAttribution(`https://shop.example/p/1?vt_click=${CLICK_A}x`)).toBeNull();
    expect(readLinkAttribution('/relative?vt_click=' + CLICK_A)).toBeNull();
    expect(readLinkAttribution('not a url')).toBeNull();
  });
});
