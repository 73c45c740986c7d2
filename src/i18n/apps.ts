import type { InAppBrowserName } from '../attribution/in-app.js';
import type { Locale } from './locales.js';

/** The apps' own names for themselves, in Chinese (both scripts) and English. */
const NAMES: Record<InAppBrowserName, { en: string; 'zh-CN': string; 'zh-TW'?: string }> = {
  wechat: { en: 'WeChat', 'zh-CN': '微信' },
  weibo: { en: 'Weibo', 'zh-CN': '微博' },
  instagram: { en: 'Instagram', 'zh-CN': 'Instagram' },
  tiktok: { en: 'TikTok', 'zh-CN': '抖音 / TikTok' },
  facebook: { en: 'Facebook', 'zh-CN': 'Facebook' },
  messenger: { en: 'Messenger', 'zh-CN': 'Messenger' },
  line: { en: 'LINE', 'zh-CN': 'LINE' },
  xiaohongshu: { en: 'Xiaohongshu', 'zh-CN': '小红书', 'zh-TW': '小紅書' },
};

/** The name of an in-app browser's app in `locale` ("微信", "WeChat"). */
export function appName(app: InAppBrowserName, locale: Locale): string {
  const names = NAMES[app];
  return locale === 'en' ? names.en : locale === 'zh-TW' ? (names['zh-TW'] ?? names['zh-CN']) : names['zh-CN'];
}
