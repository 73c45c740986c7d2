import { describe, expect, it } from 'vitest';
import { planTarget } from '../../../test/helpers/callbacks.ts';
import { conformanceCatalog } from '../../testing/store-conformance.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { createIngest, prepareEvents } from './events.js';

const CATALOG = conformanceCatalog();
const target = planTarget(CATALOG);
const NOW = Date.parse('2026-11-20T08:00:00Z');

const impressions = (prefix: string, count: number) =>
  prepareEvents(
    Array.from({ length: count }, (_, n) => ({ id: `${prefix}-${String(n).padStart(8, '0')}`, type: 'impression' as const, at: new Date(NOW).toISOString(), recommendationId: target.recommendationId, creatorId: target.creatorId })),
    { now: NOW },
  );

/** The memory store, but a transaction that stores an event whose id starts with `poison` throws (as PostgreSQL does on a value it refuses). */
function refusing(base: PlatformStore): { store: PlatformStore; transactions: () => number } {
  let transactions = 0;
  const store: PlatformStore = new Proxy(base, {
    get(target, key, receiver) {
      if (key !== 'transaction') return Reflect.get(target, key, receiver);
      return <T>(fn: (tx: PlatformStore) => Promise<T>) => {
        transactions += 1;
        return base.transaction((tx) =>
          fn(
            new Proxy(tx, {
              get(inner, name, r) {
                if (name !== 'insertEvents') return Reflect.get(inner, name, r);
                return (batch: Parameters<PlatformStore['insertEvents']>[0]) => {
                  if (batch.some((event) => event.id.startsWith('poison'))) throw new Error('invalid input value for a timestamp');
                  return inner.insertEvents(batch);
                };
              },
            }),
          ),
        );
      };
    },
  });
  return { store, transactions: () => transactions };
}

describe('createIngest (group commit)', () => {
  it('stores the requests that arrive while a transaction runs in one group', async () => {
    const { store, transactions } = refusing(createMemoryStore(CATALOG));
    const ingest = createIngest({ store, concurrency: 1, now: () => NOW });
    const results = await Promise.all([ingest.add(impressions('first', 2)), ingest.add(impressions('a', 3)), ingest.add(impressions('b', 4))]);
    expect(results.map((r) => r.accepted)).toEqual([2, 3, 4]);
    expect(transactions()).toBe(2); // the first alone (the store was idle), the two that waited together
  });

  it('a request the database refuses fails alone: the others of its group are stored', async () => {
    const { store, transactions } = refusing(createMemoryStore(CATALOG));
    const ingest = createIngest({ store, concurrency: 1, now: () => NOW });
    const first = ingest.add(impressions('first', 1));
    const good = ingest.add(impressions('good', 3));
    const bad = ingest.add(impressions('poison', 2));
    const alsoGood = ingest.add(impressions('fine', 1));
    await expect(first).resolves.toMatchObject({ accepted: 1 });
    await expect(bad).rejects.toThrow('invalid input value');
    await expect(good).resolves.toMatchObject({ accepted: 3 });
    await expect(alsoGood).resolves.toMatchObject({ accepted: 1 });
    // The group of three failed once, then each of its requests ran alone.
    expect(transactions()).toBe(1 + 1 + 3);
    // Stored once each: sent again, they are duplicates.
    await expect(ingest.add(impressions('good', 3))).resolves.toMatchObject({ accepted: 0, duplicates: 3 });
  });
});
