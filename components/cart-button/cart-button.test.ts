// @vitest-environment happy-dom
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCartStore, type CartStore } from '../../src/cart/store.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { createTestPlatform, fixtures } from '../../src/testing/index.js';
import type { VitrineCart } from '../cart/cart.js';
import '../root/define.js';
import type { VitrineRoot } from '../root/root.js';
import type { VitrineCartButton } from './cart-button.js';
import './define.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';

const server = setupServer();
let api = '';
let apis = 0;
let otherTab: CartStore | undefined;
/** happy-dom's window API: waits for pending fetches (events flushed on dispose) before msw closes. */
const happyDOM = (globalThis as unknown as { happyDOM: { waitUntilComplete(): Promise<void> } }).happyDOM;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  localStorage.clear();
  // A fresh API origin per test: happy-dom's HTTP cache would otherwise serve cached partners.
  api = `https://api${++apis}.vitrine.test`;
  server.resetHandlers(...createTestPlatform({ api }).handlers);
});
afterEach(async () => {
  otherTab?.dispose();
  otherTab = undefined;
  document.body.replaceChildren();
  // Work the elements started may still be loading a lazy module (the cart store, resources) before it fetches.
  await vi.dynamicImportSettled();
  await happyDOM.waitUntilComplete();
});
afterAll(() => server.close());

async function mount(attributes = 'locale="en"'): Promise<{ button: VitrineCartButton; client: Vitrine }> {
  const root = document.createElement('vitrine-root') as VitrineRoot;
  root.setAttribute('api', api);
  root.setAttribute('consent', 'granted');
  document.body.append(root);
  // Let the root settle first: its first update replaces a client created before it (see report).
  await root.updateComplete;
  root.innerHTML = `<vitrine-cart-button ${attributes}></vitrine-cart-button>`;
  const button = root.querySelector('vitrine-cart-button')!;
  await button.updateComplete;
  return { button, client: root.vitrine! };
}

const part = (button: VitrineCartButton, name: string) => button.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const drawer = (button: VitrineCartButton) => button.shadowRoot!.querySelector('vitrine-cart') as VitrineCart;

/** A line as another tab would add it: the hotpot offer at Jingxuan. */
function hotpotLine(quantity: number) {
  const card = fixtures.card('rec-lin-hotpot');
  const offer = card.product.offers[0]!;
  return {
    recommendationId: card.recommendation.id,
    creatorId: card.creator.id,
    productId: card.product.id,
    partnerId: offer.partnerId,
    offerUrl: offer.url,
    title: card.product.title,
    price: offer.price,
    quantity,
  };
}

describe('<vitrine-cart-button>', () => {
  it('labels the button with the count and hides the badge at 0', async () => {
    const { button } = await mount();
    expect(part(button, 'button').getAttribute('aria-label')).toBe('Cart, 0 items');
    expect(part(button, 'badge').hidden).toBe(true);
    expect(button.shadowRoot!.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('updates the badge when the cart changes in this tab', async () => {
    const { button, client } = await mount();
    const card = fixtures.card('rec-lin-serum');
    await client.addToCart(card, card.product.offers[0]!, 3);
    await button.updateComplete;
    expect(part(button, 'badge').hidden).toBe(false);
    expect(part(button, 'badge').textContent).toBe('3');
    expect(part(button, 'button').getAttribute('aria-label')).toBe('Cart, 3 items');
  });

  it('updates the badge when another store instance (another tab) adds a line', async () => {
    const { button } = await mount('locale="zh-CN"');
    expect(part(button, 'badge').hidden).toBe(true);
    otherTab = createCartStore({ storage: localStorage });
    otherTab.add(hotpotLine(2));
    await vi.waitFor(() => expect(part(button, 'badge').textContent).toBe('2'));
    expect(part(button, 'badge').hidden).toBe(false);
    expect(part(button, 'button').getAttribute('aria-label')).toBe('购物车，2 件商品');
  });

  it('opens its cart drawer on click and returns focus to the button on Escape', async () => {
    const { button, client } = await mount('locale="en" theme="dark"');
    const card = fixtures.card('rec-lin-hotpot');
    await client.addToCart(card, card.product.offers[0]!);
    // The drawer is rendered (and, with the script tag, loaded) on the first open.
    expect(button.shadowRoot!.querySelector('vitrine-cart')).toBeNull();

    const trigger = part(button, 'button') as HTMLButtonElement;
    trigger.focus();
    trigger.click();
    await vi.waitFor(() => expect(button.shadowRoot!.querySelector('vitrine-cart')).not.toBeNull());
    const cart = drawer(button);
    expect(cart.drawer).toBe(true);
    expect(cart.getAttribute('locale')).toBe('en');
    expect(cart.getAttribute('theme')).toBe('dark');
    await vi.waitFor(() => expect(cart.open).toBe(true));
    await cart.updateComplete;
    const dialog = cart.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(cart.shadowRoot!.activeElement).toBe(cart.shadowRoot!.querySelector('[part~="close"]'));
    await vi.waitFor(() => expect(cart.shadowRoot!.querySelector('[part~="checkout"]')).not.toBeNull());

    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await cart.updateComplete;
    expect(dialog.open).toBe(false);
    expect(cart.open).toBe(false);
    expect(button.shadowRoot!.activeElement).toBe(trigger);
  });

  it('passes its own api attribute to the drawer', async () => {
    const button = document.createElement('vitrine-cart-button');
    button.setAttribute('api', api);
    document.body.append(button);
    await button.updateComplete;
    expect(part(button, 'badge').hidden).toBe(true);
    await button.show();
    expect(drawer(button).getAttribute('api')).toBe(api);
  });

  it('reports a configuration error without an API', async () => {
    const errors: string[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event.detail.error.code));
    const button = document.createElement('vitrine-cart-button');
    document.body.append(button);
    await button.updateComplete;
    expect(errors[0]).toBe('config');
    expect(part(button, 'button')).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(takeConsoleOutput(/missing-api/).length).toBeGreaterThan(0);
  });
});
