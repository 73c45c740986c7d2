/**
 * The partner-shop simulator end to end, over real HTTP on 127.0.0.1: the
 * reference platform (PGlite in a temporary directory) and the shop, both on
 * random ports. A landing with a decorated link, an order, its status changes
 * and a refund, checked on the platform's side — and on the shop's, through the
 * platform's signed `order.updated` webhooks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Commission, Order, OrderStatus } from 'vitrine';
import { createClickId } from 'vitrine';
import { newMessageId, signHeaders, verify, type OrderUpdatedWebhook } from 'vitrine/server';
import { startPlatform } from '../platform/server.ts';
import { escapeHtml, html, toString } from './html.ts';
import { readShopPartners } from './seed.ts';
import { startShop, type ShopOrder, type ShopPartner } from './server.ts';

/** A reader's browser (Node's fetch says "node", which the platform counts as a bot). */
const READER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // DEMO ONLY, from the seed

let dataDir: string;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let shop: Awaited<ReturnType<typeof startShop>>;
let partners: ShopPartner[];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vitrine-shop-'));
  // Each needs the other's URL: the shop to send conversions, the platform to
  // send its webhooks (the seed's `{{shop}}/<partner>/webhooks/vitrine`).
  const platformUrl = `http://127.0.0.1:${await freePort()}`;
  partners = await readShopPartners(undefined, { shop: 'http://127.0.0.1:8788', platform: platformUrl });
  shop = await startShop({ port: 0, platformUrl, partners, retryBackoffMs: 1, dataDir: join(dataDir, 'shop') });
  platform = await startPlatform({ port: Number(new URL(platformUrl).port), dataDir: join(dataDir, 'db'), shopOrigin: shop.url });
}, 60_000);

afterAll(async () => {
  await shop?.close();
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A port that was free a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A shopper: a cookie jar over fetch. Form posts come from the shop's own pages (Origin). */
function shopper() {
  const cookies = new Map<string, string>();
  return async (path: string, form?: Record<string, string>): Promise<Response> => {
    const headers: Record<string, string> = { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
    if (form) headers['origin'] = shop.url;
    const response = await fetch(shop.url + path, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form && { body: new URLSearchParams(form) }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=');
      cookies.set(name!, value!);
    }
    return response;
  };
}

/** Records a click on the platform, as the SDK does when a reader follows a buy link. */
async function click(clickId: string, recommendationId: string, partnerId: string, creatorId = 'creator-lin'): Promise<void> {
  const event = { id: `evt_${clickId}`, type: 'click', at: new Date().toISOString(), recommendationId, creatorId, partnerId, clickId };
  const response = await fetch(`${platform.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events: [event] }) });
  expect(response.status).toBe(202);
}

async function shopOrders(partnerId: string): Promise<ShopOrder[]> {
  return ((await (await fetch(`${shop.url}/${partnerId}/api/orders`)).json()) as { orders: ShopOrder[] }).orders;
}

/** One order as the shop's `api/orders` shows it. */
async function shopOrder(partnerId: string, orderId: string): Promise<ShopOrder> {
  return (await shopOrders(partnerId)).find((order) => order.id === orderId)!;
}

/** The platform's outbox is delivered every second: allow a few rounds. */
const WAIT = { timeout: 10_000, interval: 100 };

async function platformOrders(clickId: string): Promise<Order[]> {
  const response = await fetch(`${platform.url}/v1/orders/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clickIds: [clickId] }),
  });
  return ((await response.json()) as { orders: Order[] }).orders;
}

/** Pending + approved commission of one recommendation, from the creator's stats. */
async function commission(recommendationId: string): Promise<{ orders: number; amount: number }> {
  const response = await fetch(`${platform.url}/v1/creators/creator-lin/stats`, { headers: { authorization: `Bearer ${LIN_KEY}` } });
  expect(response.status).toBe(200);
  const stats = (await response.json()) as { recommendations: Array<{ recommendationId: string; orders: number; commissionPending: Array<{ amount: number }>; commissionApproved: Array<{ amount: number }> }> };
  const row = stats.recommendations.find((candidate) => candidate.recommendationId === recommendationId)!;
  const sum = (list: Array<{ amount: number }>) => list.reduce((total, money) => total + money.amount, 0);
  return { orders: row.orders, amount: sum(row.commissionPending) + sum(row.commissionApproved) };
}

async function placeOrder(visit: ReturnType<typeof shopper>, partnerId: string, items: string): Promise<ShopOrder> {
  const before = new Set((await shopOrders(partnerId)).map((order) => order.id));
  const response = await visit(`/${partnerId}/orders`, { items });
  expect(response.status).toBe(303);
  const order = (await shopOrders(partnerId)).find((candidate) => !before.has(candidate.id))!;
  expect(response.headers.get('location')).toBe(`/${partnerId}/orders#${order.id}`);
  return order;
}

describe('html', () => {
  it('escapes every interpolated value but nested markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    const evil = '<img src=x onerror=alert(1)>';
    expect(toString(html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}${[evil, null, false, undefined]}</p>`)).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;<b>&lt;img src=x onerror=alert(1)&gt;</b>&lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });
});

describe('the partner shop', () => {
  it('reads the seed: every partner with its secret and products keyed by the offer URL', () => {
    expect(partners.map((partner) => partner.id).sort()).toEqual(['partner-gadgetbay', 'partner-hanfang', 'partner-jingxuan']);
    const hanfang = partners.find((partner) => partner.id === 'partner-hanfang')!;
    expect(hanfang.webhookSecret).toMatch(/^whsec_/);
    expect(hanfang.products).toContainEqual({ id: 'prod-serum', sku: 'HF-88123', title: '山茶花保湿精华液 30ml', price: { amount: 19900, currency: 'CNY' } });
  });

  it('keeps the attribution of a decorated landing in an HttpOnly session cookie scoped to the partner', async () => {
    const visit = shopper();
    const clickId = createClickId();
    const landing = await visit(`/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(landing.headers.get('content-security-policy')).toContain("default-src 'none'");
    const cookie = landing.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sid=[\w-]{24};/);
    expect(cookie).toContain('Path=/partner-hanfang');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const page = await landing.text();
    expect(page).toContain(`Arrived via creator <strong>creator-lin</strong>, click id <code>${clickId}</code>`);
    // Later pages of the same session, without any parameter, still know the click.
    expect(await (await visit('/partner-hanfang/checkout?items=HF-88123:2')).text()).toContain(`click id <code>${clickId}</code>`);
    // A fresh shopper (no cookie) does not.
    expect(await (await shopper()('/partner-hanfang/checkout?items=HF-88123:2')).text()).toContain('No Vitrine click in this session');
  });

  it('escapes whatever the URL carries and ignores invalid attribution', async () => {
    const visit = shopper();
    const page = await (await visit(`/partner-hanfang/checkout?items=${encodeURIComponent('<script>alert(1)</script>:1')}&vt_click=<b>x</b>`)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('Unknown item &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;.');
    expect(page).not.toContain('<b>x</b>');
    expect((await visit('/nope/p/prod-serum')).status).toBe(404);
    expect((await visit('/partner-hanfang/p/nope')).status).toBe(404);
  });

  it('places an attributed order, reports every status change signed, and a refund reverses the commission', async () => {
    const visit = shopper();
    const clickId = createClickId();
    await click(clickId, 'rec-lin-serum', 'partner-hanfang');
    const before = await commission('rec-lin-serum');
    await visit(`/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`);

    const order = await placeOrder(visit, 'partner-hanfang', 'HF-88123:2');
    expect(order).toMatchObject({ status: 'placed', clickId, creatorId: 'creator-lin', currency: 'CNY' });
    expect(order.lines).toEqual([{ sku: 'HF-88123', title: '山茶花保湿精华液 30ml', quantity: 2, amount: 39800 }]);
    expect(order.callbacks).toEqual([expect.objectContaining({ status: 'placed', result: 'HTTP 200', ok: true })]);

    const [recorded] = await platformOrders(clickId);
    expect(recorded).toMatchObject({ partnerId: 'partner-hanfang', partnerOrderId: order.id, creatorId: 'creator-lin', status: 'placed', total: { amount: 39800, currency: 'CNY' } });
    expect(recorded!.lines[0]!.recommendationId).toBe('rec-lin-serum');
    // Hanfang pays 600 bps: 6 % of 398.00.
    expect(await commission('rec-lin-serum')).toEqual({ orders: before.orders + 1, amount: before.amount + 2388 });

    for (const status of ['paid', 'shipped']) {
      expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status })).status).toBe(303);
    }
    expect((await platformOrders(clickId))[0]!.status).toBe('shipped');
    expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status: 'refunded' })).status).toBe(303);

    const [refunded] = await platformOrders(clickId);
    expect(refunded!.status).toBe('refunded');
    expect(refunded!.timeline.map((event) => event.status)).toEqual(['placed', 'paid', 'shipped', 'refunded']);
    expect(await commission('rec-lin-serum')).toEqual(before);
    const [mine] = (await shopOrders('partner-hanfang')).filter((candidate) => candidate.id === order.id);
    expect(mine!.callbacks.map((callback) => `${callback.status} ${callback.result}`)).toEqual([
      'placed HTTP 200',
      'paid HTTP 200',
      'shipped HTTP 200',
      'refunded HTTP 200',
    ]);
    const page = await (await visit('/partner-hanfang/orders')).text();
    expect(page).toContain(`id="${order.id}"`);
    expect(page).not.toContain(`/partner-hanfang/orders/${order.id}/status`); // refunded is final: no buttons
  });

  it('does not attribute an order without a click in the session', async () => {
    const order = await placeOrder(shopper(), 'partner-gadgetbay', 'GB-VOLT-65:1');
    expect(order).toMatchObject({ clickId: null, creatorId: null, callbacks: [expect.objectContaining({ ok: true })] });
    // The platform agrees: its webhook says "not attributed", no commission.
    await vi.waitFor(async () => expect((await shopOrder('partner-gadgetbay', order.id)).platform).toMatchObject({ status: 'placed', creatorId: null, commissions: [] }), WAIT);
    expect(await (await fetch(`${shop.url}/partner-gadgetbay/orders`)).text()).toContain('Platform recorded: <strong>placed</strong>, not attributed.');
  });

  it('shows what the platform recorded, from its signed webhooks: a pending commission, reversed after a refund', async () => {
    const visit = shopper();
    const clickId = createClickId();
    await click(clickId, 'rec-lin-serum', 'partner-hanfang');
    await visit(`/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`);
    const order = await placeOrder(visit, 'partner-hanfang', 'HF-88123:1');
    expect(order.platform).toBeNull(); // the platform's webhook comes later, from its outbox

    // 6 % of 199.00 = 11.94, pending until delivery.
    const commission = { lineIndex: 0, amount: { amount: 1194, currency: 'CNY' } };
    await vi.waitFor(async () => {
      expect((await shopOrder('partner-hanfang', order.id)).platform).toMatchObject({ status: 'placed', creatorId: 'creator-lin', commissions: [{ ...commission, state: 'pending' }] });
    }, WAIT);
    let page = await (await visit('/partner-hanfang/orders')).text();
    expect(page).toContain('Platform recorded: <strong>placed</strong>, attributed to creator <strong>creator-lin</strong>.');
    expect(page).toContain('山茶花保湿精华液 30ml: commission CN¥11.94 <span class="state pending">pending</span>');

    for (const status of ['paid', 'refunded']) expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status })).status).toBe(303);
    await vi.waitFor(async () => {
      // What the line keeps is 0 now: the ledger reversed all of it.
      expect((await shopOrder('partner-hanfang', order.id)).platform).toMatchObject({
        status: 'refunded',
        creatorId: 'creator-lin',
        commissions: [{ lineIndex: 0, amount: { amount: 0, currency: 'CNY' }, state: 'reversed' }],
      });
    }, WAIT);
    page = await (await visit('/partner-hanfang/orders')).text();
    expect(page).toContain('Platform recorded: <strong>refunded</strong>, attributed to creator <strong>creator-lin</strong>.');
    expect(page).toContain('commission CN¥0.00 <span class="state reversed">reversed</span>');
  });

  it('sends partial refunds as cumulative totals: half, then the rest, each applied once by the platform', async () => {
    const visit = shopper();
    const clickId = createClickId();
    await click(clickId, 'rec-lin-serum', 'partner-hanfang');
    await visit(`/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`);
    const order = await placeOrder(visit, 'partner-hanfang', 'HF-88123:1');
    for (const status of ['paid', 'shipped', 'delivered']) expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status })).status).toBe(303);
    expect((await visit(`/partner-hanfang/orders/${order.id}/refund-half`, {})).status).toBe(303);
    // 6 % of 199.00 = 11.94; half of the line refunded: 5.97 kept, approved (the order is final).
    await vi.waitFor(async () => {
      expect((await shopOrder('partner-hanfang', order.id)).platform).toMatchObject({ status: 'refunded', commissions: [{ amount: { amount: 597, currency: 'CNY' }, state: 'approved' }] });
    }, WAIT);
    let page = await (await visit('/partner-hanfang/orders')).text();
    expect(page).toContain('refunded <strong>CN¥99.50</strong>');
    expect(page).toContain('Refund the rest');
    // A second refund of the same status is a new message (its own webhook-id), not a duplicate.
    expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status: 'refunded' })).status).toBe(303);
    await vi.waitFor(async () => {
      expect((await shopOrder('partner-hanfang', order.id)).platform).toMatchObject({ commissions: [{ amount: { amount: 0, currency: 'CNY' }, state: 'reversed' }] });
    }, WAIT);
    const callbacks = (await shopOrder('partner-hanfang', order.id)).callbacks.map((callback) => `${callback.status} ${callback.result}`);
    expect(callbacks).toEqual(['placed HTTP 200', 'paid HTTP 200', 'shipped HTTP 200', 'delivered HTTP 200', 'refunded HTTP 200', 'refunded HTTP 200']);
    page = await (await visit('/partner-hanfang/orders')).text();
    expect(page).not.toContain(`/partner-hanfang/orders/${order.id}/refund-half`);
    expect((await visit(`/partner-hanfang/orders/${order.id}/refund-half`, {})).status).toBe(409);
  });

  it('keeps its orders and sessions on disk: a restarted shop shows and continues what the platform still shows', async () => {
    const visit = shopper();
    const clickId = createClickId();
    await visit(`/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`);
    const order = await placeOrder(visit, 'partner-hanfang', 'HF-88123:1');
    await shop.close();
    // Same port: the platform sends its webhooks to the shop's seed origin… and the tests to `shop.url`.
    shop = await startShop({ port: Number(new URL(shop.url).port), platformUrl: platform.url, partners, retryBackoffMs: 1, dataDir: join(dataDir, 'shop') });
    const kept = (await shopOrders('partner-hanfang')).find((candidate) => candidate.id === order.id);
    expect(kept).toMatchObject({ id: order.id, status: 'placed', clickId, creatorId: 'creator-lin' });
    // The session (its cookie) survived too, and the order goes on from where it was.
    expect(await (await visit('/partner-hanfang/checkout?items=HF-88123:1')).text()).toContain(`click id <code>${clickId}</code>`);
    expect((await visit(`/partner-hanfang/orders/${order.id}/status`, { status: 'paid' })).status).toBe(303);
    await vi.waitFor(async () => expect((await platformOrders(clickId))[0]?.status).toBe('paid'), WAIT);
  });

  it('refuses a status the order cannot reach, and forms from other origins', async () => {
    const visit = shopper();
    const order = await placeOrder(visit, 'partner-jingxuan', 'JX-300456:3');
    const refused = await visit(`/partner-jingxuan/orders/${order.id}/status`, { status: 'delivered' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('cannot go from placed to delivered');
    const forged = await fetch(`${shop.url}/partner-jingxuan/orders/${order.id}/status`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=paid',
    });
    expect(forged.status).toBe(403);
    const [after] = (await shopOrders('partner-jingxuan')).filter((candidate) => candidate.id === order.id);
    expect(after!.status).toBe('placed');
    expect(after!.callbacks).toHaveLength(1);
  });

  it('retries a failed callback with the same webhook-id and a valid signature', async () => {
    const received: Array<{ headers: Record<string, string>; body: string }> = [];
    const stub: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers as Record<string, string>, body });
        response.writeHead(received.length === 1 ? 503 : 200).end('{}');
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const partner = partners.find((candidate) => candidate.id === 'partner-gadgetbay')!;
    const flaky = await startShop({ port: 0, platformUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, partners: [partner], retryBackoffMs: 1 });
    try {
      const response = await fetch(`${flaky.url}/partner-gadgetbay/orders`, {
        method: 'POST',
        headers: { origin: flaky.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'items=GB-KS75:1',
      });
      expect(response.status).toBe(200); // fetch followed the 303 to the orders page
      expect(received).toHaveLength(2);
      expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
      await verify({ headers: received[1]!.headers, body: received[1]!.body, secret: partner.webhookSecret });
      expect(JSON.parse(received[1]!.body)).toMatchObject({ type: 'order.status', status: 'placed', currency: 'USD', lines: [{ sku: 'GB-KS75', amount: 8900 }] });
      const [order] = ((await (await fetch(`${flaky.url}/partner-gadgetbay/api/orders`)).json()) as { orders: ShopOrder[] }).orders;
      expect(order!.callbacks).toEqual([expect.objectContaining({ status: 'placed', result: 'HTTP 200', ok: true })]);
    } finally {
      await flaky.close();
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});

describe('the webhook receiver (POST /<partner>/webhooks/vitrine)', () => {
  let stub: Server;
  let receiver: Awaited<ReturnType<typeof startShop>>;
  let partner: ShopPartner;
  let order: ShopOrder;
  const lines: string[] = [];

  beforeAll(async () => {
    // A platform stand-in that accepts every conversion: here the webhooks come from the test.
    stub = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    partner = partners.find((candidate) => candidate.id === 'partner-gadgetbay')!;
    receiver = await startShop({ port: 0, platformUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, partners: [partner], log: (line) => lines.push(line), dataDir: null });
    const placed = await fetch(`${receiver.url}/partner-gadgetbay/orders`, {
      method: 'POST',
      headers: { origin: receiver.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'items=GB-VOLT-65:2',
      redirect: 'manual',
    });
    expect(placed.status).toBe(303);
    [order] = ((await (await fetch(`${receiver.url}/partner-gadgetbay/api/orders`)).json()) as { orders: ShopOrder[] }).orders as [ShopOrder];
  });

  afterAll(async () => {
    await receiver?.close();
    await new Promise((resolve) => stub?.close(resolve));
  });

  /** An `order.updated` body as the platform sends it, for the receiver's order. */
  function orderUpdated(status: OrderStatus, commissions: Array<Pick<Commission, 'amount' | 'state'>>, at = new Date(), creatorId: string | null = 'creator-sam'): OrderUpdatedWebhook {
    const line = { sku: 'GB-VOLT-65', title: 'Volt 65W GaN USB-C charger', quantity: 2, amount: { amount: 7998, currency: 'USD' } };
    return {
      type: 'order.updated',
      timestamp: at.toISOString(),
      data: {
        order: {
          id: 'ord_1', partnerId: 'partner-gadgetbay', partnerOrderId: order.id, clickId: null, creatorId, status,
          timeline: [{ status, at: at.toISOString() }], lines: [line], total: line.amount,
        },
        commissions: commissions.map(({ amount, state }, index) => ({
          id: `ord_1:0${index ? ':adj' : ''}`, orderId: 'ord_1', lineIndex: 0, creatorId: 'creator-sam', recommendationId: 'rec-sam-charger', partnerId: 'partner-gadgetbay',
          base: line.amount, rateBps: 800, amount, state, createdAt: at.toISOString(),
        })),
        ledger: [],
      },
    };
  }

  /** Posts a body signed with `secret` (default: the partner's) as the platform would. */
  async function deliver(body: unknown, options: { id?: string; secret?: string; timestamp?: number; contentType?: string } = {}): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = await signHeaders({ body: raw, secret: options.secret ?? partner.webhookSecret, id: options.id ?? newMessageId(), timestamp: options.timestamp });
    return fetch(`${receiver.url}/partner-gadgetbay/webhooks/vitrine`, { method: 'POST', headers: { ...headers, 'content-type': options.contentType ?? 'application/json' }, body: raw });
  }

  async function view(): Promise<ShopOrder['platform']> {
    return ((await (await fetch(`${receiver.url}/partner-gadgetbay/api/orders`)).json()) as { orders: ShopOrder[] }).orders[0]!.platform;
  }

  const pending = { amount: { amount: 639, currency: 'USD' }, state: 'pending' } as const;

  it('refuses a bad signature with 401 and no detail', async () => {
    const body = JSON.stringify(orderUpdated('placed', [pending]));
    const jingxuan = partners.find((candidate) => candidate.id === 'partner-jingxuan')!;
    const refusals = [
      await deliver(body, { secret: jingxuan.webhookSecret }), // another partner's secret
      await deliver(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }), // stale (replayed later)
      await fetch(`${receiver.url}/partner-gadgetbay/webhooks/vitrine`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), // unsigned
    ];
    // Signed, then tampered with.
    const headers = await signHeaders({ body, secret: partner.webhookSecret });
    refusals.push(await fetch(`${receiver.url}/partner-gadgetbay/webhooks/vitrine`, { method: 'POST', headers, body: body.replace('"creator-sam"', '"eve"') }));
    for (const response of refusals) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('Unauthorized');
    }
    expect(await view()).toBeNull();
    expect((await fetch(`${receiver.url}/nope/webhooks/vitrine`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('stores a signed order.updated once: a replay of its webhook-id is acknowledged and dropped', async () => {
    const id = newMessageId();
    // text/plain and no Origin: the CSRF check would refuse this form-like post; the webhook route is exempt.
    const first = await deliver(orderUpdated('placed', [pending]), { id, contentType: 'text/plain' });
    expect(first.status).toBe(204);
    expect(first.headers.get('set-cookie')).toBeNull(); // no session for a server-to-server call
    const stored = { status: 'placed', creatorId: 'creator-sam', commissions: [{ lineIndex: 0, ...pending }] };
    expect(await view()).toMatchObject(stored);
    // The same message again, and a different body under the same id (signed, so it is the platform's): dropped.
    expect((await deliver(orderUpdated('placed', [pending]), { id })).status).toBe(204);
    expect((await deliver(orderUpdated('cancelled', [{ ...pending, state: 'reversed' }]), { id })).status).toBe(204);
    expect(await view()).toMatchObject(stored);
    expect(lines.filter((line) => line.includes('← platform'))).toEqual([`[shop] partner-gadgetbay ${order.id} ← platform: placed, creator creator-sam`]);
  });

  it('keeps the newest view when an older message arrives late', async () => {
    const before = await view();
    expect((await deliver(orderUpdated('cancelled', [{ ...pending, state: 'reversed' }], new Date(Date.now() - 60_000)))).status).toBe(204);
    expect(await view()).toEqual(before);
  });

  it('answers 400 to a signed body it cannot use, 204 to event types it does not handle', async () => {
    const valid = orderUpdated('paid', [pending]);
    const bad: unknown[] = [
      'not json',
      'null',
      { ...valid, data: { order: valid.data.order } },
      { ...valid, data: { ...valid.data, commissions: [{ ...valid.data.commissions[0], amount: { amount: 6.39, currency: 'USD' } }] } },
      { ...valid, data: { ...valid.data, order: { ...valid.data.order, status: 'lost' } } },
    ];
    for (const body of bad) expect((await deliver(typeof body === 'string' ? body : JSON.stringify(body))).status).toBe(400);
    expect((await deliver({ type: 'creator.updated', timestamp: valid.timestamp, data: {} })).status).toBe(204);
    expect((await view())!.status).toBe('placed');
  });

  it('shows the view escaped, with negative adjustments as such', async () => {
    const paid = { amount: { amount: 639, currency: 'USD' }, state: 'paid' } as const;
    const clawback = { amount: { amount: -639, currency: 'USD' }, state: 'approved' } as const;
    expect((await deliver(orderUpdated('refunded', [paid, clawback], new Date(), '<img src=x onerror=alert(1)>'))).status).toBe(204);
    const page = await (await fetch(`${receiver.url}/partner-gadgetbay/orders`)).text();
    expect(page).toContain('Platform recorded: <strong>refunded</strong>, attributed to creator <strong>&lt;img src=x onerror=alert(1)&gt;</strong>.');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('Volt 65W GaN USB-C charger: commission $6.39 <span class="state paid">paid</span>');
    expect(page).toContain('Volt 65W GaN USB-C charger: adjustment commission -$6.39 <span class="state approved">approved</span>');
  });
});
