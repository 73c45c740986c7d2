/**
 * The ranges `<vitrine-stats>` offers, resolved in the reader's time zone to
 * the query `GET /v1/creators/{id}/stats` takes. Pure functions, tested on their own.
 */
import { VitrineError } from '../../src/errors.js';
import { MAX_STATS_RANGE_DAYS, type StatsBucket, type StatsRangeQuery } from '../../src/model/stats.js';
import { bucketStart, DAY, HOUR, isTimeZone, nextBucket } from '../../src/platform/store/buckets.js';

/** The range picker's choices: today, the last 7 or 30 days (today included), two dates, or all time (no series). */
export const STATS_PRESETS = ['today', '7d', '30d', 'custom', 'all'] as const;
export type StatsPreset = (typeof STATS_PRESETS)[number];

/** A resolved range: the query, and the first and last local days it covers (`YYYY-MM-DD`). */
export interface ResolvedStatsRange extends StatsRangeQuery {
  timeZone: string;
  firstDay: string;
  lastDay: string;
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The reader's IANA time zone (`UTC` when the runtime does not say). */
export function readerTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

export { isTimeZone };

/** The local day (`YYYY-MM-DD`) of `ms` in `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whether `value` is a real calendar date `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The instant the local day `day` (`YYYY-MM-DD`) starts in `timeZone` (days last 23 to 25 hours). */
export function startOfDay(day: string, timeZone: string): number {
  const match = DATE.exec(day)!;
  const noon = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
  // Local noon of `day` is within 14 hours of UTC noon: find the day holding UTC noon, then step to `day`.
  let start = bucketStart(noon, 'day', timeZone);
  for (let step = 0; step < 2; step++) {
    const found = localDay(start + 12 * HOUR, timeZone);
    if (found === day) break;
    start = found > day ? bucketStart(start - 12 * HOUR, 'day', timeZone) : nextBucket(start, 'day', timeZone);
  }
  return start;
}

/** A bucket the platform allows for `days` local days: by the hour for one day, else by the day. */
export function bucketFor(days: number): StatsBucket {
  return days <= 1 ? 'hour' : 'day';
}

/**
 * The query of a preset, `now` in `timeZone`: `today` (by the hour), `7d` and
 * `30d` (the last 7 or 30 local days, today included, by the day), `custom`
 * (`from` to `to`, both local days included, `YYYY-MM-DD`; one day by the hour,
 * up to 400 by the day), `all` → `undefined` (all time: no range). Throws a
 * `VitrineError` with code `invalid_input` for a custom range that is not two
 * dates in order, at most 400 days long.
 */
export function resolveStatsRange(preset: StatsPreset, options: { now: number; timeZone: string; from?: string; to?: string }): ResolvedStatsRange | undefined {
  const { now, timeZone } = options;
  if (preset === 'all') return undefined;
  let firstDay: string;
  let lastDay: string;
  if (preset === 'custom') {
    const from = options.from ?? '';
    const to = options.to ?? '';
    if (!isDay(from) || !isDay(to)) throw new VitrineError('invalid_input', `A custom stats range needs two dates (YYYY-MM-DD), got "${from.slice(0, 20)}" and "${to.slice(0, 20)}"`);
    if (from > to) throw new VitrineError('invalid_input', `The custom stats range starts (${from}) after it ends (${to})`);
    firstDay = from;
    lastDay = to;
  } else {
    lastDay = localDay(now, timeZone);
    const back = preset === 'today' ? 0 : preset === '7d' ? 6 : 29;
    // Noon keeps the step inside the wanted day whatever the DST changes on the way.
    firstDay = localDay(startOfDay(lastDay, timeZone) + 12 * HOUR - back * DAY, timeZone);
  }
  const from = startOfDay(firstDay, timeZone);
  const to = nextBucket(startOfDay(lastDay, timeZone), 'day', timeZone);
  const days = Math.round((to - from) / DAY);
  if (days > MAX_STATS_RANGE_DAYS.day) throw new VitrineError('invalid_input', `A stats range may span at most ${MAX_STATS_RANGE_DAYS.day} days, got ${days}`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket: bucketFor(days), timeZone, firstDay, lastDay };
}
