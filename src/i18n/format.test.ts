import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES, ZH_TW_SAME_AS_ZH_CN } from './messages.js';
import { formatMoney, formatPercent, minorUnitDigits, resolveLocale, t } from './format.js';

describe('resolveLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-SG', 'zh-CN'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-TW', 'zh-TW'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('%s → %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });
});

describe('messages', () => {
  it('every locale defines every key with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const locale of LOCALES) {
      for (const [key, english] of Object.entries(MESSAGES.en)) {
        const text = MESSAGES[locale][key as keyof typeof MESSAGES.en];
        expect(text, `${locale}.${key}`).toBeTruthy();
        expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('writes zh-TW in Traditional characters: a string equal to zh-CN must be on the reviewed list', () => {
    const same = Object.keys(MESSAGES.en).filter((key) => MESSAGES['zh-TW'][key as keyof typeof MESSAGES.en] === MESSAGES['zh-CN'][key as keyof typeof MESSAGES.en]);
    expect(same.sort()).toEqual([...ZH_TW_SAME_AS_ZH_CN].sort());
    expect(ZH_TW_SAME_AS_ZH_CN.length).toBeLessThanOrEqual(12);
    expect(MESSAGES['zh-TW'].readMore).toBe('展開');
    expect(MESSAGES['zh-TW'].showLess).toBe('收合');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'buyAt', { partner: 'Hanfang' })).toBe('Buy at Hanfang');
    expect(t('zh-CN', 'buyAt', { partner: '寒坊' })).toBe('去寒坊购买');
    expect(t('en', 'buyAt')).toBe('Buy at {partner}');
  });

  it('labels commission disclosure as an ad in Chinese, as required', () => {
    expect(t('zh-CN', 'disclosure_commission')).toContain('广告');
    expect(t('zh-TW', 'disclosure_commission')).toContain('廣告');
    expect(t('en', 'disclosure_commission')).toMatch(/\bAd\b/);
  });
});

describe('formatMoney', () => {
  it('formats CNY with ¥ and two decimals', () => {
    expect(formatMoney({ amount: 1250, currency: 'CNY' }, 'zh-CN')).toBe('¥12.50');
    expect(formatMoney({ amount: 5, currency: 'CNY' }, 'zh-CN')).toBe('¥0.05');
    expect(formatMoney({ amount: -1999, currency: 'USD' }, 'en')).toBe('-$19.99');
  });

  it('knows currencies without or with three minor digits', () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, 'en')).toBe('¥1,200');
  });

  it('is exact beyond float precision', () => {
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'USD' }, 'en')).toBe('$90,071,992,547,409.91');
  });

  it('agrees with float formatting wherever floats are exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom('CNY', 'USD', 'JPY', 'TWD'), (amount, currency) => {
        const digits = minorUnitDigits(currency);
        const expected = new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 10 ** digits);
        expect(formatMoney({ amount, currency }, 'en')).toBe(expected);
      }),
    );
  });
});

describe('formatPercent', () => {
  it('formats a click-through rate', () => {
    expect(formatPercent(0.0312, 'en')).toBe('3.1%');
  });
});

describe('isSupportedLocale and the warnings', () => {
  it('accepts zh-* and en-* tags, refuses the others and malformed ones', async () => {
    const { isSupportedLocale } = await import('./format.js');
    for (const tag of ['zh-CN', 'zh-TW', 'en', 'zh-Hant-HK', 'en-GB', 'zh']) expect(isSupportedLocale(tag)).toBe(true);
    for (const tag of ['fr-FR', 'ja', 'zh_CN!', '']) expect(isSupportedLocale(tag)).toBe(false);
  });

  it('has every warning in every locale, with the same placeholders', async () => {
    const { WARNING_CODES, WARNINGS } = await import('./warnings.js');
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const code of WARNING_CODES) {
      const en = placeholders(WARNINGS.en[code]);
      expect(placeholders(WARNINGS['zh-CN'][code]), code).toEqual(en);
      expect(placeholders(WARNINGS['zh-TW'][code]), code).toEqual(en);
      expect(WARNINGS['zh-TW'][code]).not.toBe(WARNINGS['zh-CN'][code]);
    }
  });
});
