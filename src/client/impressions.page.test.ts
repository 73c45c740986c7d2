// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MAX_PAGE_LENGTH, type AttributionEvent } from '../model/attribution.js';
import { fixtures } from '../testing/index.js';
import { redirectLink } from '../share/offers.js';
import { createVitrine, currentPage } from './vitrine.js';

const api = 'https://api.vitrine.test';
const received: AttributionEvent[] = [];
const lookedUp: string[] = [];
const server = setupServer(
  http.post(`${api}/v1/orders/lookup`, async ({ request }) => {
    lookedUp.push(...(JSON.parse(await request.text()) as { clickIds: string[] }).clickIds);
    return HttpResponse.json({ orders: [] });
  }),
  http.post(`${api}/v1/events`, async ({ request }) => {
    const body = JSON.parse(await request.text()) as { events: AttributionEvent[] };
    received.push(...body.events);
    return HttpResponse.json({ accepted: body.events.length, duplicates: 0 }, { status: 202 });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
  delete (document as { prerendering?: boolean }).prerendering;
});
afterAll(() => server.close());

it('counts no impression while the page is prerendered, and counts it once the reader arrives', async () => {
  Object.defineProperty(document, 'prerendering', { value: true, configurable: true });
  const vitrine = createVitrine({ api, storage: null, consent: 'granted', retry: 0 });
  vitrine.trackImpression(fixtures.card('rec-lin-serum'));
  vitrine.dispose();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(received).toEqual([]);

  const arriving = createVitrine({ api, storage: null, consent: 'granted', retry: 0 });
  arriving.trackImpression(fixtures.card('rec-lin-serum'));
  Object.defineProperty(document, 'prerendering', { value: false, configurable: true });
  document.dispatchEvent(new Event('prerenderingchange'));
  // Disposed only once sent: a client disposed before its delivery code arrives keeps its events stored, not sent (deferred-queue.ts).
  await expect.poll(() => received.map((event) => event.type), { timeout: 5_000 }).toContain('impression');
  arriving.dispose();
  expect(received.filter((event) => event.type === 'impression')).toHaveLength(1);
});

it('leaves a redirect link’s click to the platform, keeping its click id in the local click log', async () => {
  const vitrine = createVitrine({ api, storage: null, consent: 'granted', retry: 0 });
  const card = fixtures.card('rec-lin-serum');
  const link = redirectLink(card, card.product.offers[0]!, 'https://vitrine.example', 'AAAAAAAAAAAAAAAAAAAAAA');
  vitrine.recordClick(link);
  await vitrine.myOrders();
  vitrine.dispose();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(received).toEqual([]);
  expect(lookedUp).toEqual(['AAAAAAAAAAAAAAAAAAAAAA']);
  expect(link.url).toBe(`https://vitrine.example/go/rec-lin-serum?offer=${card.product.offers[0]!.partnerId}&click=AAAAAAAAAAAAAAAAAAAAAA`);
});

it('sends the page (origin + path, no query or fragment) and a valid placement with impressions, clicks and add-to-cart', async () => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://blog.example/posts/summer?utm_source=x&email=a@b.example#comments');
  const vitrine = createVitrine({ api, storage: null, consent: 'granted', retry: 0 });
  const card = fixtures.card('rec-lin-serum');
  const offer = card.product.offers[0]!;
  vitrine.trackImpression(card, { placement: 'sidebar' });
  vitrine.trackImpression(card, { placement: 'not a placement!' });
  vitrine.recordClick({ ...vitrine.offerLink(card, offer), placement: 'post-footer' });
  await vitrine.addToCart(card, offer, 1, { placement: 'sidebar' });
  await vitrine.events.flush();
  await expect.poll(() => received.length, { timeout: 5_000 }).toBe(4);
  vitrine.dispose();
  expect(received.map(({ type, page, placement }) => ({ type, page, placement }))).toEqual([
    { type: 'impression', page: 'https://blog.example/posts/summer', placement: 'sidebar' },
    { type: 'impression', page: 'https://blog.example/posts/summer', placement: undefined },
    { type: 'click', page: 'https://blog.example/posts/summer', placement: 'post-footer' },
    { type: 'add_to_cart', page: 'https://blog.example/posts/summer', placement: 'sidebar' },
  ]);
});

it('currentPage keeps origin + path of http(s) pages only, cut to MAX_PAGE_LENGTH', () => {
  expect(currentPage({ protocol: 'https:', origin: 'https://a.example', pathname: '/x/y' })).toBe('https://a.example/x/y');
  expect(currentPage({ protocol: 'file:', origin: 'null', pathname: '/tmp/a.html' })).toBeUndefined();
  expect(currentPage({ protocol: 'https:', origin: 'https://a.example', pathname: `/${'p'.repeat(600)}` })).toHaveLength(MAX_PAGE_LENGTH);
});
