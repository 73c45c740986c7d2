// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostAllowed } from '../../src/attribution/links.js';
import type { CartStore } from '../../src/cart/store.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { VitrineError } from '../../src/errors.js';
import { LINK_PARAMS } from '../../src/model/attribution.js';
import { createTestPlatform, fixtures } from '../../src/testing/index.js';
import type { VitrineCheckoutEvent } from '../events/vitrine-checkout.js';
import type { VitrineErrorEvent } from '../events/vitrine-error.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';
import '../root/define.js';
import type { VitrineRoot } from '../root/root.js';
import type { VitrineCart } from './cart.js';
import './define.js';

const server = setupServer();
let api = '';
let apis = 0;
/** happy-dom's window API: waits for pending fetches (events flushed on dispose) before msw closes. */
const happyDOM = (globalThis as unknown as { happyDOM: { waitUntilComplete(): Promise<void> } }).happyDOM;
const HANFANG = 'partner-hanfang';
const JINGXUAN = 'partner-jingxuan';

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  localStorage.clear();
  // A fresh API origin per test: happy-dom's HTTP cache would otherwise serve cached partners.
  api = `https://api${++apis}.vitrine.test`;
  server.resetHandlers(...createTestPlatform({ api }).handlers);
  // Links would navigate happy-dom's window; the cart's own handlers run first.
  document.addEventListener('click', stopNavigation);
});
afterEach(async () => {
  document.body.replaceChildren();
  document.removeEventListener('click', stopNavigation);
  // Work the elements started may still be loading a lazy module (the cart store, resources) before it fetches.
  await vi.dynamicImportSettled();
  await happyDOM.waitUntilComplete();
  server.events.removeAllListeners();
});
afterAll(() => server.close());

function stopNavigation(event: Event) {
  event.preventDefault();
}

async function mount(attributes = 'locale="en"'): Promise<{ cart: VitrineCart; client: Vitrine; store: CartStore }> {
  const root = document.createElement('vitrine-root') as VitrineRoot;
  root.setAttribute('api', api);
  root.setAttribute('consent', 'granted');
  document.body.append(root);
  // Let the root settle first: its first update replaces a client created before it (see report).
  await root.updateComplete;
  root.innerHTML = `<vitrine-cart ${attributes}></vitrine-cart>`;
  const cart = root.querySelector('vitrine-cart')!;
  await cart.updateComplete;
  const client = root.vitrine!;
  // The store is loaded on first use; the cart element asked for it on connect.
  const store = await client.loadCart();
  await cart.updateComplete;
  return { cart, client, store };
}

/** Adds the first offer of `partnerId` for a demo recommendation. */
function add(client: Vitrine, rec: string, partnerId: string, quantity = 1) {
  const card = fixtures.card(rec);
  const offer = card.product.offers.find((candidate) => candidate.partnerId === partnerId)!;
  return client.addToCart(card, offer, quantity);
}

const parts = (cart: VitrineCart, name: string, within: ParentNode = cart.shadowRoot!) => [...within.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const part = (cart: VitrineCart, name: string, within?: ParentNode) => parts(cart, name, within)[0];
const status = (cart: VitrineCart) => cart.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

async function planned(cart: VitrineCart, groups: number) {
  await vi.waitFor(() => expect(parts(cart, 'checkout').length + parts(cart, 'rejected').length).toBe(groups), { timeout: 5000 });
  await cart.updateComplete;
}

describe('<vitrine-cart>', () => {
  it('shows the empty state', async () => {
    const { cart } = await mount();
    expect(part(cart, 'empty')?.textContent).toBe('Your cart is empty');
    expect(part(cart, 'group')).toBeUndefined();
    expect(part(cart, 'dialog')).toBeUndefined();
  });

  it('groups lines by partner shop, with subtotals and one checkout link each', async () => {
    const { cart, client } = await mount();
    await add(client, 'rec-lin-serum', HANFANG, 2);
    await add(client, 'rec-lin-sunscreen', HANFANG);
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    await planned(cart, 2);

    const groups = parts(cart, 'group');
    expect(groups).toHaveLength(2);
    const [hanfang, jingxuan] = groups;
    expect(part(cart, 'partner', hanfang)?.textContent).toBe(fixtures.partner(HANFANG).name);
    expect(part(cart, 'partner', jingxuan)?.textContent).toBe(fixtures.partner(JINGXUAN).name);
    expect(parts(cart, 'line', hanfang)).toHaveLength(2);
    expect(parts(cart, 'line', jingxuan)).toHaveLength(1);
    // 2 × ¥199.00 + ¥128.00
    expect(part(cart, 'subtotal', hanfang)?.textContent).toContain('CN¥526.00');
    expect(part(cart, 'subtotal', jingxuan)?.textContent).toContain('CN¥39.90');
    const line = part(cart, 'line', hanfang)!;
    expect(line.textContent).toContain(fixtures.card('rec-lin-serum').product.title);
    expect(line.textContent).toContain('CN¥398.00');
    expect(parts(cart, 'checkout', hanfang)).toHaveLength(1);
    expect(part(cart, 'checkout', hanfang)?.getAttribute('title')).toBe(`Check out at ${fixtures.partner(HANFANG).name}`);
    expect(part(cart, 'checkout', hanfang)?.textContent).toBe(`Check out${fixtures.partner(HANFANG).name}`); // the shop beside "Check out" (a CSS separator)
    expect(part(cart, 'checkout', jingxuan)?.getAttribute('title')).toBe(`Check out at ${fixtures.partner(JINGXUAN).name}`);
  });

  it('shows subtotals per currency', async () => {
    const { cart, client } = await mount();
    await add(client, 'rec-lin-serum', HANFANG);
    await add(client, 'rec-lin-earbuds', HANFANG);
    await add(client, 'rec-sam-charger', 'partner-gadgetbay', 3);
    await planned(cart, 2);
    const [hanfang, gadgetbay] = parts(cart, 'group');
    expect(part(cart, 'subtotal', hanfang)?.textContent).toContain('CN¥1,098.00');
    expect(part(cart, 'subtotal', gadgetbay)?.textContent).toContain('$119.97');
  });

  it('changes quantities with the stepper and the input, and announces it', async () => {
    const { cart, client, store } = await mount();
    const added = await add(client, 'rec-lin-serum', HANFANG);
    await planned(cart, 1);
    const stepper = part(cart, 'quantity')!;
    const [minus, input, plus] = [...stepper.querySelectorAll('button, input')] as [HTMLButtonElement, HTMLInputElement, HTMLButtonElement];
    expect(stepper.getAttribute('role')).toBe('group');
    expect(input.type).toBe('number');
    expect([input.min, input.max]).toEqual(['1', '99']);
    expect(input.getAttribute('aria-label')).toBe(`Quantity of ${added.title}`);
    expect(minus.getAttribute('aria-disabled')).toBe('true');

    plus.click();
    await cart.updateComplete;
    expect(store.state.lines[0]?.quantity).toBe(2);
    expect(input.value).toBe('2');
    expect(part(cart, 'line')?.textContent).toContain('CN¥398.00');
    expect(status(cart)).toBe(`${added.title}: quantity 2`);

    minus.click();
    await cart.updateComplete;
    expect(store.state.lines[0]?.quantity).toBe(1);
    minus.click(); // already at 1: nothing happens
    await cart.updateComplete;
    expect(store.state.lines[0]?.quantity).toBe(1);

    input.value = '150';
    input.dispatchEvent(new Event('change'));
    await cart.updateComplete;
    expect(store.state.lines[0]?.quantity).toBe(99);
    expect(input.value).toBe('99');

    input.value = 'abc';
    input.dispatchEvent(new Event('change'));
    await cart.updateComplete;
    expect(store.state.lines[0]?.quantity).toBe(99);
    expect(input.value).toBe('99');
  });

  it('re-plans checkout when the cart changes', async () => {
    const { cart, client } = await mount();
    await add(client, 'rec-lin-serum', HANFANG);
    await planned(cart, 1);
    const before = new URL((part(cart, 'checkout') as HTMLAnchorElement).href);
    expect(before.searchParams.get('items')).toBe('HF-88123:1');
    (part(cart, 'quantity')!.querySelectorAll('button')[1] as HTMLButtonElement).click();
    await vi.waitFor(() => expect(new URL((part(cart, 'checkout') as HTMLAnchorElement).href).searchParams.get('items')).toBe('HF-88123:2'));
  });

  it('removes lines, announces it and keeps focus in the cart, then shows the empty state', async () => {
    const { cart, client, store } = await mount();
    const serum = await add(client, 'rec-lin-serum', HANFANG);
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    await planned(cart, 2);
    const remove = parts(cart, 'remove')[0]!;
    expect(remove.getAttribute('aria-label')).toBe(`Remove ${serum.title}`);
    remove.focus();
    remove.click();
    await vi.waitFor(() => expect(parts(cart, 'group')).toHaveLength(1));
    expect(store.state.lines.map((line) => line.partnerId)).toEqual([JINGXUAN]);
    expect(status(cart)).toBe(`${serum.title} removed from the cart`);
    await vi.waitFor(() => expect(cart.shadowRoot!.activeElement?.localName).toBe('h2'));

    parts(cart, 'remove')[0]!.click();
    await vi.waitFor(() => expect(part(cart, 'empty')).toBeDefined());
    expect(part(cart, 'checkout')).toBeUndefined();
  });

  it('links each group to its allow-listed partner with attribution, and records the hand-off', async () => {
    const { cart, client } = await mount();
    await add(client, 'rec-lin-serum', HANFANG, 2);
    await add(client, 'rec-lin-tea', HANFANG);
    await planned(cart, 1);
    const link = part(cart, 'checkout') as HTMLAnchorElement;
    const url = new URL(link.href);
    expect(url.protocol).toBe('https:');
    expect(hostAllowed(url.hostname, fixtures.partner(HANFANG).hosts)).toBe(true);
    expect(url.pathname).toBe('/cart/add');
    expect(url.searchParams.get('items')).toBe('HF-88123:2,HF-90001:1');
    expect(url.searchParams.get(LINK_PARAMS.clickId)).toBeTruthy();
    expect(url.searchParams.get(LINK_PARAMS.creator)).toBe('creator-lin');
    expect(url.searchParams.get(LINK_PARAMS.recommendation)).toBe('rec-lin-serum');
    expect(link.target).toBe('_blank');
    expect(link.rel.split(' ')).toEqual(expect.arrayContaining(['sponsored', 'noopener']));

    const seen = vi.fn();
    cart.addEventListener('vitrine-checkout', (event: VitrineCheckoutEvent) => seen(event.detail.handOff));
    const record = vi.spyOn(client, 'recordCheckout');
    let prevented: boolean | undefined;
    cart.addEventListener('click', (event) => (prevented = event.defaultPrevented));
    link.click();
    expect(prevented).toBe(false);
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ partnerId: HANFANG, url: link.href, clickId: url.searchParams.get(LINK_PARAMS.clickId) }));
    expect(record).toHaveBeenCalledTimes(1);
    expect(client.clicks.list()).toContain(url.searchParams.get(LINK_PARAMS.clickId));
    // The next hand-off gets a fresh click id.
    await vi.waitFor(() => expect((part(cart, 'checkout') as HTMLAnchorElement).href).not.toBe(url.href));
    expect(new URL((part(cart, 'checkout') as HTMLAnchorElement).href).searchParams.get(LINK_PARAMS.clickId)).not.toBe(url.searchParams.get(LINK_PARAMS.clickId));
  });

  it('lets the host cancel checkout: no navigation, nothing recorded', async () => {
    const { cart, client } = await mount();
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    await planned(cart, 1);
    cart.addEventListener('vitrine-checkout', (event) => event.preventDefault());
    const record = vi.spyOn(client, 'recordCheckout');
    let prevented: boolean | undefined;
    cart.addEventListener('click', (event) => (prevented = event.defaultPrevented));
    const link = part(cart, 'checkout') as HTMLAnchorElement;
    link.click();
    expect(prevented).toBe(true);
    expect(record).not.toHaveBeenCalled();
    expect(client.clicks.list()).toEqual([]);
  });

  it('shows a message, not a link, for a group that cannot be checked out', async () => {
    const { cart, client, store } = await mount();
    const errors: VitrineErrorEvent['detail'][] = [];
    cart.addEventListener('vitrine-error', (event) => errors.push(event.detail));
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    store.add({
      recommendationId: 'rec-gone',
      creatorId: 'creator-lin',
      productId: 'prod-gone',
      partnerId: 'partner-gone',
      offerUrl: 'https://shop.gone.example/item/1',
      title: 'A product of a shop that left',
      price: { amount: 1000, currency: 'CNY' },
    });
    await planned(cart, 2);
    const [jingxuan, gone] = parts(cart, 'group');
    expect(part(cart, 'checkout', jingxuan)).toBeDefined();
    expect(part(cart, 'partner', gone)?.textContent).toBe('partner-gone');
    expect(part(cart, 'line', gone)?.textContent).toContain('A product of a shop that left');
    expect(part(cart, 'checkout', gone)).toBeUndefined();
    expect(part(cart, 'rejected', gone)?.textContent).toContain('Checkout at partner-gone is not available');
    expect(errors).toEqual([expect.objectContaining({ action: 'checkout', error: expect.objectContaining({ code: 'unsafe_link' }) })]);
  });

  it('falls back to partner ids when partners cannot be loaded, and recovers on retry', async () => {
    server.use(http.get(`${api}/v1/partners`, () => HttpResponse.json({ title: 'Not here' }, { status: 404 })));
    const { cart, store } = await mount();
    store.add(lineOf('rec-lin-hotpot', JINGXUAN));
    await planned(cart, 1);
    expect(part(cart, 'partner')?.textContent).toBe(JINGXUAN);
    expect(part(cart, 'rejected')).toBeDefined();
    // happy-dom logs the failed request, as a browser would (404 is not retried).
    expect(takeConsoleOutput(/v1\/partners 404/).length).toBeGreaterThan(0);

    server.resetHandlers(...createTestPlatform({ api }).handlers);
    part(cart, 'rejected')!.querySelector('button')!.click();
    await vi.waitFor(() => expect(part(cart, 'checkout')).toBeDefined());
    expect(part(cart, 'partner')?.textContent).toBe(fixtures.partner(JINGXUAN).name);
    expect(part(cart, 'rejected')).toBeUndefined();
  });

  it('shows the message in every group when planning fails, and reports it', async () => {
    const { cart, client } = await mount();
    const errors: string[] = [];
    cart.addEventListener('vitrine-error', (event) => errors.push(event.detail.error.code));
    vi.spyOn(client, 'planCheckout').mockRejectedValueOnce(new VitrineError('network', 'offline'));
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    await planned(cart, 1);
    expect(part(cart, 'rejected')?.textContent).toContain('is not available');
    expect(errors).toEqual(['network']);
    part(cart, 'rejected')!.querySelector('button')!.click();
    await vi.waitFor(() => expect(part(cart, 'checkout')).toBeDefined());
  });

  it('renders hostile strings as text', async () => {
    const { cart, store } = await mount();
    const hostile = '<img src=x onerror=alert(1)> & "x"';
    store.add({ ...lineOf('rec-lin-hotpot', JINGXUAN), title: hostile });
    await planned(cart, 1);
    const line = part(cart, 'line')!;
    expect(line.querySelector('.title')?.textContent).toBe(hostile);
    expect(line.querySelector('.title img')).toBeNull();
  });

  it('lists favourites and removes them', async () => {
    const { cart, store } = await mount();
    store.toggleFavourite({ recommendationId: 'rec-lin-tea', productId: 'prod-tea', title: '明前龙井茶 250g 礼盒装' });
    await cart.updateComplete;
    const favourites = part(cart, 'favourites')!;
    expect(favourites.textContent).toContain('Favourites');
    expect(favourites.textContent).toContain('明前龙井茶 250g 礼盒装');
    expect(part(cart, 'empty')).toBeDefined();
    part(cart, 'remove', favourites)!.click();
    await cart.updateComplete;
    expect(store.isFavourite('rec-lin-tea')).toBe(false);
    expect(part(cart, 'favourites')).toBeUndefined();
    expect(status(cart)).toBe('明前龙井茶 250g 礼盒装 removed from favourites');
  });

  it('speaks the active locale', async () => {
    const { cart, client } = await mount('locale="zh-CN"');
    await add(client, 'rec-lin-hotpot', JINGXUAN);
    await planned(cart, 1);
    expect(cart.shadowRoot!.querySelector('h2')?.textContent).toBe('购物车');
    expect(part(cart, 'checkout')?.getAttribute('title')).toBe(`去${fixtures.partner(JINGXUAN).name}结算`);
    expect(part(cart, 'subtotal')?.textContent).toContain('小计');
  });

  it('shows a configuration error without an API', async () => {
    const errors: string[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event.detail.error.code), { once: true });
    const cart = document.createElement('vitrine-cart');
    document.body.append(cart);
    await cart.updateComplete;
    expect(part(cart, 'error')?.textContent).toContain('This can’t be shown right now.');
    expect(errors).toEqual(['config']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(takeConsoleOutput(/missing-api/)).toEqual([expect.stringContaining('No platform API is configured for <vitrine-cart>')]);
  });

  describe('drawer', () => {
    it('opens as a modal dialog, moves focus in, and closes with Escape, restoring focus', async () => {
      const opener = document.createElement('button');
      document.body.append(opener);
      opener.focus();
      const { cart, client } = await mount('locale="en" drawer');
      await add(client, 'rec-lin-hotpot', JINGXUAN);
      const dialog = part(cart, 'dialog') as HTMLDialogElement;
      expect(dialog.localName).toBe('dialog');
      expect(dialog.open).toBe(false);
      const showModal = vi.spyOn(dialog, 'showModal');

      cart.show();
      await cart.updateComplete;
      expect(cart.open).toBe(true);
      expect(cart.hasAttribute('open')).toBe(true);
      expect(showModal).toHaveBeenCalled();
      expect(dialog.open).toBe(true);
      expect(cart.shadowRoot!.activeElement).toBe(part(cart, 'close'));
      await planned(cart, 1);

      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      await cart.updateComplete;
      expect(cart.open).toBe(false);
      expect(cart.hasAttribute('open')).toBe(false);
      expect(dialog.open).toBe(false);
      expect(document.activeElement).toBe(opener);
    });

    it('closes with the close button and on a backdrop click', async () => {
      const { cart } = await mount('locale="en" drawer');
      cart.open = true;
      await cart.updateComplete;
      const dialog = part(cart, 'dialog') as HTMLDialogElement;
      expect(dialog.open).toBe(true);
      expect(part(cart, 'close')?.getAttribute('aria-label')).toBe('Close');
      part(cart, 'close')!.click();
      await cart.updateComplete;
      expect(dialog.open).toBe(false);
      expect(cart.open).toBe(false);

      cart.show();
      await cart.updateComplete;
      part(cart, 'empty')!.click(); // inside the panel: stays open
      await cart.updateComplete;
      expect(dialog.open).toBe(true);
      dialog.click(); // the backdrop
      await cart.updateComplete;
      expect(dialog.open).toBe(false);
      expect(cart.open).toBe(false);
    });

    it('shares the sheet\'s modal behaviour: Tab stays inside, and the same show/hide events', async () => {
      const { cart, client } = await mount('locale="en" drawer');
      await add(client, 'rec-lin-hotpot', JINGXUAN);
      const seen: string[] = [];
      for (const type of ['vitrine-show', 'vitrine-after-show', 'vitrine-hide', 'vitrine-after-hide']) cart.addEventListener(type, (event) => seen.push(event.type));
      cart.show();
      await cart.updateComplete;
      expect(seen).toEqual(['vitrine-show', 'vitrine-after-show']);
      const close = part(cart, 'close')!;
      expect(cart.shadowRoot!.activeElement).toBe(close);
      const back = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true });
      close.dispatchEvent(back);
      expect(back.defaultPrevented).toBe(true);
      expect(cart.shadowRoot!.activeElement).not.toBe(close);
      const last = cart.shadowRoot!.activeElement as HTMLElement;
      const forward = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
      last.dispatchEvent(forward);
      expect(forward.defaultPrevented).toBe(true);
      expect(cart.shadowRoot!.activeElement).toBe(close);
      cart.hide();
      await vi.waitFor(() => expect(seen).toEqual(['vitrine-show', 'vitrine-after-show', 'vitrine-hide', 'vitrine-after-hide']));
    });

    it('does not load partners or plan checkout while closed', async () => {
      let partnerRequests = 0;
      server.events.on('request:start', ({ request }) => {
        if (new URL(request.url).pathname === '/v1/partners') partnerRequests += 1;
      });
      const { cart, client } = await mount('locale="en" drawer');
      await add(client, 'rec-lin-hotpot', JINGXUAN);
      await cart.updateComplete;
      expect(part(cart, 'checkout')).toBeUndefined();
      expect(partnerRequests).toBe(0);
      cart.show();
      await planned(cart, 1);
      expect(partnerRequests).toBe(1);
    });
  });
});

/** A cart line for a demo recommendation's offer at `partnerId`, without going through `addToCart`. */
function lineOf(rec: string, partnerId: string) {
  const card = fixtures.card(rec);
  const offer = card.product.offers.find((candidate) => candidate.partnerId === partnerId)!;
  return {
    recommendationId: card.recommendation.id,
    creatorId: card.creator.id,
    productId: card.product.id,
    partnerId,
    offerUrl: offer.url,
    title: card.product.title,
    price: offer.price,
    ...(offer.sku ? { sku: offer.sku } : {}),
  };
}
