import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../errors.js';
import { ORDER_STATUSES, ORDER_TRANSITIONS, Order, type OrderStatus } from '../model/order.js';
import { applyStatus, canTransition, transitionPath } from './orders.js';

const T0 = '2026-11-22T03:00:00Z';
const T1 = '2026-11-23T03:00:00Z';

function order(status: OrderStatus = 'placed'): Order {
  return {
    id: 'o1',
    partnerId: 'shop',
    partnerOrderId: 'A-1',
    clickId: null,
    creatorId: null,
    status,
    timeline: [{ status, at: T0 }],
    lines: [{ title: 'Tea', quantity: 1, amount: { amount: 100, currency: 'CNY' } }],
    total: { amount: 100, currency: 'CNY' },
  };
}

describe('canTransition', () => {
  it('follows ORDER_TRANSITIONS exactly', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        expect(canTransition(from, to)).toBe(ORDER_TRANSITIONS[from].includes(to));
      }
    }
    expect(canTransition('placed', 'paid')).toBe(true);
    expect(canTransition('placed', 'shipped')).toBe(false);
    expect(canTransition('cancelled', 'paid')).toBe(false);
  });
});

describe('transitionPath', () => {
  it('finds the shortest path, happy path first', () => {
    expect(transitionPath('placed', 'placed')).toEqual([]);
    expect(transitionPath('placed', 'paid')).toEqual(['paid']);
    expect(transitionPath('placed', 'delivered')).toEqual(['paid', 'shipped', 'delivered']);
    expect(transitionPath('placed', 'refunded')).toEqual(['paid', 'refunded']);
    expect(transitionPath('shipped', 'refunded')).toEqual(['refunded']);
  });

  it('returns null for unreachable statuses', () => {
    expect(transitionPath('shipped', 'cancelled')).toBeNull();
    expect(transitionPath('delivered', 'paid')).toBeNull();
    expect(transitionPath('refunded', 'delivered')).toBeNull();
  });
});

describe('applyStatus', () => {
  it('returns a new order with the event appended, leaving the input untouched', () => {
    const placed = order();
    const paid = applyStatus(placed, 'paid', T1);
    expect(paid).not.toBe(placed);
    expect(paid.status).toBe('paid');
    expect(paid.timeline).toEqual([
      { status: 'placed', at: T0 },
      { status: 'paid', at: T1 },
    ]);
    expect(placed.status).toBe('placed');
    expect(placed.timeline).toHaveLength(1);
    expect(Order.safeParse(paid).success).toBe(true);
  });

  it('is idempotent: the same status again returns the same object', () => {
    const paid = applyStatus(order(), 'paid', T0);
    expect(applyStatus(paid, 'paid', T1)).toBe(paid);
  });

  it('ignores a status the order already went through (late delivery)', () => {
    const shipped = applyStatus(applyStatus(order(), 'paid', T0), 'shipped', T1);
    expect(applyStatus(shipped, 'paid', T1)).toBe(shipped);
    expect(applyStatus(shipped, 'placed', T1)).toBe(shipped);
  });

  it('fills in intermediate states for an early callback', () => {
    const shipped = applyStatus(order(), 'shipped', T1);
    expect(shipped.status).toBe('shipped');
    expect(shipped.timeline).toEqual([
      { status: 'placed', at: T0 },
      { status: 'paid', at: T1 },
      { status: 'shipped', at: T1 },
    ]);
    // the filled-in 'paid' arriving afterwards is then a no-op
    expect(applyStatus(shipped, 'paid', T1)).toBe(shipped);
  });

  it('throws invalid_transition for impossible moves', () => {
    const cases: Array<[OrderStatus, OrderStatus]> = [
      ['cancelled', 'paid'],
      ['refunded', 'delivered'],
      ['shipped', 'cancelled'],
      ['delivered', 'cancelled'],
    ];
    for (const [from, to] of cases) {
      let error: unknown;
      try {
        applyStatus(order(from), to, T1);
      } catch (e) {
        error = e;
      }
      expect(isVitrineError(error, 'invalid_transition')).toBe(true);
    }
  });
});
