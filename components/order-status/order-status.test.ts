// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClickId, createEventId } from '../../src/attribution/ids.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { formatDateTime, formatMoney } from '../../src/i18n/index.js';
import type { Conversion } from '../../src/model/conversion.js';
import type { Order, OrderStatus } from '../../src/model/order.js';
import { signHeaders } from '../../src/server/webhooks.js';
import { createTestPlatform, fixtures, type TestPlatform } from '../../src/testing/index.js';
import { expectLogged, part, parts, recordEventSources, settle, stubVisibility, text } from '../../test/helpers/dom.js';
import { configure } from '../shared/config.js';
import './define.js';
import { timelineSteps, type VitrineOrderStatus } from './order-status.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';

const api = 'https://api.vitrine.test';
const server = setupServer();
let platform: TestPlatform;
let client: Vitrine;
let lookups = 0;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  lookups = 0;
  platform = createTestPlatform();
  server.resetHandlers(...platform.handlers);
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/v1/orders/lookup') lookups += 1;
  });
  client = configure({ api, storage: null, locale: 'en' });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
  server.events.removeAllListeners();
});
afterAll(() => server.close());

const HAPPY: OrderStatus[] = ['placed', 'paid', 'shipped', 'delivered'];
const day = (n: number) => `2025-03-0${n}T08:30:00.000Z`;

/** An order that went through `path` (one day per step), attributed to a fresh click id. */
function makeOrder(path: OrderStatus[], fields: Partial<Order> = {}): Order {
  return {
    id: `ord_${Math.random().toString(36).slice(2, 14)}`,
    partnerId: 'partner-hanfang',
    partnerOrderId: 'HF-1001',
    clickId: createClickId(),
    creatorId: 'creator-lin',
    status: path.at(-1)!,
    timeline: path.map((status, index) => ({ status, at: day(index + 1) })),
    lines: [
      { title: 'Serum', quantity: 2, amount: { amount: 25800, currency: 'CNY' } },
      { title: 'Sunscreen', quantity: 1, amount: { amount: 9900, currency: 'CNY' } },
    ],
    total: { amount: 35700, currency: 'CNY' },
    ...fields,
  };
}

/** Stores `order` in the platform and its click id in this browser's click log. */
async function seed(order: Order): Promise<Order> {
  await platform.store.saveOrder(order);
  if (order.clickId) client.clicks.add(order.clickId, { partnerId: order.partnerId, recommendationId: 'rec-lin-serum' });
  return order;
}

async function mount(attributes = ''): Promise<VitrineOrderStatus> {
  document.body.innerHTML = `<vitrine-order-status api="${api}" locale="en" ${attributes}></vitrine-order-status>`;
  const element = document.querySelector('vitrine-order-status')!;
  await element.updateComplete;
  return element;
}

const live = (element: VitrineOrderStatus) => text(element.shadowRoot!.querySelector('[aria-live="polite"]')!);

async function loaded(element: VitrineOrderStatus) {
  await vi.waitFor(() => expect(part(element, 'order') ?? part(element, 'empty') ?? part(element, 'error')).toBeDefined());
  await element.updateComplete;
}




describe('timelineSteps', () => {
  it.each(HAPPY.map((status, index) => [status, index] as const))('%s: earlier steps done, it current, later upcoming', (_status, index) => {
    const steps = timelineSteps(makeOrder(HAPPY.slice(0, index + 1)));
    expect(steps.map((step) => step.status)).toEqual(HAPPY);
    expect(steps.map((step) => step.state)).toEqual(HAPPY.map((_, i) => (i < index ? 'done' : i === index ? 'current' : 'upcoming')));
    expect(steps.map((step) => step.at)).toEqual(HAPPY.map((_, i) => (i <= index ? day(i + 1) : undefined)));
  });

  it('cancelled: the reached steps, then the terminal state, nothing after', () => {
    const steps = timelineSteps(makeOrder(['placed', 'paid', 'cancelled']));
    expect(steps).toEqual([
      { status: 'placed', at: day(1), state: 'done' },
      { status: 'paid', at: day(2), state: 'done' },
      { status: 'cancelled', at: day(3), state: 'current' },
    ]);
  });

  it('refunded after delivery keeps every reached step', () => {
    const steps = timelineSteps(makeOrder([...HAPPY, 'refunded']));
    expect(steps.map((step) => [step.status, step.state])).toEqual([
      ['placed', 'done'],
      ['paid', 'done'],
      ['shipped', 'done'],
      ['delivered', 'done'],
      ['refunded', 'current'],
    ]);
    expect(steps.at(-1)?.at).toBe(day(5));
  });

  it('a timeline with gaps still marks the steps before the current one as reached (without a date)', () => {
    const steps = timelineSteps(makeOrder(['placed'], { status: 'shipped', timeline: [{ status: 'placed', at: day(1) }, { status: 'shipped', at: day(3) }] }));
    expect(steps.map((step) => [step.state, step.at])).toEqual([
      ['done', day(1)],
      ['done', undefined],
      ['current', day(3)],
      ['upcoming', undefined],
    ]);
  });
});

describe('<vitrine-order-status>', () => {
  it('shows a skeleton, then each order with partner, number, lines, total, status and timeline', async () => {
    const order = await seed(makeOrder(['placed', 'paid', 'shipped']));
    const element = await mount();
    expect(part(element, 'skeleton')?.getAttribute('aria-busy')).toBe('true');
    await loaded(element);

    const card = part(element, 'order')!;
    expect(text(card.querySelector('h3')!)).toBe(`${fixtures.partner('partner-hanfang').name} Order HF-1001`);
    expect(text(card)).toContain(`Serum × 2 ${formatMoney({ amount: 25800, currency: 'CNY' }, 'en')}`);
    expect(text(card)).toContain('Sunscreen × 1');
    expect(text(part(element, 'total'))).toBe(`Total ${formatMoney(order.total, 'en')}`);
    expect(text(part(element, 'status'))).toBe('Shipped');

    const timeline = part(element, 'timeline')!;
    expect(timeline.localName).toBe('ol');
    expect(timeline.getAttribute('aria-label')).toBe('Order progress');
    const steps = parts(element, 'step');
    expect(steps.map((step) => step.dataset['state'])).toEqual(['done', 'done', 'current', 'upcoming']);
    expect(steps.map((step) => step.getAttribute('aria-current'))).toEqual([null, null, 'step', null]);
    expect(text(steps[0])).toBe(`Placed ${formatDateTime(day(1), 'en')}`);
    expect(steps[2]!.querySelector('time')?.getAttribute('datetime')).toBe(day(3));
    expect(text(steps[3])).toBe('Delivered not reached yet');
    expect(element.orders?.map((o) => o.id)).toEqual([order.id]);
  });

  it('shows a cancelled order as its terminal state with its date instead of the remaining steps', async () => {
    await seed(makeOrder(['placed', 'cancelled']));
    const element = await mount();
    await loaded(element);
    const steps = parts(element, 'step');
    expect(steps.map((step) => step.dataset['status'])).toEqual(['placed', 'cancelled']);
    expect(steps[1]!.getAttribute('aria-current')).toBe('step');
    expect(text(steps[1])).toBe(`Cancelled ${formatDateTime(day(2), 'en')}`);
    expect(text(part(element, 'status'))).toBe('Cancelled');
  });

  it('shows a refunded order after delivery, and formats dates in the element locale', async () => {
    await seed(makeOrder([...HAPPY, 'refunded']));
    const element = await mount();
    element.locale = 'zh-CN';
    await loaded(element);
    const steps = parts(element, 'step');
    expect(steps.map((step) => step.dataset['status'])).toEqual([...HAPPY, 'refunded']);
    expect(steps.map((step) => step.dataset['state'])).toEqual(['done', 'done', 'done', 'done', 'current']);
    expect(text(steps[4])).toBe(`已退款 ${formatDateTime(day(5), 'zh-CN')}`);
    expect(text(part(element, 'status'))).toBe('已退款');
  });

  it('lists newest orders first and falls back to the partner id for an unknown partner', async () => {
    await seed(makeOrder(['placed'], { partnerOrderId: 'OLD-1', timeline: [{ status: 'placed', at: day(1) }] }));
    await seed(makeOrder(['placed'], { partnerOrderId: 'NEW-2', partnerId: 'partner-gone', timeline: [{ status: 'placed', at: day(5) }] }));
    const element = await mount();
    await loaded(element);
    const titles = parts(element, 'order').map((order) => text(order.querySelector('h3')!));
    expect(titles).toEqual(['partner-gone Order NEW-2', `${fixtures.partner('partner-hanfang').name} Order OLD-1`]);
  });

  it('shows the empty state without a request when this browser has no clicks', async () => {
    const element = await mount();
    await loaded(element);
    expect(text(part(element, 'empty'))).toBe('No orders yet');
    expect(lookups).toBe(0);
  });

  it('renders hostile strings as text', async () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1">';
    await seed(makeOrder(['placed'], { partnerOrderId: hostile, lines: [{ title: hostile, quantity: 1, amount: { amount: 1, currency: 'CNY' } }] }));
    const element = await mount();
    await loaded(element);
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    expect(text(part(element, 'order'))).toContain(`${hostile} × 1`);
    expect(text(part(element, 'order')!.querySelector('h3')!)).toContain(`Order ${hostile}`);
  });

  it('shows an error state with retry when the first load fails, and fires vitrine-error', async () => {
    await seed(makeOrder(['placed']));
    server.use(http.post(`${api}/v1/orders/lookup`, () => HttpResponse.json({ title: 'boom' }, { status: 500 }), { once: true }));
    const errors: string[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(`${event.detail.action}:${event.detail.error.code}`), { once: true });
    const element = await mount();
    await loaded(element);
    expect(text(part(element, 'error'))).toContain('Your orders could not be loaded.');
    expect(errors).toEqual(['load-orders:http']);
    await expectLogged(/orders\/lookup 500/, 1);
    part(element, 'retry')!.click();
    await vi.waitFor(() => expect(part(element, 'order')).toBeDefined());
  });

  it('keeps the last orders and shows a notice when a background refresh fails', async () => {
    await seed(makeOrder(['placed']));
    const element = await mount();
    await loaded(element);
    server.use(http.post(`${api}/v1/orders/lookup`, () => HttpResponse.json({ title: 'boom' }, { status: 503 }), { once: true }));
    await element.refresh();
    await element.updateComplete;
    expect(part(element, 'order')).toBeDefined();
    expect(part(element, 'error')).toBeUndefined();
    expect(text(part(element, 'notice'))).toContain('Could not refresh; showing the last data.');
    expect(live(element)).toBe('Could not refresh; showing the last data.');
    await expectLogged(/orders\/lookup 503/, 1);
    part(element, 'notice')!.querySelector('button')!.click();
    await vi.waitFor(() => expect(part(element, 'notice')).toBeUndefined());
  });

  it('shows a configuration error for an invalid api', async () => {
    const errors: string[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event.detail.error.code), { once: true });
    document.body.innerHTML = '<vitrine-order-status api="http://insecure.example" locale="en"></vitrine-order-status>';
    const element = document.querySelector('vitrine-order-status')!;
    await loaded(element);
    expect(text(part(element, 'error'))).toContain('This can’t be shown right now.');
    expect(errors).toEqual(['config']);
    expect(takeConsoleOutput(/api-not-https/)).toEqual([
      expect.stringContaining('[vitrine] api-not-https: The API address "http://insecure.example" (from the api attribute of <vitrine-order-status>) uses http: on a host that is not this computer.'),
    ]);
  });

  it('follows an order through the platform flow and announces status changes', async () => {
    // A click (as the card records it), then signed conversion callbacks from the partner.
    const clickId = createClickId();
    const partnerId = 'partner-hanfang';
    const events = await platform.platform.fetch(
      new Request(`${api}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({
          events: [{ id: createEventId(), type: 'click', at: new Date().toISOString(), recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId, clickId }],
        }),
      }),
    );
    expect(events.ok).toBe(true);
    client.clicks.add(clickId, { partnerId, recommendationId: 'rec-lin-serum' });
    const convert = async (status: OrderStatus) => {
      const conversion: Conversion = {
        type: 'order.status',
        orderId: 'HF-77',
        status,
        clickId,
        occurredAt: new Date().toISOString(),
        currency: 'CNY',
        lines: [{ title: 'Serum', quantity: 1, amount: 12900 }],
      };
      const body = JSON.stringify(conversion);
      const headers = await signHeaders({ body, secret: fixtures.webhookSecret(partnerId) });
      const response = await platform.platform.fetch(
        new Request(`${api}/v1/partner/conversions?partner=${partnerId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }),
      );
      expect(response.status).toBe(200);
    };

    await convert('paid');
    const element = await mount();
    await loaded(element);
    expect(text(part(element, 'status'))).toBe('Paid');
    expect(live(element)).toBe('');

    await convert('shipped');
    await element.refresh();
    await element.updateComplete;
    expect(text(part(element, 'status'))).toBe('Shipped');
    expect(live(element)).toBe('Order HF-77: Shipped');
  });

  describe('live refresh', () => {
    it('refreshes every interval while visible, pauses while hidden, refreshes at once when visible again, stops on disconnect', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      await seed(makeOrder(['placed']));
      const element = await mount();
      await settle(element);
      expect(part(element, 'order')).toBeDefined();
      expect(lookups).toBe(1);

      await vi.advanceTimersByTimeAsync(14_999);
      expect(lookups).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle(element);
      expect(lookups).toBe(2);
      await vi.advanceTimersByTimeAsync(15_000);
      await settle(element);
      expect(lookups).toBe(3);

      stubVisibility('hidden');
      await vi.advanceTimersByTimeAsync(60_000);
      await settle(element);
      expect(lookups).toBe(3);

      stubVisibility('visible');
      await settle(element);
      expect(lookups).toBe(4);
      await vi.advanceTimersByTimeAsync(15_000);
      await settle(element);
      expect(lookups).toBe(5);

      element.remove();
      await vi.advanceTimersByTimeAsync(60_000);
      await settle(element);
      expect(lookups).toBe(5);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('uses the interval attribute with a 5000 ms minimum, one timer per element', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      await seed(makeOrder(['placed']));
      const element = await mount('interval="1000"');
      await settle(element);
      expect(lookups).toBe(1);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(lookups).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle(element);
      expect(lookups).toBe(2);

      element.interval = 30_000;
      await element.updateComplete;
      await vi.advanceTimersByTimeAsync(29_999);
      expect(lookups).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      await settle(element);
      expect(lookups).toBe(3);
      expect(vi.getTimerCount()).toBe(1);
    });

    it('opens its stream with the click ids, and reopens it when this page records a new click; not once removed', async () => {
      const opened = recordEventSources();
      try {
        const first = await seed(makeOrder(['placed']));
        const element = await mount();
        await loaded(element);
        await vi.waitFor(() => expect(opened).toHaveLength(1));
        const ids = (n: number) => new URL(opened[n]!.url).searchParams.get('clickIds')!.split(',');
        expect(ids(0)).toEqual([first.clickId]);

        // The reader clicks another card of the page (its click goes to the same log): the stream follows.
        const next = createClickId();
        client.clicks.add(next, { partnerId: 'partner-hanfang', recommendationId: 'rec-lin-serum' });
        await vi.waitFor(() => expect(opened).toHaveLength(2));
        expect(opened[0]!.closed).toBe(true);
        expect(ids(1).sort()).toEqual([first.clickId, next].sort());

        element.remove();
        expect(opened[1]!.closed).toBe(true);
        client.clicks.add(createClickId(), { partnerId: 'partner-hanfang', recommendationId: 'rec-lin-serum' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(opened).toHaveLength(2);
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('does not poll while the page starts hidden, then loads at once when shown', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
      await seed(makeOrder(['placed']));
      const element = await mount();
      await settle(element);
      expect(lookups).toBe(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(lookups).toBe(1);
      stubVisibility('visible');
      await settle(element);
      expect(lookups).toBe(2);
    });
  });
});
