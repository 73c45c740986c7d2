/**
 * Domain step: payouts. A payout settles a creator's approved, unpaid ledger
 * entries of one currency booked before the end of a period, and books a
 * `payout` entry of minus their sum: the creator's approved balance goes back
 * to zero and the entries, now paid, are never edited again.
 */
import type { LedgerEntry, Payout } from '../../model/commission.js';
import { randomId } from '../../internal/ids.js';
import { PlatformProblem } from '../problem.js';
import type { PlatformStore } from '../store/store.js';

/** Input of {@link runPayouts}. */
export interface PayoutRun {
  /** The end of the period (ISO 8601): entries booked strictly before it are paid. Not in the future. */
  periodEnd: string;
  /** Only this creator (default: every creator with a positive balance). */
  creatorId?: string | undefined;
}

/**
 * Pays every (creator, currency) whose approved, unpaid entries booked before
 * `periodEnd` add up to more than zero, one payout each; a sum of zero or
 * less (a clawback after an earlier payout) is carried to a later period,
 * never paid as a negative amount. Each payout's period starts where the
 * creator's previous payout in that currency ended; a `periodEnd` not after it
 * pays nothing for that creator. Run it inside `store.transaction` (payout
 * runs are serialized by `lockPayouts`, and an entry can be settled once), so
 * concurrent runs never pay an entry twice. Returns the payouts made, by
 * creator and currency.
 */
export async function runPayouts(store: PlatformStore, run: PayoutRun, now: number): Promise<Payout[]> {
  const end = Date.parse(run.periodEnd);
  if (Number.isNaN(end)) throw new PlatformProblem(400, 'invalid_input', 'periodEnd must be an ISO 8601 date-time');
  if (end > now) throw new PlatformProblem(400, 'invalid_input', 'periodEnd must not be in the future: a period is paid once it has ended');
  const periodEnd = new Date(end).toISOString();
  await store.lockPayouts();
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of await store.payableEntries(periodEnd, run.creatorId)) {
    const key = JSON.stringify([entry.creatorId, entry.amount.currency]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const payouts: Payout[] = [];
  for (const entries of groups.values()) {
    const { creatorId, amount: { currency } } = entries[0]!;
    const amount = entries.reduce((sum, entry) => sum + entry.amount.amount, 0);
    if (amount <= 0) continue;
    const previous = await store.latestPayout(creatorId, currency);
    if (previous && Date.parse(previous.periodEnd) >= end) continue;
    const payout: Payout = {
      id: randomId(16, 'pay_'),
      creatorId,
      amount: { amount, currency },
      periodStart: previous?.periodEnd ?? null,
      periodEnd,
      createdAt: new Date(now).toISOString(),
    };
    await store.recordPayout(payout, entries.map((entry) => entry.id));
    payouts.push(payout);
  }
  // Paid money shows in the creators' live stats.
  await store.recordChanges([...new Set(payouts.map((payout) => payout.creatorId))].map((key) => ({ topic: 'stats' as const, key })));
  return payouts;
}
