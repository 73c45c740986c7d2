import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES } from '../../src/i18n/messages.js';
import { STATS_MESSAGES, statsText } from './messages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('stats messages', () => {
  it('every locale defines every key, non-empty, with the same placeholders', () => {
    const keys = Object.keys(STATS_MESSAGES.en).sort();
    expect(keys.length).toBeGreaterThan(20);
    for (const locale of LOCALES) {
      expect(Object.keys(STATS_MESSAGES[locale]).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const text = STATS_MESSAGES[locale][key as keyof (typeof STATS_MESSAGES)['en']];
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(STATS_MESSAGES.en[key as keyof (typeof STATS_MESSAGES)['en']]));
      }
    }
  });

  it('writes zh-TW on its own: no string equal to zh-CN', () => {
    const same = Object.keys(STATS_MESSAGES.en).filter((key) => STATS_MESSAGES['zh-TW'][key as 'trend'] === STATS_MESSAGES['zh-CN'][key as 'trend']);
    expect(same).toEqual([]);
  });

  it('shares no key with the shared table (one source per string)', () => {
    expect(Object.keys(STATS_MESSAGES.en).filter((key) => key in MESSAGES.en)).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(statsText('zh-CN', 'filteredTotal', { count: 3 })).toBe('已过滤的无效流量（未计入上方数据）：3 个事件');
  });
});
