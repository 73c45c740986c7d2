import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../testing/index.js';
import { CardPayload, Commission, HttpsUrl, Money, Partner, Timestamp } from './index.js';

describe('HttpsUrl', () => {
  it.each(['https://shop.example/p', 'http://127.0.0.1:8788/p', 'http://localhost/p'])('accepts %s', (url) => {
    expect(HttpsUrl.safeParse(url).success).toBe(true);
  });
  it.each(['http://shop.example/p', 'javascript:alert(1)', 'data:text/html,x', '//shop.example/p', 'ftp://shop.example/p', 'not a url'])(
    'rejects %s',
    (url) => {
      expect(HttpsUrl.safeParse(url).success).toBe(false);
    },
  );
});

describe('Timestamp', () => {
  it.each(['2026-11-22T03:00:00Z', '2024-02-29T00:00:00Z', '2026-12-31T23:59:59.999+08:00', '2026-04-30T10:00-05:00'])('accepts %s', (value) => {
    expect(Timestamp.safeParse(value).success).toBe(true);
  });
  // Date.parse takes the first three (rolling them over); PostgreSQL does not.
  it.each(['2026-02-30T00:00:00Z', '2026-02-29T00:00:00Z', '2026-04-31T10:00:00+08:00', '2026-01-01T24:00:00Z', '0000-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22 03:00:00Z', '2026-11-22T03:00:00'])(
    'rejects %s',
    (value) => {
      expect(Timestamp.safeParse(value).success).toBe(false);
    },
  );
});

describe('Money', () => {
  it('accepts integer minor units only', () => {
    expect(Money.safeParse({ amount: 1250, currency: 'CNY' }).success).toBe(true);
    expect(Money.safeParse({ amount: 12.5, currency: 'CNY' }).success).toBe(false);
    expect(Money.safeParse({ amount: 1, currency: 'cny' }).success).toBe(false);
  });

  it('round-trips any safe integer amount through JSON unchanged (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('CNY', 'USD', 'JPY'), (amount, currency) => {
        const parsed = Money.parse(JSON.parse(JSON.stringify({ amount, currency })));
        expect(parsed).toEqual({ amount, currency });
      }),
    );
  });
});

describe('Partner', () => {
  it('fills defaults and bounds the commission rate', () => {
    const partner = Partner.parse({ id: 'p', name: 'P', hosts: ['shop.example'], attributionWindowDays: 7, commissionRateBps: 500 });
    expect(partner.attributionModel).toBe('last_click');
    expect(Partner.safeParse({ ...partner, commissionRateBps: 10_001 }).success).toBe(false);
  });

});

describe('Commission', () => {
  it('names exactly one recipient: single-level, no upline or referrer field can be added unnoticed', () => {
    expect(Object.keys(Commission.shape).sort()).toEqual(
      ['amount', 'base', 'createdAt', 'creatorId', 'id', 'lineIndex', 'orderId', 'partnerId', 'rateBps', 'recommendationId', 'state'].sort(),
    );
  });
});

describe('CardPayload', () => {
  it('round-trips every fixture card through JSON (schema is lossless)', () => {
    for (const card of fixtures.cards(['rec-lin-serum', 'rec-sam-hostile', 'rec-lin-tea'])) {
      expect(CardPayload.parse(JSON.parse(JSON.stringify(card)))).toEqual(card);
    }
  });
});
