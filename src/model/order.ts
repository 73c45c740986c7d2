import * as z from 'zod/mini';
import { ClickId } from './attribution.js';
import { Id, int, list, oneOf, text, Timestamp } from './common.js';
import { Money, Price } from './money.js';

/**
 * Order states. The happy path is placed → paid → shipped → delivered; an order
 * may be cancelled before it ships and refunded after it is paid.
 */
export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export const OrderStatus = oneOf(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The statuses from which an order can move on; the others are final. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

export const OrderLine = z.object({
  /** The recommendation this line is attributed to, when the click resolved to one. */
  recommendationId: z.optional(Id),
  sku: z.optional(text(64)),
  title: text(200),
  quantity: int(1),
  /** Amount paid for the whole line (unit price × quantity, after discounts). */
  amount: Price,
  /** Amount refunded so far, for partial refunds. */
  refunded: z.optional(Price),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const OrderEvent = z.object({ status: OrderStatus, at: Timestamp });
export type OrderEvent = z.infer<typeof OrderEvent>;

export const Order = z.object({
  id: Id,
  partnerId: Id,
  /** The partner's own order number. */
  partnerOrderId: text(64),
  clickId: z.nullable(ClickId),
  creatorId: z.nullable(Id),
  status: OrderStatus,
  /** Every status the order went through, oldest first. */
  timeline: list(OrderEvent, 1),
  lines: list(OrderLine, 1),
  total: Money,
});
export type Order = z.infer<typeof Order>;

export const OrdersLookup = z.object({ orders: z.array(Order) });
export type OrdersLookup = z.infer<typeof OrdersLookup>;

/** Most click ids one orders lookup may carry. */
export const MAX_LOOKUP_CLICK_IDS = 50;
