/**
 * Concurrency on PostgreSQL (PGlite runs one statement at a time and hides
 * races, so this needs DATABASE_URL): 50 orders, each hit by a burst of
 * conflicting callbacks all at once (concurrent first callbacks, delivery and
 * two cumulative refunds racing, the same message delivered twice at once),
 * through the platform handler over a pool of 10 connections. Every answer
 * is 200 or 409 (never a 5xx); each order's ledger then holds exactly what
 * the serial run books.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, planClickId, planTarget, type PlannedCallback, type PlanTarget } from '../../../test/helpers/callbacks.ts';
import type { Conversion } from '../../model/conversion.js';
import { signHeaders } from '../../server/webhooks.js';
import { conformanceCatalog } from '../../testing/store-conformance.js';
import { createPlatform, type Platform } from '../platform.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { pgPoolClient, type SqlClient } from './client.js';
import { createSqlStore, loadCatalog } from './store.js';
import { DATABASE_URL, noteIfNoDatabase } from '../../../test/helpers/database.ts';

noteIfNoDatabase('the concurrency suite');
const ORDERS = 50;
const CATALOG = conformanceCatalog();
const target: PlanTarget = planTarget(CATALOG);
const at = new Date().toISOString();

/** The burst one order gets, all at once; its outcome does not depend on the arrival order. */
function burst(n: number): PlannedCallback[] {
  const orderId = `C-${n}`;
  const step = (status: Conversion['status'], refunded?: number): Conversion => ({
    type: 'order.status',
    orderId,
    status,
    clickId: planClickId('C', n),
    occurredAt: at,
    currency: target.currency,
    lines: [
      { sku: target.sku, title: 'Item', quantity: 1, amount: target.amount, ...(refunded !== undefined && { refundedAmount: refunded }) },
      { sku: 'EXTRA', title: 'Gift wrap', quantity: 1, amount: 500, ...(refunded !== undefined && { refundedAmount: 0 }) },
    ],
  });
  const callbacks: Array<[string, Conversion]> = [
    ['paid-a', step('paid')],
    ['paid-b', step('paid')],
    ['paid-c', step('paid')],
    ['delivered-a', step('delivered')],
    ['delivered-b', step('delivered')],
    ['refund30', step('refunded', Math.floor(target.amount * 0.3))],
    ['refund30', step('refunded', Math.floor(target.amount * 0.3))], // the same message, delivered twice at once
    ['refund60-a', step('refunded', Math.floor(target.amount * 0.6))],
    ['refund60-b', step('refunded', Math.floor(target.amount * 0.6))],
  ];
  return callbacks.map(([name, conversion]) => ({ webhookId: `msg_${orderId}_${name}`, conversion }));
}
const PER_ORDER = burst(0).length;

async function post(platform: Platform, callback: PlannedCallback): Promise<number> {
  const body = JSON.stringify(callback.conversion);
  const headers = await signHeaders({ body, secret: target.secret, id: callback.webhookId });
  const response = await platform.fetch(
    new Request(`https://api.test/v1/partner/conversions?partner=${target.partnerId}`, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } }),
  );
  await response.body?.cancel();
  return response.status;
}

const clicks = Array.from({ length: ORDERS }, (_, n) => ({
  id: `evt-conc-click-${String(n).padStart(8, '0')}`,
  type: 'click' as const,
  at,
  recommendationId: target.recommendationId,
  creatorId: target.creatorId,
  partnerId: target.partnerId,
  clickId: planClickId('C', n),
}));

describe.skipIf(!DATABASE_URL)(`concurrency on PostgreSQL: ${ORDERS} orders × ${PER_ORDER} conflicting callbacks at once (needs DATABASE_URL)`, () => {
  let db: SqlClient;
  let admin: SqlClient;
  let schema: string;
  let store: PlatformStore;

  beforeAll(async () => {
    schema = `vitrine_conc_${randomBytes(6).toString('hex')}`;
    admin = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, max: 1 }));
    await admin.exec(`create schema ${schema}`);
    db = pgPoolClient(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 10 }));
    store = await createSqlStore(db);
    await loadCatalog(db, CATALOG);
    await store.insertEvents(clicks);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await admin?.exec(`drop schema ${schema} cascade`);
    await admin?.close();
  });

  it('answers every callback 200 or 409, never 5xx, and books exactly the serial ledger', async () => {
    const platform = createPlatform({ store });
    const all = Array.from({ length: ORDERS }, (_, n) => burst(n)).flat();
    const statuses = await Promise.all(all.map((callback) => post(platform, callback)));
    const counts = statuses.reduce<Record<number, number>>((sum, status) => ({ ...sum, [status]: (sum[status] ?? 0) + 1 }), {});
    expect(Object.keys(counts).filter((status) => status !== '200' && status !== '409')).toEqual([]);

    // The serial run: the same callbacks one at a time, in plan order, on a memory store.
    const serialStore = createMemoryStore(CATALOG);
    await serialStore.insertEvents(clicks);
    const serial = createPlatform({ store: serialStore });
    for (const callback of all) expect(await post(serial, callback)).toBe(200);

    const { rows } = await db.query<{ n: number }>('select count(*)::integer as n from orders');
    expect(rows[0]!.n).toBe(ORDERS);
    const balances = (entries: Awaited<ReturnType<PlatformStore['ledgerForOrder']>>) => {
      const sums: Record<string, number> = {};
      for (const [line, , balance, amount, creator] of entries.map(comparable)) sums[`${line}/${balance}/${creator}`] = (sums[`${line}/${balance}/${creator}`] ?? 0) + amount;
      // A balance that came to zero (pending, once approved) depends on the arrival order; what is left does not.
      return Object.fromEntries(Object.entries(sums).filter(([, amount]) => amount !== 0));
    };
    for (let n = 0; n < ORDERS; n++) {
      const order = (await store.orderByPartnerOrderId(target.partnerId, `C-${n}`))!;
      const expected = (await serialStore.orderByPartnerOrderId(target.partnerId, `C-${n}`))!;
      expect({ status: order.status, lines: order.lines }).toEqual({ status: expected.status, lines: expected.lines });
      const ledger = await store.ledgerForOrder(order.id);
      expect(balances(ledger)).toEqual(balances(await serialStore.ledgerForOrder(expected.id)));
      // One accrual per attributed line, one creator per line.
      expect(ledger.filter((entry) => entry.kind === 'accrual')).toHaveLength(1);
      expect(new Set(ledger.map((entry) => entry.creatorId))).toEqual(new Set([target.creatorId]));
    }
    // Each message (webhook-id) was recorded once.
    const { rows: receipts } = await db.query<{ n: number }>('select count(*)::integer as n from conversion_receipts');
    expect(receipts[0]!.n).toBe(ORDERS * (PER_ORDER - 1) - (counts[409] ?? 0));
  }, 120_000);
});
