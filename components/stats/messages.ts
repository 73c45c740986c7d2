/**
 * The strings only `<vitrine-stats>` shows (ranges, charts, breakdowns, the
 * export), in every locale. Kept out of the shared table (src/i18n/messages.ts)
 * so that a page of cards, which loads one locale of the shared table, does
 * not download the dashboard's words.
 */
import type { Locale } from '../../src/i18n/locales.js';

const en = {
  rangeLabel: 'Period',
  range_today: 'Today',
  range_7d: 'Last 7 days',
  range_30d: 'Last 30 days',
  range_custom: 'Custom',
  range_all: 'All time',
  rangeFrom: 'From',
  rangeTo: 'To',
  rangeApply: 'Show',
  rangeInvalid: 'Choose a start date on or before the end date, at most 400 days apart.',
  trend: 'Over time',
  showTable: 'Show as a table',
  time: 'Time',
  chartSummary: '{metric}: {total} in total from {from} to {to}; highest {max}, at {peak}.',
  chartEmpty: '{metric}: {total} in this period.',
  commission: 'Commission (net)',
  commissionPaid: 'Commission (paid)',
  commissionReversed: 'Commission (reversed)',
  perPlacement: 'By placement',
  page: 'Page',
  placement: 'Placement',
  unknownPage: 'Page not reported',
  noPlacement: 'No placement',
  noTraffic: 'No traffic in this period',
  filteredTotal: 'Invalid traffic filtered out (not counted above): {count} events',
  filtered_bot: 'Bots and crawlers',
  filtered_prefetch: 'Prefetched or prerendered pages',
  filtered_click_rebound: 'Clicks repeating a click id',
  filtered_repeat_click: 'Repeat clicks by one visitor within an hour',
  filtered_stale: 'Event times outside what is kept',
  exportCsv: 'Download CSV',
};

export type StatsMessageKey = keyof typeof en;

const zhCN: Record<StatsMessageKey, string> = {
  rangeLabel: '时间范围',
  range_today: '今天',
  range_7d: '近 7 天',
  range_30d: '近 30 天',
  range_custom: '自定义',
  range_all: '全部',
  rangeFrom: '开始',
  rangeTo: '结束',
  rangeApply: '查看',
  rangeInvalid: '请选择不晚于结束日期的开始日期，最长 400 天。',
  trend: '趋势',
  showTable: '以表格查看',
  time: '时间',
  chartSummary: '{metric}：{from} 至 {to} 共 {total}；最高 {max}，在 {peak}。',
  chartEmpty: '{metric}：本时段 {total}。',
  commission: '佣金（净额）',
  commissionPaid: '佣金（已结算）',
  commissionReversed: '佣金（已撤销）',
  perPlacement: '按展示位置',
  page: '页面',
  placement: '位置',
  unknownPage: '未上报页面',
  noPlacement: '未设置位置',
  noTraffic: '本时段没有流量',
  filteredTotal: '已过滤的无效流量（未计入上方数据）：{count} 个事件',
  filtered_bot: '机器人和爬虫',
  filtered_prefetch: '预加载或预渲染的页面',
  filtered_click_rebound: '重复使用点击编号的点击',
  filtered_repeat_click: '同一访客一小时内的重复点击',
  filtered_stale: '时间超出保留范围的事件',
  exportCsv: '下载 CSV',
};

const zhTW: Record<StatsMessageKey, string> = {
  rangeLabel: '時間範圍',
  range_today: '今日',
  range_7d: '最近 7 天',
  range_30d: '最近 30 天',
  range_custom: '自訂',
  range_all: '全部期間',
  rangeFrom: '開始',
  rangeTo: '結束',
  rangeApply: '檢視',
  rangeInvalid: '請選擇不晚於結束日期的開始日期，最長 400 天。',
  trend: '趨勢',
  showTable: '以表格檢視',
  time: '時間',
  chartSummary: '{metric}：{from} 到 {to} 共 {total}；最高 {max}，於 {peak}。',
  chartEmpty: '{metric}：本時段 {total}。',
  commission: '佣金（淨額）',
  commissionPaid: '佣金（已結算）',
  commissionReversed: '佣金（已撤銷）',
  perPlacement: '依版位',
  page: '頁面',
  placement: '版位',
  unknownPage: '未回報頁面',
  noPlacement: '未設定版位',
  noTraffic: '本時段沒有流量',
  filteredTotal: '已過濾的無效流量（未計入上方數據）：{count} 個事件',
  filtered_bot: '機器人和爬蟲',
  filtered_prefetch: '預先載入或預先轉譯的頁面',
  filtered_click_rebound: '重複使用點擊編號的點擊',
  filtered_repeat_click: '同一訪客一小時內的重複點擊',
  filtered_stale: '時間超出保留範圍的事件',
  exportCsv: '下載 CSV',
};

/** Every stats string, per locale (each locale has every key: the types say so, and stats-messages.test.ts checks the texts). */
export const STATS_MESSAGES: Readonly<Record<Locale, Readonly<Record<StatsMessageKey, string>>>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** Whether `key` is one of the stats strings. */
export const isStatsKey = (key: string): key is StatsMessageKey => key in en;

/** The stats string `key` in `locale`, with `{name}` placeholders replaced (plain text). */
export function statsText(locale: Locale, key: StatsMessageKey, params?: Readonly<Record<string, string | number>>): string {
  const template = STATS_MESSAGES[locale][key];
  return params ? template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match)) : template;
}
