import * as z from 'zod/mini';
import { ClickId } from './attribution.js';
import { int, list, Timestamp, text } from './common.js';
import { CurrencyCode } from './money.js';
import { OrderStatus } from './order.js';

/**
 * The body of a partner → platform conversion callback
 * (`POST /v1/partner/conversions`, Standard Webhooks signed). The partner sends
 * one per change of the order (a status, a refund), each describing the whole
 * order; its `webhook-id` makes it idempotent. The currency and the lines are
 * fixed by the order's first callback; only `refundedAmount` moves.
 */
export const ConversionLine = z.object({
  sku: z.optional(text(64)),
  title: text(200),
  quantity: int(1, 9999),
  /** Paid for the whole line, in minor units of `currency`. */
  amount: int(0),
  /**
   * How much of this line was refunded SO FAR, in minor units: cumulative (the
   * total of every refund of the line), never the amount of the latest refund,
   * so that retried and reordered callbacks count each refund once. At most
   * `amount`. On a `refunded` callback, a line without it is refunded in full.
   */
  refundedAmount: z.optional(int(0)),
});
export type ConversionLine = z.infer<typeof ConversionLine>;

export const Conversion = z.object({
  type: z.literal('order.status'),
  orderId: text(64),
  status: OrderStatus,
  /** The `vt_click` parameter the partner kept from the decorated link; absent if none. */
  clickId: z.optional(z.nullable(ClickId)),
  occurredAt: Timestamp,
  currency: CurrencyCode,
  lines: list(ConversionLine, 1, 200),
});
export type Conversion = z.infer<typeof Conversion>;
