/**
 * The share pages' own strings (page chrome around the server-rendered
 * elements, whose strings come from the SDK's messages). Plain text: escape
 * before writing into HTML.
 */
import type { Locale } from '../../i18n/messages.js';

const en = {
  recommendedBy: 'Recommended by {name}',
  moreFrom: 'More recommendations from {name}',
  showcaseOf: '{name}’s picks',
  commissionNote: 'Links on this page are ads: {name} earns a commission on purchases.',
  details: 'Details and all shops: {title}',
  next: 'Next page',
  first: 'First page',
  empty: 'No recommendations yet.',
  codeTitle: 'Have a share code?',
  codeLabel: 'Share code',
  codeHint: 'For example VT-ABCDE-12345',
  codeSubmit: 'Open',
  codeInvalid: 'That is not a share code. Codes look like VT-ABCDE-12345.',
  codeUnknown: 'No recommendation has this share code.',
  rateLimited: 'Too many attempts. Try again in a minute.',
  qrTitle: 'Scan to open the shop',
  qrAlt: 'QR code for {title}',
  notFoundTitle: 'Not found',
  notFound: 'This recommendation does not exist, or was removed.',
  offerNotFound: 'This shop no longer sells the product.',
  backToShare: 'See the recommendation',
  poweredBy: 'Product cards by {site}',
  speculative: 'Not followed: this was a prefetch.',
} as const;

export type ShareMessageKey = keyof typeof en;

const MESSAGES: Record<Locale, Record<ShareMessageKey, string>> = {
  en,
  'zh-CN': {
    recommendedBy: '{name} 推荐',
    moreFrom: '{name} 的更多推荐',
    showcaseOf: '{name} 的好物橱窗',
    commissionNote: '本页链接为广告：通过链接购买，{name} 会获得佣金。',
    details: '详情和全部商家：{title}',
    next: '下一页',
    first: '第一页',
    empty: '还没有推荐。',
    codeTitle: '有分享口令？',
    codeLabel: '分享口令',
    codeHint: '例如 VT-ABCDE-12345',
    codeSubmit: '打开',
    codeInvalid: '这不是分享口令。口令形如 VT-ABCDE-12345。',
    codeUnknown: '没有找到这个口令对应的推荐。',
    rateLimited: '尝试次数太多，请一分钟后再试。',
    qrTitle: '扫码去商家购买',
    qrAlt: '{title} 的二维码',
    notFoundTitle: '未找到',
    notFound: '这条推荐不存在，或已被删除。',
    offerNotFound: '这家商家已不再销售此商品。',
    backToShare: '查看推荐',
    poweredBy: '商品卡片由 {site} 提供',
    speculative: '预加载请求，未跳转。',
  },
  'zh-TW': {
    recommendedBy: '{name} 推薦',
    moreFrom: '{name} 的更多推薦',
    showcaseOf: '{name} 的好物櫥窗',
    commissionNote: '本頁連結為廣告：透過連結購買，{name} 會獲得佣金。',
    details: '詳情和全部商家：{title}',
    next: '下一頁',
    first: '第一頁',
    empty: '還沒有推薦。',
    codeTitle: '有分享口令？',
    codeLabel: '分享口令',
    codeHint: '例如 VT-ABCDE-12345',
    codeSubmit: '開啟',
    codeInvalid: '這不是分享口令。口令形如 VT-ABCDE-12345。',
    codeUnknown: '沒有找到這個口令對應的推薦。',
    rateLimited: '嘗試次數太多，請一分鐘後再試。',
    qrTitle: '掃碼去商家購買',
    qrAlt: '{title} 的 QR 碼',
    notFoundTitle: '找不到',
    notFound: '這則推薦不存在，或已被刪除。',
    offerNotFound: '這家商家已不再販售此商品。',
    backToShare: '查看推薦',
    poweredBy: '商品卡片由 {site} 提供',
    speculative: '預先載入的請求，未跳轉。',
  },
};

/** A share-page string in `locale`, `{name}` placeholders filled. */
export function shareMessage(locale: Locale, key: ShareMessageKey, params: Readonly<Record<string, string>> = {}): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}
