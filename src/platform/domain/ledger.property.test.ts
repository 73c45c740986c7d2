/**
 * Properties of the money path over random callback sequences (fast-check):
 * duplicates (a redelivered webhook-id, a repeated status), reorders (any
 * status in any order, most refused), cumulative partial refunds, and payouts
 * in between, through recordConversion and runPayouts in transactions on the
 * memory store. After every step:
 * - no creator's balance is negative before their first payout, and no line's pending balance ever is;
 * - no entry is paid twice: each settled entry is in exactly one statement;
 * - exactly one creator per order line;
 * - each statement's entries add up to its payout, and its payout entry is minus that;
 * - each line's entries add up to what the line earns in the order's state (`lineTarget`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../model/commission.js';
import { ORDER_STATUSES, type OrderStatus } from '../../model/order.js';
import { lineTarget } from '../../server/commission.js';
import { catalog, fixtures } from '../../testing/fixtures.js';
import { parseCatalog } from '../catalog.js';
import { PlatformProblem } from '../problem.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { transact } from '../store/transact.js';
import { recordConversion } from './conversions.js';
import { runPayouts } from './payouts.js';

const GADGETBAY = fixtures.partner('partner-gadgetbay');
const START = Date.parse('2026-11-20T08:00:00Z');
const HOUR = 3_600_000;
const ORDERS = ['PB-1', 'PB-2'];
const click = (order: number) => `PropClick${String(order).padStart(13, '0')}`;
/** Earbuds (Lin's recommendation, by a checkout event) and a charger (Sam's, the click). */
const LINES = [
  { sku: 'GB-AERO-PRO', title: 'Aero Buds Pro', quantity: 1, amount: 12_999 },
  { sku: 'GB-VOLT-65', title: 'Volt 65W', quantity: 1, amount: 3_999 },
];
/** Sequences per run (150 in CI, about 1 s); `PROPERTY_RUNS=3000` for a deeper local run (about 20 s). */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

const command = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('callback' as const),
      order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      status: fc.constantFrom(...ORDER_STATUSES),
      // Cumulative refunds reported per line (0 … all), or none.
      refunds: fc.option(fc.tuple(fc.integer({ min: 0, max: LINES[0]!.amount }), fc.integer({ min: 0, max: LINES[1]!.amount }))),
      // A small pool of webhook-ids: the same id comes back (redelivery), sometimes with another body.
      webhook: fc.integer({ min: 0, max: 12 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('payout' as const), creator: fc.constantFrom('creator-lin', 'creator-sam', undefined) }) },
);

async function everything(store: PlatformStore): Promise<{ entries: LedgerEntry[]; statements: Awaited<ReturnType<PlatformStore['payoutStatement']>>[] }> {
  const entries: LedgerEntry[] = [];
  for (const orderId of ORDERS) {
    const order = await store.orderByPartnerOrderId(GADGETBAY.id, orderId);
    if (order) entries.push(...(await store.ledgerForOrder(order.id)));
  }
  const statements = [];
  for (const creator of ['creator-lin', 'creator-sam']) {
    for (const payout of await store.payoutsOf(creator)) statements.push(await store.payoutStatement(payout.id));
  }
  return { entries, statements };
}

describe('the ledger under random callback sequences', () => {
  it(`keeps its invariants over ${RUNS} random sequences of callbacks, duplicates, reorders, partial refunds and payouts`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const store = createMemoryStore(parseCatalog(catalog, 'fixtures'));
        let now = START;
        const paidOnce = new Set<string>();
        /** The model: per order, the largest refund per line of the callbacks that changed something. */
        const refunds = ORDERS.map(() => LINES.map(() => 0));
        await store.insertEvents(
          ORDERS.flatMap((_, i) => [
            { id: `evt-prop-click-${i}-000000`, type: 'click' as const, at: new Date(now).toISOString(), recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY.id, clickId: click(i) },
            { id: `evt-prop-chk-${i}-0000000`, type: 'checkout' as const, at: new Date(now).toISOString(), recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin', partnerId: GADGETBAY.id, clickId: click(i), sku: 'GB-AERO-PRO' },
          ]),
        );
        for (const step of commands) {
          now += HOUR;
          try {
            if (step.kind === 'callback') {
              const conversion = {
                type: 'order.status' as const,
                orderId: ORDERS[step.order]!,
                status: step.status as OrderStatus,
                clickId: click(step.order),
                occurredAt: new Date(now).toISOString(),
                currency: 'USD',
                lines: LINES.map((line, i) => (step.refunds ? { ...line, refundedAmount: step.refunds[i]! } : line)),
              };
              const result = await transact(store, (tx) => recordConversion(tx, { partner: GADGETBAY, webhookId: `msg_${step.webhook}`, conversion }, now));
              if (!result.duplicate && step.status !== 'cancelled') {
                // Cumulative: the largest total wins; a refunded callback without amounts refunds every line in full.
                LINES.forEach((line, i) => {
                  const reported = step.refunds ? step.refunds[i]! : step.status === 'refunded' ? line.amount : 0;
                  refunds[step.order]![i] = Math.max(refunds[step.order]![i]!, reported);
                });
              }
            } else {
              const payouts = await transact(store, (tx) => runPayouts(tx, { periodEnd: new Date(now).toISOString(), creatorId: step.creator }, now));
              for (const payout of payouts) paidOnce.add(payout.creatorId);
            }
          } catch (error) {
            // Refused callbacks (impossible moves, refunds before payment) change nothing; anything else is a bug.
            if (!(error instanceof PlatformProblem) && (error as { code?: string }).code !== 'invalid_transition') throw error;
          }

          const { entries, statements } = await everything(store);
          const sum = (list: LedgerEntry[]) => list.reduce((total, entry) => total + entry.amount.amount, 0);
          for (const creator of ['creator-lin', 'creator-sam']) {
            const mine = entries.filter((entry) => entry.creatorId === creator);
            if (!paidOnce.has(creator)) expect(sum(mine), `${creator}'s balance before any payout`).toBeGreaterThanOrEqual(0);
          }
          const lines = new Map<string, LedgerEntry[]>();
          for (const entry of entries) lines.set(`${entry.orderId}/${entry.lineIndex}`, [...(lines.get(`${entry.orderId}/${entry.lineIndex}`) ?? []), entry]);
          for (const [key, mine] of lines) {
            expect(new Set(mine.map((entry) => entry.creatorId)).size, `one creator on ${key}`).toBe(1);
            expect(sum(mine.filter((entry) => entry.balance === 'pending'))).toBeGreaterThanOrEqual(0);
          }
          const settled = new Map<string, number>();
          for (const statement of statements) {
            expect(sum(statement!.entries)).toBe(statement!.payout.amount.amount);
            expect(statement!.payout.amount.amount).toBeGreaterThan(0);
            for (const entry of statement!.entries) settled.set(entry.id, (settled.get(entry.id) ?? 0) + 1);
          }
          expect([...settled.values()].every((count) => count === 1)).toBe(true);
          expect(entries.filter((entry) => entry.payoutId !== null).map((entry) => entry.id).sort()).toEqual([...settled.keys()].sort());
          for (const orderId of ORDERS) {
            const order = await store.orderByPartnerOrderId(GADGETBAY.id, orderId);
            if (!order) continue;
            expect(order.lines.map((line) => line.refunded?.amount ?? 0), `${orderId}'s refunds`).toEqual(refunds[ORDERS.indexOf(orderId)]);
            order.lines.forEach((line, i) => {
              const mine = lines.get(`${order.id}/${i}`) ?? [];
              const rate = mine.find((entry) => entry.kind === 'accrual')?.rateBps ?? GADGETBAY.commissionRateBps;
              expect(sum(mine)).toBe(lineTarget({ amount: line.amount, creatorId: 'x', recommendationId: null, refunded: line.refunded }, rate, order.status).amount);
            });
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
