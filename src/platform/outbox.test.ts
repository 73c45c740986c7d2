import { describe, expect, it } from 'vitest';
import { catalog, fixtures } from '../testing/index.js';
import { signHeaders, verify } from '../server/webhooks.js';
import { parseCatalog } from './catalog.js';
import { createPlatform } from './platform.js';
import type { OrderUpdatedWebhook } from '../server/outgoing-webhooks.js';
import { createWebhookDispatcher, WEBHOOK_RETRY_SCHEDULE_MS } from './outbox.js';
import { createMemoryStore } from './store/memory.js';
import { READER_AGENT } from '../../test/helpers/reader.ts';

const API = 'https://api.vitrine.test';
const PARTNER = 'partner-gadgetbay';
const HOOK = 'https://www.gadgetbay.test/webhooks/vitrine';
const secret = fixtures.webhookSecret(PARTNER);

function setup(options: { webhookUrl?: string } = { webhookUrl: HOOK }) {
  let clock = Date.parse('2026-11-20T08:00:00Z');
  const withHook = {
    ...catalog,
    partners: catalog.partners.map((partner) => (partner.id === PARTNER && options.webhookUrl ? { ...partner, webhookUrl: options.webhookUrl } : partner)),
  };
  const store = createMemoryStore(parseCatalog(withHook, 'test'));
  const platform = createPlatform({ store, now: () => clock });
  const received: Array<{ headers: Headers; body: string }> = [];
  let answer = (): Response => new Response(null, { status: 204 });
  const dispatcher = createWebhookDispatcher({
    store,
    now: () => clock,
    fetch: async (input, init) => {
      expect(String(input)).toBe(HOOK);
      expect(init?.redirect).toBe('manual');
      received.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return answer();
    },
  });
  const convert = async (status: string, clickId?: string) => {
    const body = JSON.stringify({
      type: 'order.status',
      orderId: 'GB-1',
      status,
      ...(clickId && { clickId }),
      occurredAt: new Date(clock).toISOString(),
      currency: 'USD',
      lines: [{ sku: 'GB-AERO-PRO', title: 'Aero Buds Pro', quantity: 1, amount: 12_999 }],
    });
    const headers = await signHeaders({ body, secret, now: () => clock });
    const response = await platform.fetch(new Request(`${API}/v1/partner/conversions?partner=${PARTNER}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }));
    expect(response.status).toBe(200);
  };
  const click = async (clickId: string) => {
    const event = { id: `evt-${clickId}`, type: 'click', at: new Date(clock).toISOString(), recommendationId: 'rec-sam-earbuds', creatorId: 'creator-sam', partnerId: PARTNER, clickId };
    await platform.fetch(new Request(`${API}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT }, body: JSON.stringify({ events: [event] }) }));
  };
  return {
    store,
    dispatcher,
    received,
    convert,
    click,
    advance: (ms: number) => (clock += ms),
    answerWith: (fn: () => Response) => (answer = fn),
    now: () => clock,
  };
}

describe('outgoing webhooks (order.updated)', () => {
  it('tells the partner what was recorded, signed with its secret, verifiable over the raw body', async () => {
    const t = setup();
    const clickId = 'AAAAAAAAAAAAAAAAAAAAAA';
    await t.click(clickId);
    await t.convert('placed', clickId);
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const [delivery] = t.received;
    const verified = await verify({ headers: delivery!.headers, body: delivery!.body, secret, now: t.now });
    expect(verified.id).toBe(delivery!.headers.get('webhook-id'));
    expect(verified.id).toMatch(/^msg_/);
    const message = JSON.parse(delivery!.body) as OrderUpdatedWebhook;
    expect(message.type).toBe('order.updated');
    expect(message.data.order).toMatchObject({ partnerOrderId: 'GB-1', status: 'placed', creatorId: 'creator-sam', clickId });
    expect(message.data.commissions).toHaveLength(1);
    expect(message.data.commissions[0]).toMatchObject({ creatorId: 'creator-sam', state: 'pending', amount: { amount: 1039, currency: 'USD' } });
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 0 });
  });

  it('sends one message per recorded status, and none for a duplicate callback', async () => {
    const t = setup();
    await t.convert('placed');
    await t.convert('placed');
    await t.convert('paid');
    await t.dispatcher.deliverDue();
    expect(t.received.map((delivery) => (JSON.parse(delivery.body) as OrderUpdatedWebhook).data.order.status)).toEqual(['placed', 'paid']);
  });

  it('retries a failed delivery on the schedule with the same webhook-id, then gives up', async () => {
    const t = setup();
    t.answerWith(() => new Response('down', { status: 503 }));
    await t.convert('placed');
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const id = t.received[0]!.headers.get('webhook-id');
    for (const wait of WEBHOOK_RETRY_SCHEDULE_MS) {
      t.advance(wait - 1);
      expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 0 }); // not due yet
      t.advance(1);
      expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    }
    expect(new Set(t.received.map((delivery) => delivery.headers.get('webhook-id')))).toEqual(new Set([id]));
    expect(t.received).toHaveLength(WEBHOOK_RETRY_SCHEDULE_MS.length + 1);
    t.advance(365 * 24 * 3_600_000);
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(await t.store.webhookMessage(id!)).toMatchObject({ abandoned: true, attempts: WEBHOOK_RETRY_SCHEDULE_MS.length + 1, lastStatus: 503 });
  });

  it('treats redirects and network errors as failures, and recovers on a later attempt', async () => {
    const t = setup();
    t.answerWith(() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }));
    await t.convert('placed');
    expect(await t.dispatcher.deliverDue()).toMatchObject({ failed: 1 });
    t.answerWith(() => {
      throw new TypeError('fetch failed');
    });
    t.advance(WEBHOOK_RETRY_SCHEDULE_MS[0]!);
    expect(await t.dispatcher.deliverDue()).toMatchObject({ failed: 1 });
    t.answerWith(() => new Response(null, { status: 200 }));
    t.advance(WEBHOOK_RETRY_SCHEDULE_MS[1]!);
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const message = await t.store.webhookMessage(t.received[0]!.headers.get('webhook-id')!);
    expect(message).toMatchObject({ attempts: 3, lastStatus: 200, abandoned: false });
    expect(message?.deliveredAt).toBe(t.now());
  });

  it('enqueues nothing for a partner without a webhook URL', async () => {
    const t = setup({});
    await t.convert('placed');
    expect(await t.dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(t.received).toHaveLength(0);
  });
});

describe('delivery isolation', () => {
  const HANFANG = 'partner-hanfang';
  const urls: Record<string, string> = { [PARTNER]: HOOK, [HANFANG]: 'https://shop.hanfang.example/hooks' };
  function twoPartners(hang: (url: string) => boolean) {
    const store = createMemoryStore(
      parseCatalog({ ...catalog, partners: catalog.partners.map((p) => (urls[p.id] ? { ...p, webhookUrl: urls[p.id] } : p)) }, 'test'),
    );
    const delivered: string[] = [];
    const dispatcher = createWebhookDispatcher({
      store,
      timeoutMs: 60_000,
      fetch: (input, init) =>
        new Promise<Response>((resolve, reject) => {
          if (!hang(String(input))) {
            delivered.push(String(input));
            return resolve(new Response(null, { status: 204 }));
          }
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    });
    const enqueue = (id: string, partnerId: string) => store.enqueueWebhook({ id, partnerId, type: 'order.updated', payload: '{}', nextAttemptAt: 0 });
    return { store, dispatcher, delivered, enqueue };
  }

  it('delivers every other partner while one partner’s endpoint hangs, and skips the hanging one until its round ends', async () => {
    const { store, dispatcher, delivered, enqueue } = twoPartners((url) => url === HOOK);
    await enqueue('msg_g1', PARTNER);
    await enqueue('msg_h1', HANFANG);
    const first = dispatcher.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivered).toEqual([urls[HANFANG]]);
    // A later round while gadgetbay still hangs: hanfang's new message goes out, gadgetbay is not sent twice.
    await enqueue('msg_h2', HANFANG);
    expect(await dispatcher.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(delivered).toEqual([urls[HANFANG], urls[HANFANG]]);
    // Stopping aborts the hanging attempt at once; it is not counted, the message stays due.
    const started = Date.now();
    await dispatcher.close();
    await first;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await store.webhookMessage('msg_g1')).toMatchObject({ attempts: 0, deliveredAt: null, abandoned: false });
    expect(await dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 0 });
  });

  it('times an attempt out after timeoutMs and retries it later', async () => {
    const store = createMemoryStore(parseCatalog({ ...catalog, partners: catalog.partners.map((p) => (p.id === PARTNER ? { ...p, webhookUrl: HOOK } : p)) }, 'test'));
    const dispatcher = createWebhookDispatcher({
      store,
      timeoutMs: 30,
      fetch: (_input, init) => new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    await store.enqueueWebhook({ id: 'msg_1', partnerId: PARTNER, type: 'order.updated', payload: '{}', nextAttemptAt: 0 });
    expect(await dispatcher.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(await store.webhookMessage('msg_1')).toMatchObject({ attempts: 1, lastStatus: 0, deliveredAt: null });
  });

  it('signs with every secret of a partner mid-rotation, so either verifies', async () => {
    const next = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';
    const store = createMemoryStore(parseCatalog({ ...catalog, partners: catalog.partners.map((p) => (p.id === PARTNER ? { ...p, webhookUrl: HOOK } : p)) }, 'test'));
    await store.setPartnerSecrets(PARTNER, [next, secret]);
    let seen: { headers: Headers; body: string } | undefined;
    const dispatcher = createWebhookDispatcher({
      store,
      fetch: async (_input, init) => {
        seen = { headers: new Headers(init?.headers), body: String(init?.body) };
        return new Response(null, { status: 204 });
      },
    });
    await store.enqueueWebhook({ id: 'msg_1', partnerId: PARTNER, type: 'order.updated', payload: '{"a":1}', nextAttemptAt: 0 });
    await dispatcher.deliverDue();
    expect(seen!.headers.get('webhook-signature')!.split(' ')).toHaveLength(2);
    for (const key of [next, secret]) expect((await verify({ headers: seen!.headers, body: seen!.body, secret: key })).id).toBe('msg_1');
  });
});
