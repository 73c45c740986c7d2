// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CardPayload } from '../../src/model/recommendation.js';
import { createTestPlatform, fixtures } from '../../src/testing/index.js';
import '../card/define.js';
import type { VitrineCard } from '../card/card.js';
import type { VitrineAddToCartEvent } from '../events/vitrine-add-to-cart.js';
import type { VitrineClickEvent } from '../events/vitrine-click.js';
import type { VitrineErrorEvent } from '../events/vitrine-error.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';
import type { VitrineBuySheet } from './buy-sheet.js';
import './define.js';

const API = 'https://api.vitrine.test';
// The test platform answers no-store, so happy-dom's HTTP cache never hides a handler.
const { handlers } = createTestPlatform();
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  document.body.replaceChildren();
  localStorage.clear();
});
afterAll(() => server.close());

const part = <T extends Element = HTMLElement>(root: Element, name: string) => root.shadowRoot!.querySelector<T & Element>(`[part~='${name}']`);
const parts = <T extends Element = HTMLElement>(root: Element, name: string) => [...root.shadowRoot!.querySelectorAll<T & Element>(`[part~='${name}']`)];
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim();

/**
 * Stops happy-dom from following links (it would fetch the partner page) and
 * records, per click, whether the link would have navigated.
 */
function watchNavigation(sheet: VitrineBuySheet): boolean[] {
  const navigated: boolean[] = [];
  sheet.shadowRoot!.addEventListener('click', (event) => {
    if (!(event.target instanceof HTMLAnchorElement)) return;
    navigated.push(!event.defaultPrevented);
    event.preventDefault();
  });
  return navigated;
}

/** A focusable button in the page, as the element that opened the sheet. */
function opener(): HTMLButtonElement {
  const button = document.createElement('button');
  button.textContent = 'open';
  document.body.append(button);
  button.focus();
  return button;
}

async function mount(setup: (sheet: VitrineBuySheet) => void = (sheet) => (sheet.card = fixtures.card('rec-lin-serum'))): Promise<VitrineBuySheet> {
  const sheet = document.createElement('vitrine-buy-sheet');
  sheet.setAttribute('api', API);
  sheet.locale = 'en';
  setup(sheet);
  document.body.append(sheet);
  await sheet.show();
  await vi.waitFor(() => expect(part(sheet, 'title')).not.toBeNull());
  return sheet;
}

describe('<vitrine-buy-sheet> content', () => {
  it('loads a card by rec through the API and shows everything: gallery, title, creator, disclosure, full reason, every offer', async () => {
    const sheet = await mount((element) => element.setAttribute('rec', 'rec-lin-serum'));
    const card = fixtures.card('rec-lin-serum');
    const dialog = part<HTMLDialogElement>(sheet, 'dialog')!;
    expect(dialog.open).toBe(true);
    expect(sheet.hasAttribute('open')).toBe(true);
    expect(dialog.getAttribute('aria-labelledby')).toBe('title');
    expect(text(part(sheet, 'title'))).toBe(card.product.title);
    expect(text(part(sheet, 'creator'))).toContain('Recommended by 林小鹿');
    expect(part(sheet, 'creator')!.querySelector('[role=img]')!.getAttribute('aria-label')).toBe('Verified creator');
    expect(text(part(sheet, 'disclosure'))).toBe('Ad · I earn a commission');
    expect(part(sheet, 'reason')!.textContent).toBe(card.recommendation.reason);

    const offers = parts(sheet, 'offer');
    expect(offers).toHaveLength(2);
    expect(text(offers[0]!.querySelector('[part~=partner]'))).toBe('韩坊百货 Hanfang Department Store');
    expect(offers[0]!.querySelector('[part~=partner] img')!.getAttribute('src')).toBe('https://img.vitrine.test/partners/hanfang.svg');
    expect(text(offers[0]!.querySelector('[part~=price]'))).toMatch(/^Price CN¥199\.00$/);
    expect(text(offers[0]!.querySelector('[part~=list-price]'))).toMatch(/^List price CN¥259\.00$/);
    expect(text(offers[0]!.querySelector('[part~=stock]'))).toBe('In stock');
    expect(text(offers[1]!.querySelector('[part~=partner]'))).toBe('京选商城 Jingxuan Mall');
    expect(offers[1]!.querySelector('[part~=list-price]')).toBeNull();
    expect(text(offers[1]!.querySelector('[part~=stock]'))).toBe('Only a few left');

    const links = parts<HTMLAnchorElement>(sheet, 'buy');
    expect(links.map((link) => new URL(link.href).host)).toEqual(['shop.hanfang.example', 'item.jingxuan.example']);
    // The shop is named in its row, and read with the link (its text, visually hidden); the tooltip says it too.
    expect(links.map((link) => (text(link) ?? '').replace(/\s+/g, ' '))).toEqual(['Buy · 韩坊百货 Hanfang Department Store', 'Buy · 京选商城 Jingxuan Mall']);
    expect(links.map((link) => link.getAttribute('title'))).toEqual(['Buy at 韩坊百货 Hanfang Department Store', 'Buy at 京选商城 Jingxuan Mall']);
    for (const link of links) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('sponsored noopener');
    }
    // each link carries its own click id
    const ids = links.map((link) => new URL(link.href).searchParams.get('vt_click'));
    expect(ids[0]).toMatch(/^[\w-]{16,}$/);
    expect(ids[1]).toMatch(/^[\w-]{16,}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(parts(sheet, 'add-to-cart').map((button) => text(button))).toEqual(['Add to cart', 'Add to cart']);
  });

  it('renders hostile strings as text', async () => {
    const sheet = await mount((element) => {
      const card = fixtures.card('rec-sam-hostile');
      card.product.title = '<b onmouseover=alert(1)>bold</b>';
      card.partners[0]!.name = '<i>Shop</i>';
      element.card = card;
    });
    const reason = part(sheet, 'reason')!;
    expect(reason.textContent).toBe(fixtures.card('rec-sam-hostile').recommendation.reason);
    expect(reason.querySelector('img, script')).toBeNull();
    expect(part(sheet, 'title')!.textContent).toBe('<b onmouseover=alert(1)>bold</b>');
    expect(part(sheet, 'title')!.querySelector('b')).toBeNull();
    expect(text(part(sheet, 'partner'))).toBe('<i>Shop</i>');
    expect(sheet.shadowRoot!.querySelector('i, script')).toBeNull();
  });

  it('speaks the element locale', async () => {
    const sheet = await mount((element) => {
      element.card = fixtures.card('rec-lin-tea');
      element.locale = 'zh-CN';
    });
    expect(part(sheet, 'close')!.getAttribute('aria-label')).toBe('关闭');
    expect(text(part(sheet, 'disclosure'))).toBe('广告');
    // The creator's shop comes first: sold out there (no buy link), Jingxuan's offer is the one to buy.
    expect(text(parts(sheet, 'stock')[0])).toBe('缺货');
    expect(text(parts(sheet, 'buy')[0])).toBe('已售罄');
    expect(text(parts(sheet, 'offer-note')[0])).toBe('韩坊百货 Hanfang Department Store 已售罄，改由这家销售');
  });

  it('shows no link for an offer outside the allow-list, and reports it', async () => {
    const errors: VitrineErrorEvent[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event), { once: true });
    const sheet = await mount((element) => {
      const card = fixtures.card('rec-lin-serum');
      card.product.offers[1]!.url = 'https://evil.example/steal';
      element.card = card;
    });
    const [safe, unsafe] = parts(sheet, 'offer');
    expect(safe!.querySelector('a[part~=buy]')).not.toBeNull();
    expect(unsafe!.querySelector('a')).toBeNull();
    expect(text(unsafe!.querySelector('[part~=buy]'))).toBe('No safe link to this shop');
    expect(unsafe!.querySelector<HTMLButtonElement>('[part~=add-to-cart]')!.disabled).toBe(true);
    expect(errors[0]?.detail.error.code).toBe('unsafe_link');
    expect(errors[0]?.detail.action).toBe('link');
  });

  it('disables add-to-cart for an out-of-stock offer', async () => {
    const sheet = await mount((element) => (element.card = fixtures.card('rec-lin-mooncake')));
    expect(text(part(sheet, 'stock'))).toBe('Out of stock');
    expect(part<HTMLButtonElement>(sheet, 'add-to-cart')!.disabled).toBe(true);
  });

  it('shows the error state when loading fails, and retries', async () => {
    server.use(http.get(`${API}/v1/cards`, () => HttpResponse.json({ title: 'boom', status: 400, code: 'invalid_input' }, { status: 400 })));
    const errors: VitrineErrorEvent[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event));
    const sheet = document.createElement('vitrine-buy-sheet');
    sheet.setAttribute('api', API);
    sheet.setAttribute('locale', 'en');
    sheet.rec = 'rec-lin-tea';
    document.body.append(sheet);
    await sheet.show();
    await vi.waitFor(() => expect(part(sheet, 'error')).not.toBeNull());
    expect(text(part(sheet, 'error'))).toContain('This product could not be loaded.');
    expect(errors.map((event) => event.detail.action)).toContain('load-card');
    expect(part(sheet, 'close')).not.toBeNull();
    expect(takeConsoleOutput(/400 \(Bad Request\)/)).toHaveLength(1); // happy-dom logs the failed request, as browsers do

    server.resetHandlers();
    part(sheet, 'retry')!.click();
    await vi.waitFor(() => expect(text(part(sheet, 'title'))).toBe(fixtures.card('rec-lin-tea').product.title));
  });
});

describe('<vitrine-buy-sheet> gallery', () => {
  it('switches images with thumbnail buttons and the arrow keys', async () => {
    const sheet = await mount();
    const [first, second] = fixtures.card('rec-lin-serum').product.images;
    const main = () => part<HTMLImageElement>(sheet, 'image')!;
    expect(main().getAttribute('src')).toBe(first!.src);
    expect(main().getAttribute('alt')).toBe(first!.alt);
    expect(main().getAttribute('loading')).toBe('lazy');
    expect([main().getAttribute('width'), main().getAttribute('height')]).toEqual(['1200', '1200']);

    const thumbs = parts<HTMLButtonElement>(sheet, 'thumbnail');
    expect(thumbs.map((thumb) => thumb.getAttribute('aria-label'))).toEqual(['Image 1 of 2', 'Image 2 of 2']);
    expect(thumbs.map((thumb) => thumb.getAttribute('aria-current'))).toEqual(['true', 'false']);
    expect(thumbs.map((thumb) => thumb.tabIndex)).toEqual([0, -1]);

    thumbs[1]!.click();
    await sheet.updateComplete;
    expect(main().getAttribute('src')).toBe(second!.src);
    expect([main().getAttribute('width'), main().getAttribute('height')]).toEqual(['1200', '900']);

    const key = (target: Element, name: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true, cancelable: true }));
    const current = () => parts(sheet, 'thumbnail').findIndex((thumb) => thumb.getAttribute('aria-current') === 'true');
    expect(key(parts(sheet, 'thumbnail')[1]!, 'ArrowRight')).toBe(false); // handled: wraps to the first
    await vi.waitFor(() => expect(sheet.shadowRoot!.activeElement).toBe(parts(sheet, 'thumbnail')[0]));
    expect(current()).toBe(0);
    key(parts(sheet, 'thumbnail')[0]!, 'End');
    await vi.waitFor(() => expect(sheet.shadowRoot!.activeElement).toBe(parts(sheet, 'thumbnail')[1]));
    key(parts(sheet, 'thumbnail')[1]!, 'ArrowLeft');
    await vi.waitFor(() => expect(current()).toBe(0));
    expect(key(parts(sheet, 'thumbnail')[0]!, 'a')).toBe(true);
  });

  it('has no thumbnails for a single image', async () => {
    const sheet = await mount((element) => (element.card = fixtures.card('rec-lin-hotpot')));
    expect(part(sheet, 'image')).not.toBeNull();
    expect(parts(sheet, 'thumbnail')).toHaveLength(0);
  });
});

describe('<vitrine-buy-sheet> actions', () => {
  it('fires vitrine-click per offer, records the click, lets the link open and then refreshes only that click id', async () => {
    const sheet = await mount();
    const navigated = watchNavigation(sheet);
    const clicks: VitrineClickEvent[] = [];
    document.addEventListener('vitrine-click', (event) => clicks.push(event), { once: true });
    const [first, second] = parts<HTMLAnchorElement>(sheet, 'buy');
    const before = [first!.href, second!.href];
    first!.click();
    expect(clicks).toHaveLength(1);
    const detail = clicks[0]!.detail;
    expect(detail).toMatchObject({ url: before[0], partnerId: 'partner-hanfang', recommendationId: 'rec-lin-serum', creatorId: 'creator-lin' });
    expect(before[0]).toContain(detail.clickId);
    expect(navigated).toEqual([true]);
    expect(localStorage.getItem('vitrine:clicks')).toContain(detail.clickId);
    await vi.waitFor(() => expect(parts<HTMLAnchorElement>(sheet, 'buy')[0]!.href).not.toBe(before[0]));
    expect(parts<HTMLAnchorElement>(sheet, 'buy')[0]!.href).not.toContain(detail.clickId);
    expect(parts<HTMLAnchorElement>(sheet, 'buy')[1]!.href).toBe(before[1]);
  });

  it('sends its placement with the click events, as the card that opened it would', async () => {
    const sent: Array<{ type: string; placement?: string; page?: string }> = [];
    const onRequest = ({ request }: { request: Request }) => {
      if (new URL(request.url).pathname === '/v1/events') void request.clone().text().then((body) => sent.push(...(JSON.parse(body) as { events: typeof sent }).events));
    };
    server.events.on('request:start', onRequest);
    try {
      const sheet = await mount((element) => {
        element.card = fixtures.card('rec-lin-serum');
        element.setAttribute('placement', 'post-hero');
      });
      watchNavigation(sheet);
      parts<HTMLAnchorElement>(sheet, 'buy')[0]!.click();
      await vi.waitFor(() => expect(sent.map((event) => [event.type, event.placement])).toContainEqual(['click', 'post-hero']));
      expect(sent.find((event) => event.type === 'click')?.page).toBe(`${location.origin}${location.pathname}`);
    } finally {
      server.events.removeListener('request:start', onRequest);
    }
  });

  it('neither navigates nor records when vitrine-click is cancelled', async () => {
    const sheet = await mount();
    const navigated = watchNavigation(sheet);
    document.addEventListener('vitrine-click', (event) => event.preventDefault(), { once: true });
    const link = parts<HTMLAnchorElement>(sheet, 'buy')[1]!;
    const href = link.href;
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(navigated).toEqual([false]);
    const clickId = new URL(href).searchParams.get('vt_click')!;
    expect(clickId).toBeTruthy();
    expect(localStorage.getItem('vitrine:clicks') ?? '').not.toContain(clickId);
    await new Promise((resolve) => setTimeout(resolve));
    expect(parts<HTMLAnchorElement>(sheet, 'buy')[1]!.href).toBe(href);
  });

  it('adds an offer to the cart, announces it, and honours a cancelled vitrine-add-to-cart', async () => {
    const sheet = await mount();
    const added: VitrineAddToCartEvent[] = [];
    const veto = (event: VitrineAddToCartEvent) => {
      added.push(event);
      event.preventDefault();
    };
    document.addEventListener('vitrine-add-to-cart', veto);
    parts(sheet, 'add-to-cart')[1]!.click();
    expect(added).toHaveLength(1);
    expect(added[0]!.detail.offer.partnerId).toBe('partner-jingxuan');
    expect(localStorage.getItem('vitrine:cart') ?? '').not.toContain('prod-serum');
    document.removeEventListener('vitrine-add-to-cart', veto);

    parts(sheet, 'add-to-cart')[1]!.click();
    // The cart store is loaded on the first add.
    await vi.waitFor(() => expect(text(parts(sheet, 'add-to-cart')[1])).toBe('Added to cart'));
    const cart = JSON.parse(localStorage.getItem('vitrine:cart')!) as { lines: Array<{ partnerId: string; productId: string }> };
    expect(cart.lines).toEqual([expect.objectContaining({ partnerId: 'partner-jingxuan', productId: 'prod-serum' })]);
    expect(text(parts(sheet, 'add-to-cart')[0])).toBe('Add to cart');
    expect(text(part(sheet, 'status'))).toBe('Added to cart');
    expect(part(sheet, 'status')!.getAttribute('role')).toBe('status');
    expect(parts(sheet, 'add-to-cart')[1]!.getAttribute('aria-describedby')).toBe('partner-1');
    await sheet.hide();
    await sheet.show();
    expect(text(part(sheet, 'status'))).toBe('');
  });

  it('toggles the favourite with aria-pressed and persists it', async () => {
    const sheet = await mount();
    const button = () => part<HTMLButtonElement>(sheet, 'favourite')!;
    expect(button().getAttribute('aria-pressed')).toBe('false');
    button().click();
    await sheet.updateComplete;
    expect(button().getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem('vitrine:cart')).toContain('"recommendationId":"rec-lin-serum"');
    button().click();
    await sheet.updateComplete;
    expect(button().getAttribute('aria-pressed')).toBe('false');
  });

  /** Waits until the sheet has its recommendation's share page and code (fetched when it shows). */
  async function shareReady(sheet: VitrineBuySheet) {
    await vi.waitFor(() => expect((sheet as unknown as { shareInfo?: { code: string } }).shareInfo?.code).toMatch(/^VT-/));
    return (sheet as unknown as { shareInfo: { code: string; url: string } }).shareInfo;
  }

  it('shares the recommendation’s share page and its share code through the Web Share API', async () => {
    const share = vi.fn(async (_data: ShareData) => {});
    Object.defineProperty(navigator, 'share', { value: share, configurable: true });
    try {
      const sheet = await mount();
      const info = await shareReady(sheet);
      expect(info.url).toBe(`${API}/r/rec-lin-serum`);
      part(sheet, 'share')!.click();
      const card = fixtures.card('rec-lin-serum');
      expect(share).toHaveBeenCalledWith({ title: card.product.title, text: `${card.recommendation.reason}\nShare code ${info.code}`, url: info.url });
      await vi.waitFor(() => expect(text(part(sheet, 'status'))).toBe(`Share code ${info.code}`));
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
  });

  it('falls back to copying the link with the code and announcing it', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const sheet = await mount();
    expect('share' in navigator).toBe(false);
    const info = await shareReady(sheet);
    part(sheet, 'share')!.click();
    await vi.waitFor(() => expect(text(part(sheet, 'status'))).toBe(`Link copied · Share code ${info.code}`));
    expect(writeText).toHaveBeenCalledWith(`${info.url}\nShare code ${info.code}`);
  });

  it('shares the host page when the platform has no share pages', async () => {
    server.use(http.get(`${API}/v1/cards/:id/share`, () => HttpResponse.json({ type: 'about:blank', status: 404, code: 'not_found' }, { status: 404 })));
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const sheet = await mount();
    await new Promise((resolve) => setTimeout(resolve, 50));
    part(sheet, 'share')!.click();
    await vi.waitFor(() => expect(text(part(sheet, 'status'))).toBe('Link copied'));
    expect(writeText).toHaveBeenCalledWith(location.href);
    // The browser logs the 404, as a real one would.
    expect(takeConsoleOutput(/\/share 404/)).toHaveLength(1);
  });

  it('hides the share button when the browser can neither share nor copy', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue(undefined as unknown as Clipboard);
    const sheet = await mount();
    expect(part(sheet, 'share')).toBeNull();
    expect(part(sheet, 'favourite')).not.toBeNull();
  });
});

describe('<vitrine-buy-sheet> dialog', () => {
  it('moves focus in on show and restores it on Escape; fires a non-bubbling close', async () => {
    const button = opener();
    const sheet = await mount();
    expect(sheet.shadowRoot!.activeElement).toBe(part(sheet, 'close'));
    const closes: Event[] = [];
    sheet.addEventListener('close', (event) => closes.push(event));
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true });
    part(sheet, 'reason')!.dispatchEvent(escape);
    await sheet.updateComplete;
    expect(escape.defaultPrevented).toBe(true);
    expect(sheet.open).toBe(false);
    expect(sheet.hasAttribute('open')).toBe(false);
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(false);
    expect(document.activeElement).toBe(button);
    expect(closes).toHaveLength(1);
    expect(closes[0]!.bubbles).toBe(false);
  });

  it('closes from the close button, the backdrop and the native cancel, but not from a click inside', async () => {
    const sheet = await mount();
    part(sheet, 'close')!.click();
    await sheet.updateComplete;
    expect(sheet.open).toBe(false);

    await sheet.show();
    await vi.waitFor(() => expect(part(sheet, 'reason')).not.toBeNull());
    part(sheet, 'reason')!.click();
    await sheet.updateComplete;
    expect(sheet.open).toBe(true);
    part(sheet, 'dialog')!.click(); // the dialog itself is only hit on its backdrop
    await sheet.updateComplete;
    expect(sheet.open).toBe(false);

    await sheet.show();
    const cancel = new Event('cancel', { cancelable: true });
    part(sheet, 'dialog')!.dispatchEvent(cancel);
    await sheet.updateComplete;
    expect(sheet.open).toBe(false);
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(false);
  });

  it('keeps Tab cycling inside the sheet', async () => {
    const sheet = await mount();
    const focusable = [...part(sheet, 'dialog')!.querySelectorAll<HTMLElement>('a[href], button:not([disabled]):not([tabindex="-1"])')];
    const first = focusable[0]!;
    const last = focusable.at(-1)!;
    expect(first).toBe(part(sheet, 'close'));
    last.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
    last.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(sheet.shadowRoot!.activeElement).toBe(first);
    const back = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true });
    first.dispatchEvent(back);
    expect(sheet.shadowRoot!.activeElement).toBe(last);
    const middle = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
    part(sheet, 'favourite')!.focus();
    part(sheet, 'favourite')!.dispatchEvent(middle);
    expect(middle.defaultPrevented).toBe(false);
  });

  it('fires vitrine-show → vitrine-after-show and vitrine-hide (with its source) → vitrine-after-hide, bubbling and composed', async () => {
    const seen: string[] = [];
    const record = (event: Event) => seen.push(`${event.type}${event instanceof CustomEvent && event.detail ? `:${(event.detail as { source: string }).source}` : ''}`);
    for (const type of ['vitrine-show', 'vitrine-after-show', 'vitrine-hide', 'vitrine-after-hide']) document.addEventListener(type, record);
    try {
      const sheet = await mount();
      expect(seen).toEqual(['vitrine-show', 'vitrine-after-show']);
      part(sheet, 'reason')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await vi.waitFor(() => expect(seen).toContain('vitrine-after-hide'));
      expect(seen.slice(2)).toEqual(['vitrine-hide:escape', 'vitrine-after-hide']);
      await sheet.show();
      await sheet.hide();
      await vi.waitFor(() => expect(seen.filter((type) => type === 'vitrine-after-hide')).toHaveLength(2));
      expect(seen).toContain('vitrine-hide:method');
      await sheet.show();
      part(sheet, 'close')!.click();
      await vi.waitFor(() => expect(seen.filter((type) => type === 'vitrine-after-hide')).toHaveLength(3));
      expect(seen).toContain('vitrine-hide:close-button');
    } finally {
      for (const type of ['vitrine-show', 'vitrine-after-show', 'vitrine-hide', 'vitrine-after-hide']) document.removeEventListener(type, record);
    }
  });

  it('a press that starts in the panel and ends on the backdrop (a text selection) does not close it', async () => {
    const sheet = await mount();
    const dialog = part(sheet, 'dialog')!;
    part(sheet, 'reason')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    dialog.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    await sheet.updateComplete;
    expect(sheet.open).toBe(true);
    dialog.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    dialog.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    await sheet.updateComplete;
    expect(sheet.open).toBe(false);
  });

  it('stays closed when vitrine-show is prevented, and open when vitrine-hide is', async () => {
    const sheet = document.createElement('vitrine-buy-sheet');
    sheet.setAttribute('api', API);
    sheet.card = fixtures.card('rec-lin-serum');
    document.body.append(sheet);
    const refuse = (event: Event) => event.preventDefault();
    sheet.addEventListener('vitrine-show', refuse, { once: true });
    await sheet.show();
    await vi.waitFor(() => expect(sheet.open).toBe(false));
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(false);

    await sheet.show();
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(true);
    sheet.addEventListener('vitrine-hide', refuse);
    part(sheet, 'dialog')!.click(); // backdrop
    await sheet.hide();
    await vi.waitFor(() => expect(sheet.open).toBe(true));
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(true);
    sheet.removeEventListener('vitrine-hide', refuse);
    await sheet.hide();
    expect(part<HTMLDialogElement>(sheet, 'dialog')!.open).toBe(false);
  });

  it('opens from <vitrine-card> and returns focus to the card title', async () => {
    const card = document.createElement('vitrine-card') as VitrineCard;
    card.setAttribute('api', API);
    card.setAttribute('locale', 'en');
    card.card = fixtures.card('rec-sam-earbuds') as CardPayload;
    document.body.append(card);
    await vi.waitFor(() => expect(part(card, 'title')).not.toBeNull());
    const title = part<HTMLButtonElement>(card, 'title')!;
    title.focus();
    title.click();
    const sheet = await vi.waitFor(() => {
      const found = card.shadowRoot!.querySelector('vitrine-buy-sheet');
      expect(found?.open).toBe(true);
      return found!;
    });
    await vi.waitFor(() => expect(text(part(sheet, 'title'))).toBe('Aero Buds Pro wireless earbuds with active noise cancelling'));
    expect(sheet.getAttribute('api')).toBe(API);
    expect(parts(sheet, 'offer')).toHaveLength(2);
    expect(card.shadowRoot!.activeElement).toBe(sheet);
    await sheet.hide();
    expect(card.shadowRoot!.activeElement).toBe(title);
  });
});
