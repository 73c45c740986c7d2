/**
 * The ranges `<vitrine-stats>` offers, resolved in the reader's time zone to
 * the query `GET /v1/creators/{id}/stats` takes. Pure functions, tested on their own.
 */
import { VitrineError } from '../../src/errors.js';
import { MAX_STATS_RANGE_DAYS, type StatsBucket, type StatsRangeQuery } from '../../src/model/stats.js';

/** The range picker's choices: today, the last 7 or 30 days (today included), two dates, or all time (no series). */
export const STATS_PRESETS = ['today', '7d', '30d', 'custom', 'all'] as const;
export type StatsPreset = (typeof STATS_PRESETS)[number];

/** A resolved range: the query, and the first and last local days it covers (`YYYY-MM-DD`). */
export interface ResolvedStatsRange extends StatsRangeQuery {
  timeZone: string;
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `timeZone` (throws a `RangeError` for a zone the runtime does not know). */
function clock(timeZone: string): Intl.DateTimeFormat {
  let found = clocks.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    clocks.set(timeZone, found);
  }
  return found;
}

/** What the wall clock of `timeZone` reads at `ms`, as if it were UTC (ms). */
function wallTime(ms: number, timeZone: string): number {
  const field: Record<string, number> = {};
  for (const { type, value } of clock(timeZone).formatToParts(ms)) field[type] = Number(value);
  return Date.UTC(field['year']!, field['month']! - 1, field['day']!, field['hour']!, field['minute']!, field['second']!);
}

/** True for an IANA time zone name this runtime knows (`UTC`, `Asia/Shanghai`, …), as the platform checks `tz`. */
export function isTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][\w+/-]{0,63}$/.test(timeZone)) return false;
  try {
    clock(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The reader's IANA time zone (`UTC` when the runtime does not say). */
export function readerTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

/** The local day (`YYYY-MM-DD`) of `ms` in `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  return new Date(wallTime(ms, timeZone)).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === value;
}

/** The day `days` after `day` (before, when negative), `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant the local day `day` (`YYYY-MM-DD`) starts in `timeZone`: its
 * midnight, found from the zone's offset there (days last 23 to 25 hours).
 */
export function startOfDay(day: string, timeZone: string): number {
  const midnight = Date.parse(`${day}T00:00:00Z`); // the wall clock we look for, read as UTC
  // Twice: the offset at the first guess may differ from the offset at midnight (a DST change in between).
  let start = midnight - (wallTime(midnight, timeZone) - midnight);
  start = midnight - (wallTime(start, timeZone) - start);
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
    firstDay = addDays(lastDay, preset === 'today' ? 0 : preset === '7d' ? -6 : -29);
  }
  const from = startOfDay(firstDay, timeZone);
  const to = startOfDay(addDays(lastDay, 1), timeZone);
  const days = (Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS + 1;
  if (days > MAX_STATS_RANGE_DAYS.day) throw new VitrineError('invalid_input', `A stats range may span at most ${MAX_STATS_RANGE_DAYS.day} days, got ${days}`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket: bucketFor(days), timeZone, firstDay, lastDay };
}
