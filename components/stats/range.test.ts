import { describe, expect, it } from 'vitest';
import { addDays, isDay, isTimeZone, localDay, resolveStatsRange, startOfDay } from './range.js';

// 2026-12-02 10:00 in Shanghai (UTC+8): 02:00 UTC.
const now = Date.parse('2026-12-02T02:00:00Z');

describe('stats ranges', () => {
  it('today: the local day, by the hour', () => {
    expect(resolveStatsRange('today', { now, timeZone: 'Asia/Shanghai' })).toEqual({
      from: '2026-12-01T16:00:00.000Z',
      to: '2026-12-02T16:00:00.000Z',
      bucket: 'hour',
      timeZone: 'Asia/Shanghai',
      firstDay: '2026-12-02',
      lastDay: '2026-12-02',
    });
    // The same instant is still 1 December in Los Angeles.
    expect(resolveStatsRange('today', { now, timeZone: 'America/Los_Angeles' })).toMatchObject({ from: '2026-12-01T08:00:00.000Z', firstDay: '2026-12-01' });
  });

  it('7 d and 30 d: that many local days, today included, by the day', () => {
    expect(resolveStatsRange('7d', { now, timeZone: 'Asia/Shanghai' })).toMatchObject({ from: '2026-11-25T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z', bucket: 'day', firstDay: '2026-11-26' });
    expect(resolveStatsRange('30d', { now, timeZone: 'UTC' })).toMatchObject({ from: '2026-11-03T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', bucket: 'day' });
  });

  it('crosses a DST change with local midnights (a 23-hour day in Berlin)', () => {
    const range = resolveStatsRange('7d', { now: Date.parse('2026-03-31T12:00:00Z'), timeZone: 'Europe/Berlin' })!;
    expect(range.from).toBe('2026-03-24T23:00:00.000Z'); // CET, UTC+1
    expect(range.to).toBe('2026-03-31T22:00:00.000Z'); // CEST, UTC+2
    expect(startOfDay('2026-03-29', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(startOfDay('2026-03-30', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T22:00:00Z'));
  });

  it('finds local midnight far from UTC (UTC+14, UTC−11)', () => {
    expect(startOfDay('2026-12-02', 'Pacific/Kiritimati')).toBe(Date.parse('2026-12-01T10:00:00Z'));
    expect(startOfDay('2026-12-02', 'Pacific/Pago_Pago')).toBe(Date.parse('2026-12-02T11:00:00Z'));
    expect(localDay(Date.parse('2026-12-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-12-02');
  });

  it('custom: both days included, one day by the hour, longer by the day, at most 400 days', () => {
    expect(resolveStatsRange('custom', { now, timeZone: 'UTC', from: '2026-11-01', to: '2026-11-01' })).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', bucket: 'hour' });
    expect(resolveStatsRange('custom', { now, timeZone: 'UTC', from: '2026-11-01', to: '2026-11-30' })).toMatchObject({ bucket: 'day', to: '2026-12-01T00:00:00.000Z' });
    expect(() => resolveStatsRange('custom', { now, timeZone: 'UTC', from: '2026-11-30', to: '2026-11-01' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => resolveStatsRange('custom', { now, timeZone: 'UTC', from: '2025-01-01', to: '2026-11-01' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => resolveStatsRange('custom', { now, timeZone: 'UTC', from: '2026-02-30', to: '2026-03-01' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => resolveStatsRange('custom', { now, timeZone: 'UTC' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('all time has no range', () => {
    expect(resolveStatsRange('all', { now, timeZone: 'UTC' })).toBeUndefined();
  });

  it('steps days across months and years, and knows time zones as the platform does', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isTimeZone('Asia/Taipei')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('UTC; drop table')).toBe(false);
  });

  it('isDay accepts real calendar dates only', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
  });
});
