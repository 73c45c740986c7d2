import { describe, expect, it } from 'vitest';
import { inTimeSlice, SLICE_MS } from './time-slice.js';

/** A job that keeps the thread busy for `ms`. */
const busy = (ms: number, log: number[], id: number) => () => {
  const end = performance.now() + ms;
  while (performance.now() < end);
  log.push(id);
};

describe('inTimeSlice', () => {
  it('runs jobs at once while the slice has time, then in later tasks, in order, yielding in between', async () => {
    await new Promise((resolve) => setTimeout(resolve)); // a fresh slice
    const log: number[] = [];
    const results = Array.from({ length: 12 }, (_, id) => inTimeSlice(busy(3, log, id)));
    let timerRan = -1;
    setTimeout(() => (timerRan = log.length));
    const atOnce = results.findIndex((result) => result !== undefined);
    expect(atOnce).toBeGreaterThan(0);
    expect(atOnce).toBeLessThanOrEqual(Math.ceil(SLICE_MS / 3) + 1);
    expect(results.slice(atOnce).every((result) => result instanceof Promise)).toBe(true);
    expect(log).toHaveLength(atOnce);
    await Promise.all(results);
    expect(log).toEqual([...Array(12).keys()]);
    // Another task got its turn before the queue was done.
    expect(timerRan).toBeGreaterThanOrEqual(atOnce);
    expect(timerRan).toBeLessThan(12);
  });

  it('rejects for a queued job that throws, and goes on with the next', async () => {
    await new Promise((resolve) => setTimeout(resolve)); // a fresh slice
    const log: number[] = [];
    const first = inTimeSlice(busy(SLICE_MS + 2, log, 0));
    const failing = inTimeSlice(() => {
      throw new Error('boom');
    });
    const next = inTimeSlice(busy(1, log, 1));
    expect(first).toBeUndefined();
    await expect(failing).rejects.toThrow('boom');
    await next;
    expect(log).toEqual([0, 1]);
  });
});
