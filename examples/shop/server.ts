/**
 * A partner-shop simulator: the few things a real shop does to sell through
 * Vitrine, in code a partner can copy.
 *
 * 1. Landing: a shopper follows a decorated link (`…?vt_click=…&vt_creator=…`).
 *    The shop reads it with `readLinkAttribution` and keeps the click id in a
 *    SERVER-SIDE session (an opaque, HttpOnly cookie → an in-memory map). Never
 *    keep attribution in browser storage: Safari deletes it within days.
 * 2. Checkout: the cart hand-off (`/checkout?items=<sku>:<qty>,…`) shows the
 *    lines; "Place order" creates the order.
 * 3. Every status change (placed, paid, shipped, delivered, cancelled,
 *    refunded) is reported to the platform as a conversion callback, signed per
 *    Standard Webhooks with the partner's secret (`sendConversion`), retried on
 *    failure with the same `webhook-id`, so the platform counts it once.
 * 4. The platform answers with its own webhooks: after each conversion it
 *    records, `order.updated` (what it attributed, the commission and its
 *    state) arrives at `POST /<partnerId>/webhooks/vitrine`. The shop verifies
 *    the signature on the RAW body, drops duplicates by `webhook-id` and shows
 *    the platform's view under each order.
 *
 * Pages are plain server-rendered HTML with forms (POST, then redirect); no
 * script at all, every string escaped, a strict CSP. Orders, sessions and the
 * webhook ids seen are kept on disk (`dataDir`, one JSON file written
 * atomically after every change), so a restart forgets nothing the platform
 * still shows. DEMO ONLY: one shop process hosts several partners, each under
 * its own path (`/<partnerId>/`); a real shop uses its database.
 */
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import * as z from 'zod/mini';
import { CommissionState, formatMoney, Money, ORDER_TRANSITIONS, OrderStatus, Timestamp } from 'vitrine';
import { canTransition, createConversion, readLinkAttribution, sendConversion, verify, WebhookVerificationError } from 'vitrine/server';
import { html, toString, type SafeHtml } from './html.ts';

/** A product the shop sells. */
export interface ShopProduct {
  /** The id in the product page's path: `/<partnerId>/p/<id>`. */
  id: string;
  /** The SKU the cart hand-off names in `items=<sku>:<qty>` (the product id is accepted too). */
  sku: string;
  title: string;
  /** Unit price in minor units. */
  price: Money;
}

/** A partner shop hosted by the simulator. */
export interface ShopPartner {
  id: string;
  name: string;
  /** The `whsec_` secret shared with the platform. Keep it server-side. */
  webhookSecret: string;
  products?: readonly ShopProduct[] | undefined;
}

/** Options of {@link startShop}. */
export interface ShopOptions {
  /** Port on 127.0.0.1 (default 8788; 0 picks a free one). */
  port?: number | undefined;
  /** The platform's base URL, e.g. `http://127.0.0.1:8787`. */
  platformUrl: string;
  partners: readonly ShopPartner[];
  /** Receives one line per callback sent. Default: silent. */
  log?: ((line: string) => void) | undefined;
  /** First retry delay of a failed callback in ms (default 500, doubled each retry). */
  retryBackoffMs?: number | undefined;
  /**
   * Where orders, sessions and seen webhook ids are kept (`shop.json` inside),
   * read at start and rewritten after every change; `null` keeps them in
   * memory only. Default `.vitrine-data/shop`.
   */
  dataDir?: string | null | undefined;
}

/** What the shop remembers of a landing: the attribution from the decorated link. */
interface Session {
  clickId: string | null;
  creatorId: string | null;
  recommendationId: string | null;
}

interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  /** Line total in minor units. */
  amount: number;
  /** Refunded so far, in minor units (cumulative); absent: nothing. */
  refunded?: number | undefined;
}

/** One conversion callback for a status change, and how its delivery went. */
interface Callback {
  status: OrderStatus;
  at: string;
  /** `HTTP 200`, `HTTP 409`, `network error`…; `ok` says whether the platform accepted it. */
  result: string;
  ok: boolean;
}

/**
 * What the platform recorded for an order, from its latest `order.updated`
 * webhook: the shop's check that attribution and commission came out right.
 */
export interface PlatformView {
  status: OrderStatus;
  /** The creator the platform attributed the order to; `null`: not attributed. */
  creatorId: string | null;
  /**
   * The commission records, one creator per line (single level). A negative
   * amount is an adjustment clawing back commission already paid out.
   */
  commissions: Array<{ lineIndex: number; amount: Money; state: CommissionState }>;
  /** The webhook's `timestamp`: an older message arriving late never replaces a newer view. */
  updatedAt: string;
}

/** An order as the shop keeps it (the shop's own record, not the platform's). */
export interface ShopOrder {
  id: string;
  partnerId: string;
  status: OrderStatus;
  createdAt: string;
  /** From the session at checkout: the click that brought the shopper, if any. */
  clickId: string | null;
  creatorId: string | null;
  currency: string;
  lines: OrderLine[];
  callbacks: Callback[];
  /** The platform's view of the order; `null` until its first webhook arrives. */
  platform: PlatformView | null;
}

type Env = { Variables: { partner: ShopPartner; session: Session } };

/** Button labels of the status changes the orders page offers. */
const ACTIONS: Partial<Record<OrderStatus, string>> = {
  paid: 'Mark paid',
  shipped: 'Mark shipped',
  delivered: 'Mark delivered',
  refunded: 'Refund',
  cancelled: 'Cancel',
};

/** HTML pages get a CSP that allows no script at all. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const MAX_SESSIONS = 10_000;
/** How many received `webhook-id`s are remembered for deduplication. */
const MAX_SEEN_WEBHOOKS = 10_000;

/**
 * The part of the platform's `order.updated` webhook the shop relies on (the
 * full body is `OrderUpdatedWebhook` in `vitrine/server`). Unknown fields are
 * ignored, so the platform may add some without breaking the shop.
 */
const OrderUpdated = z.object({
  type: z.literal('order.updated'),
  timestamp: Timestamp,
  data: z.object({
    order: z.object({
      partnerOrderId: z.string().check(z.maxLength(64)),
      status: OrderStatus,
      creatorId: z.nullable(z.string().check(z.maxLength(64))),
    }),
    commissions: z.array(z.object({ lineIndex: z.int().check(z.gte(0)), amount: Money, state: CommissionState })),
  }),
});

/**
 * Starts the partner-shop simulator on 127.0.0.1: for each partner, under
 * `/<partnerId>/`, a product list, product pages (`p/<productId>`), the cart
 * hand-off (`checkout?items=<sku>:<qty>,…`), an orders page with status buttons
 * and `api/orders` (JSON). Resolves once listening.
 */
export async function startShop(options: ShopOptions): Promise<{ url: string; close(): Promise<void> }> {
  const partners = new Map(options.partners.map((partner) => [partner.id, partner]));
  const platformUrl = options.platformUrl.replace(/\/+$/, '');
  const log = options.log ?? (() => {});
  const sessions = new Map<string, Session>();
  const orders: ShopOrder[] = [];
  /** `<partnerId>/<webhook-id>` of the webhooks already processed, oldest first. */
  const seenWebhooks = new Set<string>();
  const store = diskState(options.dataDir === undefined ? '.vitrine-data/shop' : options.dataDir);
  const saved = await store.load();
  orders.push(...saved.orders);
  for (const [id, session] of saved.sessions) sessions.set(id, session);
  for (const id of saved.seenWebhooks) seenWebhooks.add(id);
  /** Writes the state after a change; callers await it before answering, so a page shown is a page kept. */
  const persist = () => store.save({ orders, sessions: [...sessions], seenWebhooks: [...seenWebhooks] });
  const css = await readFile(new URL('./shop.css', import.meta.url), 'utf8');

  const app = new Hono<Env>();
  app.use(async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Content-Security-Policy', CSP);
  });

  /*
   * The platform's webhooks. Registered BEFORE the CSRF check and the session
   * middleware, so neither runs for it: it is called server to server (no
   * Origin, no cookie) and authenticated by its signature alone.
   */
  app.post('/:partner/webhooks/vitrine', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Payload too large', 413) }), async (c) => {
    const partner = partners.get(c.req.param('partner'));
    if (!partner) return c.text('Unknown shop', 404);
    // 1. Verify the RAW body, exactly as received: parsing first breaks the signature.
    const raw = await c.req.text();
    let id: string;
    try {
      ({ id } = await verify({ headers: c.req.raw.headers, body: raw, secret: partner.webhookSecret }));
    } catch (error) {
      // Bad or stale signature: 401, and no detail for whoever is probing.
      if (error instanceof WebhookVerificationError) return c.text('Unauthorized', 401);
      throw error; // a malformed secret is our bug, not the sender's
    }
    // 2. Delivery is at least once: a retry repeats the webhook-id. Acknowledge it, do nothing.
    //    (No await between this check and `seenWebhooks.add` below: concurrent copies cannot both pass.)
    const seenKey = `${partner.id}/${id}`;
    if (seenWebhooks.has(seenKey)) return c.body(null, 204);
    // 3. Validate what we rely on. Event types we do not handle are acknowledged, not refused.
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return c.text('Bad request', 400);
    }
    const type = (json as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && type !== 'order.updated') return c.body(null, 204);
    const parsed = z.safeParse(OrderUpdated, json);
    if (!parsed.success) return c.text('Bad request', 400);
    // 4. Keep the newest view of the order (retries may arrive after a later message).
    const { timestamp, data } = parsed.data;
    const order = orders.find((candidate) => candidate.partnerId === partner.id && candidate.id === data.order.partnerOrderId);
    if (order && !(order.platform && Date.parse(order.platform.updatedAt) > Date.parse(timestamp))) {
      const { status, creatorId } = data.order;
      order.platform = { status, creatorId, commissions: data.commissions, updatedAt: timestamp };
      log(`[shop] ${partner.id} ${order.id} ← platform: ${status}, ${creatorId ? `creator ${creatorId}` : 'not attributed'}`);
    }
    // An order we do not know (the demo forgets its orders on restart) is acknowledged too:
    // refusing it would only make the platform retry for hours.
    seenWebhooks.add(seenKey);
    if (seenWebhooks.size > MAX_SEEN_WEBHOOKS) seenWebhooks.delete(seenWebhooks.values().next().value!);
    await persist();
    return c.body(null, 204);
  });

  // Forms are only accepted from the shop's own pages (Origin / Sec-Fetch-Site).
  app.use(csrf());

  app.get('/', (c) =>
    page(c, 'Partner shops (demo)', html`
      <h1>Partner shops (demo)</h1>
      <p>One process simulating several partner shops. Follow a card's buy link from the demo pages to arrive with attribution.</p>
      <ul>${[...partners.values()].map((p) => html`<li><a href="/${p.id}/">${p.name}</a></li>`)}</ul>`),
  );
  app.get('/assets/shop.css', (c) => c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/:partner', (c) => (partners.has(c.req.param('partner')) ? c.redirect(`/${c.req.param('partner')}/`, 301) : c.text('Unknown shop', 404)));

  // Every partner page: find the partner, find or start the session, and keep
  // the attribution of a decorated landing URL in the session.
  app.use('/:partner/*', async (c, next) => {
    const partner = partners.get(c.req.param('partner'));
    if (!partner) return c.text('Unknown shop', 404);
    c.set('partner', partner);
    c.set('session', session(c, partner));
    const landed = readLinkAttribution(c.req.url);
    // A new click replaces the old one: last click wins, as on the platform.
    if (landed) {
      Object.assign(c.get('session'), landed);
      await persist();
    }
    await next();
  });

  app.get('/:partner/', (c) => {
    const partner = c.get('partner');
    return page(c, partner.name, html`
      <h1>${partner.name}</h1>
      ${attributionNote(c.get('session'))}
      <ul class="products">${(partner.products ?? []).map((product) => html`
        <li><a href="/${partner.id}/p/${encodeURIComponent(product.id)}">${product.title}</a> — ${money(product.price)}</li>`)}
      </ul>`);
  });

  app.get('/:partner/p/:product', (c) => {
    const partner = c.get('partner');
    const product = partner.products?.find((candidate) => candidate.id === c.req.param('product'));
    if (!product) return page(c, 'Not found', html`<h1>Product not found</h1>${attributionNote(c.get('session'))}`, 404);
    return page(c, product.title, html`
      <h1>${product.title}</h1>
      ${attributionNote(c.get('session'))}
      <p class="price">${money(product.price)}</p>
      <p>SKU <code>${product.sku}</code></p>
      <p><a class="button" href="/${partner.id}/checkout?items=${encodeURIComponent(`${product.sku}:1`)}">Buy now</a></p>`);
  });

  app.get('/:partner/checkout', (c) => {
    const partner = c.get('partner');
    const items = c.req.query('items') ?? '';
    const cart = parseItems(partner, items);
    if (typeof cart === 'string') return page(c, 'Checkout', html`<h1>Checkout</h1><p class="error" role="alert">${cart}</p>`, 400);
    return page(c, 'Checkout', html`
      <h1>Checkout</h1>
      ${attributionNote(c.get('session'))}
      <table>
        <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Amount</th></tr></thead>
        <tbody>${cart.lines.map((line) => html`
          <tr><td>${line.title}</td><td>${line.quantity}</td><td>${money({ amount: line.amount, currency: cart.currency })}</td></tr>`)}
        </tbody>
        <tfoot><tr><th scope="row" colspan="2">Total</th><td>${money({ amount: total(cart.lines), currency: cart.currency })}</td></tr></tfoot>
      </table>
      <form method="post" action="/${partner.id}/orders">
        <input type="hidden" name="items" value="${items}">
        <button type="submit">Place order</button>
      </form>`);
  });

  // Place an order: the click id comes from the session, never from the form.
  app.post('/:partner/orders', async (c) => {
    const partner = c.get('partner');
    const session = c.get('session');
    const cart = parseItems(partner, String((await c.req.parseBody())['items'] ?? ''));
    if (typeof cart === 'string') return page(c, 'Checkout', html`<h1>Checkout</h1><p class="error" role="alert">${cart}</p>`, 400);
    const order: ShopOrder = {
      id: `SO-${Date.now().toString(36)}-${randomToken(4)}`.toUpperCase(),
      partnerId: partner.id,
      status: 'placed',
      createdAt: new Date().toISOString(),
      clickId: session.clickId,
      creatorId: session.creatorId,
      currency: cart.currency,
      lines: cart.lines,
      callbacks: [],
      platform: null,
    };
    orders.push(order);
    await persist();
    await report(partner, order, 'placed', order.createdAt);
    return c.redirect(`/${partner.id}/orders#${order.id}`, 303);
  });

  app.get('/:partner/orders', (c) => {
    const partner = c.get('partner');
    const mine = orders.filter((order) => order.partnerId === partner.id).reverse();
    return page(c, `${partner.name} orders`, html`
      <h1>Orders</h1>
      <p>The shop's back office: each button changes the order's status and sends the next signed conversion callback.</p>
      ${mine.length === 0 ? html`<p>No orders yet.</p>` : mine.map((order) => orderView(partner, order))}`);
  });

  app.post('/:partner/orders/:order/status', async (c) => {
    const partner = c.get('partner');
    const order = orders.find((candidate) => candidate.partnerId === partner.id && candidate.id === c.req.param('order'));
    if (!order) return c.text('Unknown order', 404);
    const status = String((await c.req.parseBody())['status'] ?? '') as OrderStatus;
    // Refunding the rest of a partly refunded order is one more refund, not a status change.
    const rest = status === 'refunded' && order.status === 'refunded' && refundedTotal(order) < total(order.lines);
    if (!rest && (!(status in ORDER_TRANSITIONS) || !canTransition(order.status, status))) {
      return page(c, 'Not allowed', html`<h1>Not allowed</h1><p class="error" role="alert">An order cannot go from ${order.status} to ${status}.</p>`, 409);
    }
    order.status = status;
    if (status === 'refunded') for (const line of order.lines) line.refunded = line.amount;
    await persist();
    await report(partner, order, status, new Date().toISOString());
    return c.redirect(`/${partner.id}/orders#${order.id}`, 303);
  });

  // A partial refund: half of each line (cumulative totals go to the platform).
  app.post('/:partner/orders/:order/refund-half', async (c) => {
    const partner = c.get('partner');
    const order = orders.find((candidate) => candidate.partnerId === partner.id && candidate.id === c.req.param('order'));
    if (!order) return c.text('Unknown order', 404);
    if (!canPartlyRefund(order)) {
      return page(c, 'Not allowed', html`<h1>Not allowed</h1><p class="error" role="alert">Order ${order.id} cannot be partly refunded now.</p>`, 409);
    }
    for (const line of order.lines) line.refunded = Math.max(line.refunded ?? 0, Math.floor(line.amount / 2));
    order.status = 'refunded';
    await persist();
    await report(partner, order, 'refunded', new Date().toISOString());
    return c.redirect(`/${partner.id}/orders#${order.id}`, 303);
  });

  // Re-sends the callbacks the platform did not accept (same webhook-id: no double counting).
  app.post('/:partner/orders/:order/resend', async (c) => {
    const partner = c.get('partner');
    const order = orders.find((candidate) => candidate.partnerId === partner.id && candidate.id === c.req.param('order'));
    if (!order) return c.text('Unknown order', 404);
    for (const callback of order.callbacks.filter((entry) => !entry.ok)) {
      order.callbacks.splice(order.callbacks.indexOf(callback), 1);
      await report(partner, order, callback.status, callback.at);
    }
    return c.redirect(`/${partner.id}/orders#${order.id}`, 303);
  });

  app.get('/:partner/api/orders', (c) => c.json({ orders: orders.filter((order) => order.partnerId === c.get('partner').id) }));

  /**
   * Sends the signed conversion callback for `order` reaching `status`. The
   * `webhook-id` is derived from (order, status), so a retry — by
   * `sendConversion` or by a resend after a restart — is the same message.
   * A production shop would queue this in a durable outbox and retry for hours;
   * the demo waits for it, so the page shows the result.
   */
  async function report(partner: ShopPartner, order: ShopOrder, status: OrderStatus, at: string): Promise<void> {
    const conversion = createConversion({
      orderId: order.id,
      status,
      occurredAt: at,
      ...(order.clickId ? { clickId: order.clickId } : {}),
      currency: order.currency,
      // Each callback describes the whole order; a refund sends each line's
      // CUMULATIVE refundedAmount (everything refunded on it so far).
      lines: order.lines.map(({ sku, title, quantity, amount, refunded }) => ({
        sku,
        title,
        quantity,
        amount,
        ...(status === 'refunded' && { refundedAmount: refunded ?? amount }),
      })),
    });
    let result: string;
    let ok = false;
    try {
      const httpStatus = await sendConversion({
        url: `${platformUrl}/v1/partner/conversions?partner=${encodeURIComponent(partner.id)}`,
        secret: partner.webhookSecret,
        conversion,
        // One webhook-id per message: (order, status) and, for refunds, the
        // cumulative amount refunded, since several partial refunds share the
        // status `refunded` and each must be counted (a retry repeats the id).
        idempotencyKey: `${partner.id}:${order.id}:${status}${status === 'refunded' ? `:${refundedTotal(order)}` : ''}`,
        retries: 3,
        backoffMs: options.retryBackoffMs,
      });
      ok = httpStatus >= 200 && httpStatus < 300;
      result = `HTTP ${httpStatus}`;
    } catch (error) {
      result = error instanceof Error ? `${error.name}: ${error.message}` : 'failed';
    }
    order.callbacks.push({ status, at, result, ok });
    await persist();
    log(`[shop] ${partner.id} ${order.id} ${status} → ${result}`);
  }

  /** The shopper's session for this partner: an opaque random id in an HttpOnly cookie scoped to `/<partnerId>`. */
  function session(c: Context<Env>, partner: ShopPartner): Session {
    const id = getCookie(c, 'sid');
    const existing = id === undefined ? undefined : sessions.get(`${partner.id}/${id}`);
    if (existing) return existing;
    const fresh: Session = { clickId: null, creatorId: null, recommendationId: null };
    const newId = randomToken(18);
    // A bounded map: the oldest sessions go first (a real shop uses its session store).
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    sessions.set(`${partner.id}/${newId}`, fresh);
    setCookie(c, 'sid', newId, { path: `/${partner.id}`, httpOnly: true, sameSite: 'Lax', maxAge: 30 * 86_400 });
    return fresh;
  }

  const { server, port } = await listen(app.fetch, options.port ?? 8788);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await store.flushed();
    },
  };
}

/** What the shop keeps on disk. */
interface ShopState {
  orders: ShopOrder[];
  sessions: Array<[string, Session]>;
  seenWebhooks: string[];
}

/** The state file as read back: validated, so a hand-edited or truncated file cannot crash the shop. */
const StateFile = z.object({
  version: z.literal(1),
  orders: z.array(
    z.object({
      id: z.string(),
      partnerId: z.string(),
      status: OrderStatus,
      createdAt: z.string(),
      clickId: z.nullable(z.string()),
      creatorId: z.nullable(z.string()),
      currency: z.string(),
      lines: z.array(z.object({ sku: z.string(), title: z.string(), quantity: z.int(), amount: z.int(), refunded: z.optional(z.int()) })),
      callbacks: z.array(z.object({ status: OrderStatus, at: z.string(), result: z.string(), ok: z.boolean() })),
      platform: z.nullable(
        z.object({
          status: OrderStatus,
          creatorId: z.nullable(z.string()),
          commissions: z.array(z.object({ lineIndex: z.int(), amount: Money, state: CommissionState })),
          updatedAt: z.string(),
        }),
      ),
    }),
  ),
  sessions: z.array(z.tuple([z.string(), z.object({ clickId: z.nullable(z.string()), creatorId: z.nullable(z.string()), recommendationId: z.nullable(z.string()) })])),
  seenWebhooks: z.array(z.string()),
});

/**
 * The shop's state in `<dir>/shop.json`: read once at start (a missing file
 * is an empty shop; an unreadable one is kept aside as `shop.json.bad` and the
 * shop starts empty, saying so), written through a temporary file and a rename
 * so a crash mid-write never leaves half a file, one write at a time.
 */
function diskState(dir: string | null) {
  const file = dir === null ? null : join(dir, 'shop.json');
  let writing: Promise<void> = Promise.resolve();
  return {
    async load(): Promise<ShopState> {
      const empty: ShopState = { orders: [], sessions: [], seenWebhooks: [] };
      if (!file) return empty;
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return empty;
      }
      try {
        const { orders, sessions, seenWebhooks } = z.parse(StateFile, JSON.parse(text));
        return { orders, sessions, seenWebhooks };
      } catch {
        await rename(file, `${file}.bad`).catch(() => {});
        return empty;
      }
    },
    save(state: ShopState): Promise<void> {
      if (!file) return Promise.resolve();
      const body = JSON.stringify({ version: 1, ...state });
      writing = writing.catch(() => {}).then(async () => {
        await mkdir(dir!, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, body);
        await rename(temporary, file);
      });
      return writing;
    },
    /** Resolves once every write asked for so far is on disk. */
    flushed: () => writing.catch(() => {}),
  };
}

/**
 * Parses the hand-off's `items=<sku>:<qty>,…` against the catalog. Returns the
 * lines and their currency, or a message saying what is wrong.
 */
function parseItems(partner: ShopPartner, items: string): { lines: OrderLine[]; currency: string } | string {
  const lines: OrderLine[] = [];
  const currencies = new Set<string>();
  const entries = items.split(',').filter(Boolean);
  if (entries.length === 0) return 'The cart is empty.';
  if (entries.length > 50) return 'Too many items.';
  for (const entry of entries) {
    const colon = entry.lastIndexOf(':');
    const sku = colon < 0 ? entry : entry.slice(0, colon);
    const quantity = colon < 0 ? 1 : Number(entry.slice(colon + 1));
    const product = partner.products?.find((candidate) => candidate.sku === sku || candidate.id === sku);
    if (!product) return `Unknown item "${sku}".`;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 999) return `Invalid quantity for "${sku}".`;
    lines.push({ sku: product.sku, title: product.title, quantity, amount: product.price.amount * quantity });
    currencies.add(product.price.currency);
  }
  const [currency, ...others] = currencies;
  if (others.length > 0) return 'All items of one order must have the same currency.';
  return { lines, currency: currency! };
}

function orderView(partner: ShopPartner, order: ShopOrder): SafeHtml {
  const next = ORDER_TRANSITIONS[order.status].filter((status) => ACTIONS[status]);
  const failed = order.callbacks.some((callback) => !callback.ok);
  const refunded = refundedTotal(order);
  const rest = order.status === 'refunded' && refunded < total(order.lines);
  return html`
    <article class="order" id="${order.id}" aria-labelledby="${order.id}-title">
      <h2 id="${order.id}-title">${order.id} <span class="status">${order.status}</span></h2>
      <p>${order.creatorId ? html`Attributed click from creator <strong>${order.creatorId}</strong> (click id <code>${order.clickId}</code>)` : 'No Vitrine click in the session: not attributed.'}</p>
      <ul>${order.lines.map((line) => html`<li>${line.title} × ${line.quantity} — ${money({ amount: line.amount, currency: order.currency })}</li>`)}</ul>
      <p>Total <strong>${money({ amount: total(order.lines), currency: order.currency })}</strong>${refunded > 0 ? html`, refunded <strong>${money({ amount: refunded, currency: order.currency })}</strong>` : null}</p>
      ${platformRecorded(order)}
      <div class="actions">${next.map((status) => html`
        <form method="post" action="/${partner.id}/orders/${order.id}/status">
          <input type="hidden" name="status" value="${status}"><button type="submit">${ACTIONS[status]}</button>
        </form>`)}
        ${canPartlyRefund(order) ? html`<form method="post" action="/${partner.id}/orders/${order.id}/refund-half"><button type="submit">Refund half</button></form>` : null}
        ${rest ? html`<form method="post" action="/${partner.id}/orders/${order.id}/status"><input type="hidden" name="status" value="refunded"><button type="submit">Refund the rest</button></form>` : null}
        ${failed ? html`<form method="post" action="/${partner.id}/orders/${order.id}/resend"><button type="submit">Resend failed callbacks</button></form>` : null}
      </div>
      <h3>Conversion callbacks</h3>
      <ol class="callbacks">${order.callbacks.map((callback) => html`
        <li class="${callback.ok ? 'ok' : 'failed'}"><strong>${callback.status}</strong> — ${callback.result}</li>`)}
      </ol>
    </article>`;
}

/** The "Platform recorded" line: what the platform's latest webhook says about the order. */
function platformRecorded(order: ShopOrder): SafeHtml {
  const view = order.platform;
  if (!view) return html`<p class="platform">Platform recorded: nothing yet (its webhook has not arrived).</p>`;
  return html`
      <p class="platform">Platform recorded: <strong>${view.status}</strong>, ${view.creatorId ? html`attributed to creator <strong>${view.creatorId}</strong>` : 'not attributed'}.</p>
      ${view.commissions.length === 0 ? null : html`<ul class="commissions">${view.commissions.map(({ lineIndex, amount, state }) => html`
        <li>${order.lines[lineIndex]?.title ?? `Line ${lineIndex + 1}`}: ${amount.amount < 0 ? 'adjustment ' : ''}commission ${money(amount)} <span class="state ${state}">${state}</span></li>`)}
      </ul>`}`;
}

function attributionNote(session: Session): SafeHtml {
  return session.clickId
    ? html`<p class="note" role="status">Arrived via creator <strong>${session.creatorId ?? 'unknown'}</strong>, click id <code>${session.clickId}</code>${session.recommendationId ? html` (recommendation <code>${session.recommendationId}</code>)` : null}. Kept in a server-side session.</p>`
    : html`<p class="note" role="status">No Vitrine click in this session: orders will not be attributed to a creator.</p>`;
}

function page(c: Context<Env>, title: string, body: SafeHtml, status: 200 | 400 | 404 | 409 = 200): Response {
  const partner = c.get('partner') as ShopPartner | undefined;
  return c.html(
    toString(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}${partner ? ` · ${partner.name}` : ''}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/shop.css">
</head>
<body>
<header><nav aria-label="Shop">${partner ? html`<a href="/${partner.id}/">${partner.name}</a> <a href="/${partner.id}/orders">Orders</a>` : null} <a href="/">All shops</a></nav></header>
<main>${body}</main>
<footer><p>Demo partner shop — DEMO ONLY, nothing is sold.</p></footer>
</body>
</html>`),
    status,
  );
}

function money(value: Money): string {
  return formatMoney(value, 'en');
}

function total(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.amount, 0);
}

/** What was refunded on the order so far (cumulative), in minor units. */
function refundedTotal(order: ShopOrder): number {
  return order.lines.reduce((sum, line) => sum + (line.refunded ?? 0), 0);
}

/** A paid order not refunded yet may be refunded by half. */
function canPartlyRefund(order: ShopOrder): boolean {
  return canTransition(order.status, 'refunded') && refundedTotal(order) === 0;
}

function randomToken(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

/** Listens on 127.0.0.1 and resolves with the server and the actual port. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}
