/**
 * The webhooks a platform sends partners, as the partner receives them: a
 * Standard Webhooks `type` / `timestamp` / `data` envelope, signed with the
 * partner's secret (check it with `verify` before parsing the body).
 */
import type { Commission, LedgerEntry } from '../model/commission.js';
import type { Order } from '../model/order.js';

/**
 * The body of `order.updated`, sent after the platform recorded a conversion
 * callback: what it made of the order (status timeline, attribution) and the
 * order's commission records.
 */
export interface OrderUpdatedWebhook {
  type: 'order.updated';
  /** When the message was created (ISO 8601). Keep the newest per order: deliveries may arrive out of order. */
  timestamp: string;
  data: {
    /** The order as the platform recorded it: status timeline, attribution (`creatorId`, per-line `recommendationId`). */
    order: Order;
    /** What each attributed line's commission comes to (sum and state of its ledger entries): one creator per line, single level. */
    commissions: Commission[];
    /** The order's ledger entries, in booking order: accruals, approvals, reversals, adjustments (append-only). */
    ledger: LedgerEntry[];
  };
}
