/**
 * Development-mode warnings, Lit style: each names the exact mistake in the
 * page's locale, carries a stable code and a link to its explanation
 * (docs/messages.md), is issued once per page, and starts with `[vitrine]`.
 * Only the development build contains them (see `DEV_MODE`): in production
 * {@link issueWarning} is empty and these texts are dropped. The reader of a
 * page never sees them: elements show a calm, localized state instead.
 */
import { DEV_MODE } from '../internal/dev.js';
import type { Locale } from './locales.js';

declare const __VITRINE_VERSION__: string | undefined;

/** Where each warning is explained: the package's own docs/messages.md, for this version. */
export const WARNINGS_DOCS_URL = `https://unpkg.com/vitrine@${typeof __VITRINE_VERSION__ === 'string' ? __VITRINE_VERSION__ : 'latest'}/docs/messages.md`;

/** Every development warning code, stable across releases (docs/messages.md has one section per code). */
export const WARNING_CODES = [
  'unknown-rec',
  'unknown-product',
  'unknown-creator',
  'missing-rec',
  'missing-api',
  'invalid-api',
  'api-not-https',
  'unsupported-locale',
  'invalid-consent',
  'invalid-placement',
  'invalid-time-zone',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

type Texts = Record<WarningCode, string>;

const en: Texts = {
  'unknown-rec': '<vitrine-card rec="{id}">: the platform at {api} has no recommendation "{id}". Check the id in your snippet (copy it again from the composer).',
  'unknown-product': '<vitrine-card product="{product}" creator="{creator}">: creator "{creator}" has no recommendation of product "{product}" at {api}.',
  'unknown-creator': '<{tag} creator="{creator}">: the platform at {api} has no creator "{creator}". Check the creator attribute or data-creator on the script tag.',
  'missing-rec': '<vitrine-card> needs a rec attribute (a recommendation id), or product and creator, or the card property.',
  'missing-api': 'No platform API is configured for <{tag}>: add data-api="https://…" to the Vitrine script tag, wrap the element in <vitrine-root api="…">, set its api attribute, or call configure({ api }).',
  'invalid-api': 'The API address "{api}" (from {source}) is not an absolute URL. Use the platform\'s https address, e.g. https://api.vitrine.example.',
  'api-not-https': 'The API address "{api}" (from {source}) uses http: on a host that is not this computer. Only https is allowed on the network (http only on localhost, 127.0.0.1 or [::1], for development).',
  'unsupported-locale': 'The locale "{locale}" (from {source}) is not one Vitrine ships: using {used}. Use zh-CN, zh-TW or en (any zh-* or en-* tag maps to the nearest).',
  'invalid-consent': 'data-consent="{consent}" is not granted, denied or required: analytics stay held until consent is granted (the default, "required").',
  'invalid-placement': '<{tag} placement="{placement}">: a placement is 1–64 characters of letters, digits, _ . : or -. Its events are sent without it until you fix it.',
  'invalid-time-zone': '<{tag} tz="{tz}">: not an IANA time zone this browser knows (e.g. Asia/Shanghai). Days start at midnight in the reader\'s zone ({used}) instead.',
};

const zhCN: Texts = {
  'unknown-rec': '<vitrine-card rec="{id}">：{api} 上没有编号为「{id}」的推荐。请检查嵌入代码里的编号（可以从发布页重新复制）。',
  'unknown-product': '<vitrine-card product="{product}" creator="{creator}">：{api} 上达人「{creator}」没有推荐商品「{product}」。',
  'unknown-creator': '<{tag} creator="{creator}">：{api} 上没有达人「{creator}」。请检查 creator 属性，或脚本标签上的 data-creator。',
  'missing-rec': '<vitrine-card> 需要 rec 属性（推荐编号），或者 product 加 creator，或者 card 属性。',
  'missing-api': '<{tag}> 没有配置平台 API：请在 Vitrine 脚本标签上加 data-api="https://…"，或用 <vitrine-root api="…"> 包住元素，或设置它的 api 属性，或调用 configure({ api })。',
  'invalid-api': 'API 地址「{api}」（来自 {source}）不是完整的网址。请使用平台的 https 地址，例如 https://api.vitrine.example。',
  'api-not-https': 'API 地址「{api}」（来自 {source}）在非本机地址上使用了 http:。网络上只允许 https（http 只允许 localhost、127.0.0.1 或 [::1]，供开发使用）。',
  'unsupported-locale': '语言「{locale}」（来自 {source}）不在 Vitrine 支持的范围内，已改用 {used}。请使用 zh-CN、zh-TW 或 en（任何 zh-* 或 en-* 都会对应到最接近的一种）。',
  'invalid-consent': 'data-consent="{consent}" 不是 granted、denied 或 required：在同意之前，统计数据会一直保留不发送（默认值 required）。',
  'invalid-placement': '<{tag} placement="{placement}">：placement 必须是 1–64 个字母、数字或 _ . : -。改正之前，它的事件发送时不带 placement。',
  'invalid-time-zone': '<{tag} tz="{tz}">：不是浏览器认识的 IANA 时区（例如 Asia/Shanghai）。已改为按读者所在时区（{used}）的零点划分日期。',
};

const zhTW: Texts = {
  'unknown-rec': '<vitrine-card rec="{id}">：{api} 上沒有編號為「{id}」的推薦。請檢查嵌入程式碼裡的編號（可以從發布頁重新複製）。',
  'unknown-product': '<vitrine-card product="{product}" creator="{creator}">：{api} 上達人「{creator}」沒有推薦商品「{product}」。',
  'unknown-creator': '<{tag} creator="{creator}">：{api} 上沒有達人「{creator}」。請檢查 creator 屬性，或腳本標籤上的 data-creator。',
  'missing-rec': '<vitrine-card> 需要 rec 屬性（推薦編號），或者 product 加 creator，或者 card 屬性。',
  'missing-api': '<{tag}> 沒有設定平台 API：請在 Vitrine 腳本標籤上加 data-api="https://…"，或用 <vitrine-root api="…"> 包住元素，或設定它的 api 屬性，或呼叫 configure({ api })。',
  'invalid-api': 'API 位址「{api}」（來自 {source}）不是完整的網址。請使用平台的 https 位址，例如 https://api.vitrine.example。',
  'api-not-https': 'API 位址「{api}」（來自 {source}）在非本機位址上使用了 http:。網路上只允許 https（http 只允許 localhost、127.0.0.1 或 [::1]，供開發使用）。',
  'unsupported-locale': '語言「{locale}」（來自 {source}）不在 Vitrine 支援的範圍內，已改用 {used}。請使用 zh-CN、zh-TW 或 en（任何 zh-* 或 en-* 都會對應到最接近的一種）。',
  'invalid-consent': 'data-consent="{consent}" 不是 granted、denied 或 required：在同意之前，統計資料會一直保留不傳送（預設值 required）。',
  'invalid-placement': '<{tag} placement="{placement}">：placement 必須是 1–64 個字母、數字或 _ . : -。改正之前，它的事件傳送時不帶 placement。',
  'invalid-time-zone': '<{tag} tz="{tz}">：不是瀏覽器認得的 IANA 時區（例如 Asia/Taipei）。已改為依讀者所在時區（{used}）的午夜劃分日期。',
};

export const WARNINGS: Readonly<Record<Locale, Texts>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** The warning `code` in `locale`, with `{name}` placeholders replaced. */
export function warningText(locale: Locale, code: WarningCode, params: Readonly<Record<string, string>>): string {
  return WARNINGS[locale][code].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}

const issued = new Set<string>();

/**
 * Warns once per page (per code and text), in the development build only:
 * `[vitrine] <code>: <text in locale> <docs link>#<code>`.
 */
export function issueWarning(code: WarningCode, locale: Locale, params: Readonly<Record<string, string>> = {}): void {
  if (!DEV_MODE) return;
  const line = `[vitrine] ${code}: ${warningText(locale, code, params)} ${WARNINGS_DOCS_URL}#${code}`;
  if (issued.has(line)) return;
  if (issued.size > 200) issued.clear();
  issued.add(line);
  console.warn(line);
}
