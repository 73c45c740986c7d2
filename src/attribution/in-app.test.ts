import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../errors.js';
import { detectInAppBrowser, systemBrowserUrl } from './in-app.js';

const UA = {
  wechat: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
  weibo: 'Mozilla/5.0 (Linux; Android 13; V2230A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/101.0.4951.61 Mobile Safari/537.36 Weibo (vivo-V2230A__weibo__13.11.2__android__android13)',
  instagram: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 309.0.2.18.108 (iPhone15,3; iOS 17_1; en_US)',
  tiktok: 'Mozilla/5.0 (Linux; Android 12; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/110.0.5481.153 Mobile Safari/537.36 trill_2023105030 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/31.5.3 ByteLocale/en BytedanceWebview/d8a21c6',
  facebook: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
  chrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
};
const partner = { id: 'partner-hanfang', hosts: ['shop.hanfang.example'] };
const link = 'https://shop.hanfang.example/item/88123?vt_click=AAAAAAAAAAAAAAAAAAAAAA&vt_creator=creator-lin&vt_rec=rec-lin-serum';

describe('detectInAppBrowser', () => {
  it('recognises the social apps and their system, and leaves real browsers alone', () => {
    expect(detectInAppBrowser(UA.wechat)).toEqual({ app: 'wechat', os: 'ios' });
    expect(detectInAppBrowser(UA.weibo)).toEqual({ app: 'weibo', os: 'android' });
    expect(detectInAppBrowser(UA.instagram)).toEqual({ app: 'instagram', os: 'ios' });
    expect(detectInAppBrowser(UA.tiktok)).toEqual({ app: 'tiktok', os: 'android' });
    expect(detectInAppBrowser(UA.facebook)).toEqual({ app: 'facebook', os: 'ios' });
    expect(detectInAppBrowser(UA.chrome)).toBeUndefined();
    expect(detectInAppBrowser(UA.safari)).toBeUndefined();
  });
});

describe('systemBrowserUrl', () => {
  it('wraps the checked partner link for Android and iOS, keeping the click id, and offers nothing where apps block it', () => {
    const android = systemBrowserUrl(link, partner, { app: 'tiktok', os: 'android' })!;
    expect(android).toMatch(/^intent:\/\/shop\.hanfang\.example\/item\/88123\?vt_click=AAAAAAAAAAAAAAAAAAAAAA&vt_creator=creator-lin&vt_rec=rec-lin-serum#Intent;scheme=https;/);
    expect(decodeURIComponent(/S\.browser_fallback_url=([^;]+)/.exec(android)![1]!)).toBe(link);
    expect(systemBrowserUrl(link, partner, { app: 'instagram', os: 'ios' })).toBe(`x-safari-${link}`);
    expect(systemBrowserUrl(link, partner, { app: 'wechat', os: 'ios' })).toBeUndefined();
    expect(systemBrowserUrl(link, partner, { app: 'weibo', os: 'android' })).toBeUndefined();
    expect(systemBrowserUrl(link, partner, { app: 'facebook', os: 'other' })).toBeUndefined();
  });

  it('never wraps a link that is not allow-listed for the partner', () => {
    for (const url of ['https://evil.example/item', 'javascript:alert(1)', 'http://shop.hanfang.example/item']) {
      let error: unknown;
      try {
        systemBrowserUrl(url, partner, { app: 'instagram', os: 'ios' });
      } catch (caught) {
        error = caught;
      }
      expect(isVitrineError(error, 'unsafe_link')).toBe(true);
    }
  });
});
