/**
 * Time buckets of the stats: minutes and hours (UTC-aligned), and days that
 * start at midnight in a time zone. One home for the arithmetic, so the
 * stores, the report and its series agree on every bucket start.
 */
import type { StatsBucket } from '../../model/stats.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let found = formats.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, found);
  }
  return found;
}

/** True for an IANA time zone name this runtime knows (`UTC`, `Asia/Shanghai`, …). */
export function isTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][\w+/-]{0,63}$/.test(timeZone)) return false;
  try {
    format(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `ms`, in ms (east positive). */
function offset(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The start of the bucket holding `ms`: the UTC minute or hour, or the local midnight in `timeZone`. */
export function bucketStart(ms: number, bucket: StatsBucket, timeZone: string): number {
  if (bucket === 'minute') return Math.floor(ms / MINUTE) * MINUTE;
  if (bucket === 'hour') return Math.floor(ms / HOUR) * HOUR;
  const localMidnight = Math.floor((ms + offset(ms, timeZone)) / DAY) * DAY;
  // The offset at midnight may differ from the offset at `ms` (a DST change that day).
  let start = localMidnight - offset(ms, timeZone);
  start = localMidnight - offset(start, timeZone);
  return start;
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, bucket: StatsBucket, timeZone: string): number {
  if (bucket === 'minute') return start + MINUTE;
  if (bucket === 'hour') return start + HOUR;
  // Days last 23 to 25 hours: 26 hours on is always inside the next day.
  return bucketStart(start + 26 * HOUR, 'day', timeZone);
}

/** Every bucket start from the bucket holding `from` to the last one starting before `to`. */
export function bucketStarts(from: number, to: number, bucket: StatsBucket, timeZone: string, max = 2000): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(from, bucket, timeZone); start < to && starts.length < max; start = nextBucket(start, bucket, timeZone)) starts.push(start);
  return starts;
}
