/**
 * The order status state machine (`ORDER_TRANSITIONS` in the model):
 * placed → paid → shipped → delivered, cancelled before shipping, refunded after payment.
 */
import { VitrineError } from '../errors.js';
import { ORDER_TRANSITIONS, type Order, type OrderStatus } from '../model/order.js';

/** True when `to` is a direct next status of `from`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/**
 * The statuses an order passes through to get from `from` to `to` (shortest
 * path, happy path first, `to` included, `from` excluded): `[]` when they are
 * equal, `null` when `to` cannot be reached. E.g. placed → shipped gives
 * `['paid', 'shipped']`; placed → refunded gives `['paid', 'refunded']`.
 */
export function transitionPath(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  const queue: OrderStatus[][] = [[]];
  const seen = new Set<OrderStatus>([from]);
  for (let path = queue.shift(); path; path = queue.shift()) {
    if ((path.at(-1) ?? from) === to) return path;
    for (const next of ORDER_TRANSITIONS[path.at(-1) ?? from]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return null;
}

/**
 * Moves an order to `status` at `at` (ISO 8601) and returns a new order with
 * the timeline appended; the input is never mutated.
 *
 * Out-of-order and repeated callbacks are expected from partners, so:
 * - a status the order already went through (the current one, or an earlier
 *   one arriving late, e.g. `paid` after `shipped`) is a no-op that returns the
 *   same order object (idempotent);
 * - a status reachable only through intermediate states (`shipped` arriving
 *   before `paid`) is accepted, and the skipped states are filled into the
 *   timeline with the same `at`;
 * - anything else (e.g. `shipped` after `cancelled`) throws `VitrineError`
 *   code `invalid_transition`.
 */
export function applyStatus(order: Order, status: OrderStatus, at: string): Order {
  if (order.status === status || order.timeline.some((event) => event.status === status)) return order;
  const path = transitionPath(order.status, status);
  if (!path) {
    throw new VitrineError('invalid_transition', `Order ${order.id} cannot move from ${order.status} to ${status}`);
  }
  return { ...order, status, timeline: [...order.timeline, ...path.map((step) => ({ status: step, at }))] };
}
