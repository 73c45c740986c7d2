/**
 * Fault injection at every step of recording a callback, on the memory store,
 * the SQL store on PGlite and, when DATABASE_URL is set, on PostgreSQL. A
 * store wrapper makes the k-th store call of one callback's transaction throw,
 * either before the call ("throws") or after it did its write ("crashes"); the
 * partner retries that callback with the same webhook-id and goes on. For every
 * callback of an order's life and every step k, the order's ledger, state and
 * outbox then equal those of a run without faults.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, orderPlan, planClickId, planTarget, type PlannedCallback } from '../../test/helpers/callbacks.ts';
import { conformanceCatalog } from '../testing/store-conformance.js';
import { recordConversion } from './domain/conversions.js';
import { orderUpdatedId } from './outbox.js';
import { pgliteClient, pgPoolClient, type SqlClient } from './sql/client.js';
import { createSqlStore, loadCatalog } from './sql/store.js';
import { createMemoryStore } from './store/memory.js';
import type { PlatformStore } from './store/store.js';
import { transact } from './store/transact.js';
import { DATABASE_URL, noteIfNoDatabase } from '../../test/helpers/database.ts';

noteIfNoDatabase('the fault-injection suite');
const CATALOG = conformanceCatalog();
const target = planTarget(CATALOG);
const partner = CATALOG.partners.find((p) => p.id === target.partnerId)!;
const NOW = Date.parse('2026-11-20T08:00:00Z');
const AT = new Date(NOW).toISOString();
/** The longest life: placed, paid, delivered, refunds of 30 %, 60 %, then all. */
const life = (run: string, n: number) => orderPlan(target, run, n * 3, AT);
const MODES = ['throws', 'crashes'] as const;
type Mode = (typeof MODES)[number];

class InjectedFault extends Error {}

/** A store whose transactions count their store calls; `arm(k, mode)` makes the k-th call (1-based) of the next transaction fail. */
function faulty(base: PlatformStore) {
  let armed: { step: number; mode: Mode } | null = null;
  let calls = 0;
  const wrap = (tx: PlatformStore): PlatformStore =>
    new Proxy(tx, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || key === 'transaction') return value;
        return async (...args: unknown[]) => {
          calls += 1;
          const fault = armed && armed.step === calls ? armed : null;
          if (fault?.mode === 'throws') throw new InjectedFault(`step ${calls} (${String(key)}) throws`);
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (fault?.mode === 'crashes') throw new InjectedFault(`step ${calls} (${String(key)}) crashed after its write`);
          return result;
        };
      },
    });
  const store = new Proxy(base, {
    get(target, key, receiver) {
      if (key !== 'transaction') return Reflect.get(target, key, receiver);
      return <T>(fn: (tx: PlatformStore) => Promise<T>) => {
        calls = 0;
        return target.transaction((tx) => fn(wrap(tx)));
      };
    },
  });
  return {
    store,
    arm: (step: number, mode: Mode) => (armed = { step, mode }),
    disarm: () => (armed = null),
    /** Store calls of the last transaction. */
    get calls() {
      return calls;
    },
  };
}

const record = (store: PlatformStore, callback: PlannedCallback) =>
  transact(store, (tx) => recordConversion(tx, { partner, webhookId: callback.webhookId, conversion: callback.conversion }, NOW));

/** What must come out the same: the order's state, its ledger (without ids and times), its outbox message ids (order id replaced). */
async function outcome(store: PlatformStore, orderId: string) {
  const order = (await store.orderByPartnerOrderId(partner.id, orderId))!;
  const ledger = (await store.ledgerForOrder(order.id)).map(comparable);
  const states = [];
  for (const status of ['placed', 'paid', 'delivered', 'refunded'] as const) {
    for (const refunded of [0, Math.floor(target.amount * 0.3), Math.floor(target.amount * 0.6), target.amount + 500]) {
      const id = orderUpdatedId({ ...order, status, lines: [{ ...order.lines[0]!, refunded: { amount: refunded, currency: target.currency } }] });
      if (await store.webhookMessage(id)) states.push(`${status}/${refunded}`);
    }
  }
  return { status: order.status, refunded: order.lines.map((l) => l.refunded?.amount ?? 0), ledger, messages: states };
}

interface Backend {
  name: string;
  enabled: boolean;
  open(): Promise<{ store: PlatformStore; close(): Promise<void> }>;
}

const backends: Backend[] = [
  { name: 'memory store', enabled: true, open: async () => ({ store: createMemoryStore(CATALOG), close: async () => {} }) },
  {
    name: 'SQL store on PGlite',
    enabled: true,
    open: async () => {
      const db = pgliteClient(await PGlite.create('memory://'));
      const store = await createSqlStore(db);
      await loadCatalog(db, CATALOG);
      return { store, close: () => db.close() };
    },
  },
  {
    name: 'SQL store on PostgreSQL (needs DATABASE_URL)',
    enabled: Boolean(DATABASE_URL),
    open: async () => {
      const schema = `vitrine_faults_${randomBytes(6).toString('hex')}`;
      const admin: SqlClient = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, max: 1 }));
      await admin.exec(`create schema ${schema}`);
      const db = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 4 }));
      const store = await createSqlStore(db);
      await loadCatalog(db, CATALOG);
      return {
        store,
        close: async () => {
          await db.close();
          await admin.exec(`drop schema ${schema} cascade`);
          await admin.close();
        },
      };
    },
  },
];

/** The store calls of each callback of the long life, counted once on a memory store (the domain makes the same calls on every store). */
async function countSteps(): Promise<number[]> {
  const memory = createMemoryStore(CATALOG);
  const counted = faulty(memory);
  const plan = life('S', 0);
  await memory.insertEvents([{ id: 'evt-fault-count-0000', type: 'click', at: AT, recommendationId: target.recommendationId, creatorId: target.creatorId, partnerId: target.partnerId, clickId: planClickId('S', 0) }]);
  const steps: number[] = [];
  for (const callback of plan) {
    await record(counted.store, callback);
    steps.push(counted.calls);
  }
  return steps;
}
const STEPS = await countSteps();
const FAULT_POINTS = STEPS.reduce((a, b) => a + b, 0) * MODES.length;

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`fault injection on the ${backend.name}`, () => {
    let opened: Awaited<ReturnType<Backend['open']>>;
    let orders = 0;
    /** A fresh order of the long life, its click recorded. */
    const nextOrder = async (store: PlatformStore) => {
      const n = orders++;
      const run = 'F';
      await store.insertEvents([
        { id: `evt-fault-click-${String(n).padStart(8, '0')}`, type: 'click', at: AT, recommendationId: target.recommendationId, creatorId: target.creatorId, partnerId: target.partnerId, clickId: planClickId(run, n * 3) },
      ]);
      return life(run, n);
    };

    beforeAll(async () => {
      opened = await backend.open();
    }, 60_000);
    afterAll(async () => opened?.close());

    it(`books the same ledger after a retry at each of ${FAULT_POINTS} fault points (${STEPS.length} callbacks, ${STEPS.join('+')} steps, thrown or crashed)`, async () => {
      const { store: base } = opened;
      const wrapped = faulty(base);
      // The run without faults, counting each callback's store calls.
      const plan = await nextOrder(base);
      const steps: number[] = [];
      for (const callback of plan) {
        await record(wrapped.store, callback);
        steps.push(wrapped.calls);
      }
      const expected = await outcome(base, plan[0]!.conversion.orderId);
      expect(expected.ledger.length).toBeGreaterThan(3);

      let points = 0;
      for (const [i, count] of steps.entries()) {
        for (let step = 1; step <= count; step++) {
          for (const mode of MODES) {
            const faulted = await nextOrder(base);
            for (const [j, callback] of faulted.entries()) {
              if (j === i) {
                wrapped.arm(step, mode);
                await expect(record(wrapped.store, callback)).rejects.toBeInstanceOf(InjectedFault);
                wrapped.disarm();
              }
              // The partner's retry (or the callback itself), same webhook-id.
              const again = await record(wrapped.store, callback);
              expect(again.duplicate, `callback ${j} after a fault at callback ${i}, step ${step} (${mode})`).toBe(false);
            }
            expect(await outcome(base, faulted[0]!.conversion.orderId), `fault at callback ${i}, step ${step} (${mode})`).toEqual(expected);
            points += 1;
          }
        }
      }
      // Every step of every callback, both ways; the same steps as counted on the memory store.
      expect(steps).toEqual(STEPS);
      expect(points).toBe(FAULT_POINTS);
    }, 120_000);
  });
}
