import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors.js';
import { createClickLog } from './touches.js';
import { MemoryStorage } from '../internal/test-storage.js';

const DAY = 86_400_000;
const id = (n: number) => `click${String(n).padStart(17, '0')}`;
const meta = { partnerId: 'shop', recommendationId: 'rec-1' };

describe('createClickLog', () => {
  it('lists click ids newest first and persists them', () => {
    const storage = new MemoryStorage();
    const log = createClickLog({ storage, now: () => 1_000 * DAY });
    log.add(id(1), meta);
    log.add(id(2), meta);
    expect(log.list()).toEqual([id(2), id(1)]);
    expect(createClickLog({ storage, now: () => 1_000 * DAY }).list()).toEqual([id(2), id(1)]);
    expect(JSON.parse(storage.getItem('vitrine:clicks')!)[0]).toMatchObject({ clickId: id(2), partnerId: 'shop' });
  });

  it('moves a repeated click id to the front instead of duplicating it', () => {
    const log = createClickLog({ storage: null });
    log.add(id(1), meta);
    log.add(id(2), meta);
    log.add(id(1), meta);
    expect(log.list()).toEqual([id(1), id(2)]);
  });

  it('keeps at most `max` ids', () => {
    const log = createClickLog({ storage: new MemoryStorage(), max: 3 });
    for (let n = 1; n <= 5; n++) log.add(id(n), meta);
    expect(log.list()).toEqual([id(5), id(4), id(3)]);
  });

  it('forgets clicks older than maxAgeDays', () => {
    let now = 100 * DAY;
    const log = createClickLog({ storage: new MemoryStorage(), maxAgeDays: 30, now: () => now });
    log.add(id(1), meta);
    log.add(id(2), { ...meta, at: new Date(50 * DAY).toISOString() });
    expect(log.list()).toEqual([id(1)]);
    now += 31 * DAY;
    expect(log.list()).toEqual([]);
  });

  it('starts empty on corrupt JSON or a bad shape, and drops invalid entries', () => {
    const storage = new MemoryStorage();
    storage.setItem('vitrine:clicks', '{not json');
    expect(createClickLog({ storage }).list()).toEqual([]);
    storage.setItem('vitrine:clicks', '{"clickId":"x"}');
    expect(createClickLog({ storage }).list()).toEqual([]);
    const at = new Date().toISOString();
    storage.setItem('vitrine:clicks', JSON.stringify([{ clickId: 'bad' }, 42, { clickId: id(7), ...meta, at }]));
    expect(createClickLog({ storage }).list()).toEqual([id(7)]);
  });

  it('falls back to memory when storage throws (sandboxed iframe, quota)', () => {
    const storage = new MemoryStorage();
    storage.failReads = true;
    const log = createClickLog({ storage });
    log.add(id(1), meta);
    expect(log.list()).toEqual([id(1)]);

    const full = new MemoryStorage();
    full.failWrites = true;
    const other = createClickLog({ storage: full });
    other.add(id(2), meta);
    other.add(id(3), meta);
    expect(other.list()).toEqual([id(3), id(2)]);
  });

  it('works without any storage (SSR)', () => {
    const log = createClickLog();
    log.add(id(1), meta);
    expect(log.list()).toEqual([id(1)]);
    log.clear();
    expect(log.list()).toEqual([]);
  });

  it('rejects an invalid click id', () => {
    const log = createClickLog({ storage: null });
    let error: unknown;
    try {
      log.add('nope', meta);
    } catch (caught) {
      error = caught;
    }
    expect(isValidationError(error)).toBe(true);
    expect(log.list()).toEqual([]);
  });

  it('clear() forgets persisted clicks', () => {
    const storage = new MemoryStorage();
    const log = createClickLog({ storage });
    log.add(id(1), meta);
    log.clear();
    expect(createClickLog({ storage }).list()).toEqual([]);
  });

  describe('subscribe', () => {
    it('tells its listeners of every add and clear, of this log and of any other log with the same key, until unsubscribed', () => {
      const storage = new MemoryStorage();
      const log = createClickLog({ storage });
      const seen: string[] = [];
      const stop = log.subscribe(() => seen.push(log.list().join(',')));
      log.add(id(1), meta);
      // Another client of the page (a card with its own api) records a click under the same key.
      createClickLog({ storage }).add(id(2), meta);
      createClickLog({ storage, key: 'elsewhere' }).add(id(3), meta);
      log.clear();
      expect(seen).toEqual([id(1), `${id(2)},${id(1)}`, '']);
      stop();
      log.add(id(4), meta);
      expect(seen).toHaveLength(3);
    });

    it('keeps telling the other listeners when one throws, and an invalid click tells nobody', () => {
      const log = createClickLog({ storage: null });
      const calls: number[] = [];
      log.subscribe(() => {
        throw new Error('listener bug');
      });
      const stop = log.subscribe(() => calls.push(1));
      expect(() => log.add(id(1), meta)).not.toThrow();
      expect(() => log.add('not a click id', meta)).toThrow();
      expect(calls).toEqual([1]);
      stop();
    });

    it('an unsubscribe called twice does not drop a later subscriber', () => {
      const log = createClickLog({ storage: null, key: 'twice' });
      const stop = log.subscribe(() => {});
      stop();
      const calls: number[] = [];
      const later = log.subscribe(() => calls.push(1));
      stop();
      log.add(id(1), meta);
      expect(calls).toEqual([1]);
      later();
    });
  });
});
