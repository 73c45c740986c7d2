/**
 * In-app browsers (WeChat, Weibo, Instagram, TikTok / Douyin, Facebook,
 * Messenger, LINE, Xiaohongshu): the web views social apps open links in. They
 * drop the shopper's logins and often break a partner's checkout, so the buy
 * sheet offers to continue in the system browser, with the click id on the URL
 * whichever way the shopper leaves. No DOM: give it the user agent.
 */
import { checkPartnerUrl } from './links.js';
import type { Partner } from '../model/partner.js';

/** The apps {@link detectInAppBrowser} recognises. */
export const IN_APP_BROWSERS = ['wechat', 'weibo', 'instagram', 'tiktok', 'facebook', 'messenger', 'line', 'xiaohongshu'] as const;
export type InAppBrowserName = (typeof IN_APP_BROWSERS)[number];

/** An in-app browser, and the operating system under it (which decides how the shopper can escape it). */
export interface InAppBrowser {
  app: InAppBrowserName;
  os: 'ios' | 'android' | 'other';
}

/** User-agent tokens each app adds to its web view, checked in this order (Messenger before Facebook). */
const TOKENS: ReadonlyArray<readonly [InAppBrowserName, RegExp]> = [
  ['wechat', /\bMicroMessenger\//i],
  ['weibo', /\b(Weibo|__weibo__)/i],
  ['instagram', /\bInstagram\b/i],
  ['tiktok', /\b(musical_ly|BytedanceWebview|TikTok|aweme)\b/i],
  ['messenger', /\b(MessengerForiOS|Orca-Android|FB_IAB\/MESSENGER)\b/i],
  ['facebook', /\b(FBAN|FBAV|FB_IAB|FBIOS)\b/i],
  ['line', /\bLine\/\d/],
  ['xiaohongshu', /\b(xhsdiscover|discover\/\d)/i],
];

/** The in-app browser `userAgent` belongs to, or `undefined` for a regular browser. */
export function detectInAppBrowser(userAgent: string): InAppBrowser | undefined {
  const found = TOKENS.find(([, token]) => token.test(userAgent));
  if (!found) return undefined;
  const os = /\b(iPhone|iPad|iPod)\b/.test(userAgent) ? 'ios' : /\bAndroid\b/.test(userAgent) ? 'android' : 'other';
  return { app: found[0], os };
}

/**
 * A link that asks the operating system to open `url` in the system browser,
 * where the in-app browser lets one through: an Android `intent:` URL (the
 * default browser for `https`, falling back to `url` itself), or iOS Safari's
 * `x-safari-https:` scheme (iOS 17+). `undefined` where no such link works:
 * WeChat and Weibo block both, and other systems have none; the shopper then
 * copies the link or uses the app's own "open in browser" menu.
 *
 * `url` is checked for `partner` first (`checkPartnerUrl`: https on an
 * allow-listed host, else `UnsafeLinkError`), so only an allow-listed partner
 * URL, click id included, is ever wrapped.
 */
export function systemBrowserUrl(url: string, partner: Pick<Partner, 'id' | 'hosts'>, browser: InAppBrowser): string | undefined {
  const checked = checkPartnerUrl(url, partner);
  if (browser.app === 'wechat' || browser.app === 'weibo') return undefined;
  // https, or http on a loopback host (`checkPartnerUrl` allows nothing else): the demo and local development.
  const scheme = checked.protocol.slice(0, -1);
  if (browser.os === 'android') {
    // An intent URL's own fragment holds the intent: the link's fragment (if any) survives in the fallback only.
    return `intent://${checked.host}${checked.pathname}${checked.search}#Intent;scheme=${scheme};action=android.intent.action.VIEW;category=android.intent.category.BROWSABLE;S.browser_fallback_url=${encodeURIComponent(checked.href)};end`;
  }
  if (browser.os === 'ios') return `x-safari-${checked.href}`;
  return undefined;
}
