// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { AttributionEvent } from '../model/attribution.js';
import { fixtures } from '../testing/index.js';
import { redirectLink } from '../share/offers.js';
import { createVitrine } from './vitrine.js';

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
