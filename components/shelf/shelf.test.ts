// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPlatform, fixtures } from '../../src/testing/index.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';
import type { VitrineCard } from '../card/card.js';
import type { VitrineErrorEvent } from '../events/vitrine-error.js';
import '../root/define.js';
import type { VitrineShelf } from './shelf.js';
import './define.js';

const API = 'https://api.vitrine.test';
const SHOWCASE = `${API}/v1/creators/:id/showcase`;
// The test platform answers no-store, so happy-dom's HTTP cache never hides a handler.
const { handlers } = createTestPlatform();
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  document.body.replaceChildren();
});
afterAll(() => server.close());

const part = <T extends Element = HTMLElement>(root: Element, name: string) => root.shadowRoot!.querySelector<T & Element>(`[part~='${name}']`);
const parts = (root: Element, name: string) => [...root.shadowRoot!.querySelectorAll(`[part~='${name}']`)];
const cards = (shelf: Element) => [...shelf.shadowRoot!.querySelectorAll<VitrineCard>('vitrine-card')];
const titles = (shelf: Element) => cards(shelf).map((card) => card.card?.product.title);
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim();

/** Newest first: the demo catalog's recommendations by 林小鹿. */
const LIN = ['rec-lin-earbuds', 'rec-lin-mooncake', 'rec-lin-hotpot', 'rec-lin-tea', 'rec-lin-sunscreen', 'rec-lin-serum'];
const titleOf = (id: string) => fixtures.card(id).product.title;

function mount(attributes: Record<string, string>): VitrineShelf {
  const shelf = document.createElement('vitrine-shelf');
  for (const [name, value] of Object.entries({ api: API, locale: 'en', ...attributes })) shelf.setAttribute(name, value);
  document.body.append(shelf);
  return shelf;
}

async function loaded(shelf: VitrineShelf, count: number): Promise<void> {
  await vi.waitFor(() => expect(cards(shelf)).toHaveLength(count), { timeout: 5000 });
  await shelf.updateComplete;
}

describe('<vitrine-shelf>', () => {
  it('shows `limit` placeholders, then the creator header and a grid of cards with the shelf settings passed down', async () => {
    const shelf = mount({ creator: 'creator-lin', limit: '4', theme: 'dark', layout: 'full' });
    await shelf.updateComplete;
    expect(parts(shelf, 'skeleton')).toHaveLength(4);
    expect(part(shelf, 'grid')!.getAttribute('aria-busy')).toBe('true');

    await loaded(shelf, 4);
    expect(parts(shelf, 'skeleton')).toHaveLength(0);
    const header = part(shelf, 'header')!;
    expect(text(header.querySelector('h2'))).toBe('林小鹿');
    expect(header.querySelector('img')!.getAttribute('src')).toBe(fixtures.creator('creator-lin').avatar!.src);
    expect(part(shelf, 'verified')!.getAttribute('aria-label')).toBe('Verified creator');
    expect(part(shelf, 'shelf')!.getAttribute('aria-labelledby')).toBe('heading');
    expect(part(shelf, 'grid')!.getAttribute('aria-label')).toBe('Recommendations by 林小鹿');
    expect(titles(shelf)).toEqual(LIN.slice(0, 4).map(titleOf));
    for (const card of cards(shelf)) {
      expect(card.getAttribute('api')).toBe(API);
      expect(card.getAttribute('locale')).toBe('en');
      expect(card.getAttribute('theme')).toBe('dark');
      expect(card.getAttribute('layout')).toBe('full');
    }
    // the cards render from the showcase data, without fetching again
    await vi.waitFor(() => expect(text(part(cards(shelf)[0]!, 'title'))).toBe(titleOf('rec-lin-earbuds')));
    expect(text(part(shelf, 'load-more'))).toBe('Load more');
    expect(text(part(shelf, 'status'))).toBe('');
  });

  it('loads more, moves focus to the first new card, and ends with "That is everything"', async () => {
    const shelf = mount({ creator: 'creator-lin', limit: '4' });
    await loaded(shelf, 4);
    const button = part<HTMLButtonElement>(shelf, 'load-more')!;
    button.focus();
    button.click();
    await shelf.updateComplete;
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(text(part(shelf, 'status'))).toBe('Loading…');
    button.click(); // ignored while a page is loading

    await loaded(shelf, 6);
    expect(titles(shelf)).toEqual(LIN.map(titleOf));
    const items = [...shelf.shadowRoot!.querySelectorAll('li')];
    expect(shelf.shadowRoot!.activeElement).toBe(items[4]);
    expect(items[4]!.contains(cards(shelf)[4]!)).toBe(true);
    expect(part(shelf, 'load-more')).toBeNull();
    expect(text(part(shelf, 'status'))).toBe('That is everything');
    expect(part(shelf, 'status')!.getAttribute('role')).toBe('status');
  });

  it('takes its creator and API from <vitrine-root>', async () => {
    document.body.innerHTML = `<vitrine-root api="${API}" creator="creator-sam" locale="zh-CN"><vitrine-shelf limit="50"></vitrine-shelf></vitrine-root>`;
    const shelf = document.querySelector('vitrine-shelf')!;
    await loaded(shelf, 5);
    expect(text(part(shelf, 'header')!.querySelector('h2'))).toBe('Sam Ortega');
    expect(part(shelf, 'verified')).toBeNull();
    expect(text(part(shelf, 'status'))).toBe('已经到底了');
    expect(part(shelf, 'load-more')).toBeNull();
  });

  it('shows the empty state', async () => {
    server.use(http.get(SHOWCASE, () => HttpResponse.json({ creator: fixtures.creator('creator-sam'), cards: [], nextCursor: null })));
    const shelf = mount({ creator: 'creator-sam' });
    await vi.waitFor(() => expect(text(part(shelf, 'status'))).toBe('No recommendations yet'));
    expect(part(shelf, 'grid')).toBeNull();
    expect(part(shelf, 'load-more')).toBeNull();
  });

  it('renders hostile strings as text', async () => {
    const creator = { ...fixtures.creator('creator-sam'), name: '<img src=x onerror=alert(1)>' };
    server.use(http.get(SHOWCASE, () => HttpResponse.json({ creator, cards: fixtures.cards(['rec-sam-hostile']), nextCursor: null })));
    const shelf = mount({ creator: 'creator-sam' });
    await loaded(shelf, 1);
    expect(part(shelf, 'header')!.querySelector('h2')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(part(shelf, 'header')!.querySelectorAll('img')).toHaveLength(1); // the avatar only
    expect(part(shelf, 'grid')!.getAttribute('aria-label')).toBe('Recommendations by <img src=x onerror=alert(1)>');
  });

  it('shows the error state when the first page fails, and retries', async () => {
    server.use(http.get(SHOWCASE, () => HttpResponse.json({ title: 'Bad request', status: 400, code: 'invalid_input' }, { status: 400 })));
    const errors: VitrineErrorEvent[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event), { once: true });
    const shelf = mount({ creator: 'creator-lin', limit: '4' });
    await vi.waitFor(() => expect(part(shelf, 'error')).not.toBeNull());
    expect(text(part(shelf, 'error'))).toContain('These recommendations could not be loaded.');
    expect(part(shelf, 'error')!.getAttribute('role')).toBe('alert');
    expect(errors[0]?.detail).toMatchObject({ action: 'load-shelf', error: { code: 'http' } });
    expect(takeConsoleOutput(/400 \(Bad Request\)/)).toHaveLength(1);

    server.resetHandlers();
    part(shelf, 'retry')!.click();
    await loaded(shelf, 4);
    expect(part(shelf, 'error')).toBeNull();
  });

  it('an unknown creator: a calm message without retry for the reader, the exact problem for the developer', async () => {
    server.use(http.get(SHOWCASE, () => HttpResponse.json({ title: 'Not found', status: 404, code: 'not_found' }, { status: 404 })));
    const shelf = mount({ creator: 'creator-lin', limit: '4' });
    await vi.waitFor(() => expect(part(shelf, 'error')).not.toBeNull());
    expect(text(part(shelf, 'error'))).toContain('These recommendations could not be loaded.');
    expect(part(shelf, 'retry')).toBeNull();
    expect(takeConsoleOutput(/404 \(Not Found\)/)).toHaveLength(1);
    expect(takeConsoleOutput(/unknown-creator/)).toEqual([expect.stringContaining('<vitrine-shelf creator="creator-lin">: the platform at https://api.vitrine.test has no creator "creator-lin"')]);
  });

  it('reports a missing creator as an error', async () => {
    const errors: VitrineErrorEvent[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event), { once: true });
    const shelf = mount({});
    await vi.waitFor(() => expect(part(shelf, 'error')).not.toBeNull());
    expect(errors[0]?.detail.error.code).toBe('invalid_input');
  });

  it('keeps the loaded cards when a later page fails, and retries from the button', async () => {
    server.use(
      http.get(SHOWCASE, ({ request }) =>
        new URL(request.url).searchParams.has('cursor') ? HttpResponse.json({ title: 'Down', status: 500 }, { status: 500 }) : undefined,
      ),
    );
    const errors: VitrineErrorEvent[] = [];
    const onError = (event: VitrineErrorEvent) => errors.push(event);
    document.addEventListener('vitrine-error', onError);
    const shelf = mount({ creator: 'creator-lin', limit: '4' });
    await loaded(shelf, 4);
    part(shelf, 'load-more')!.click();
    await vi.waitFor(() => expect(text(part(shelf, 'status'))).toBe('More recommendations could not be loaded.'), { timeout: 5000 });
    document.removeEventListener('vitrine-error', onError);
    takeConsoleOutput(/api\.vitrine\.test/);
    expect(errors.map((event) => [event.detail.action, event.detail.error.code])).toEqual([['load-more', 'http']]);
    expect(cards(shelf)).toHaveLength(4);
    expect(part(shelf, 'error')).toBeNull();
    expect(text(part(shelf, 'load-more'))).toBe('Try again');

    server.resetHandlers();
    part(shelf, 'load-more')!.click();
    await loaded(shelf, 6);
    expect(text(part(shelf, 'status'))).toBe('That is everything');
  });

  it('with `infinite`, loads the next page when the sentinel comes into view, without moving focus', async () => {
    const observers: Array<{ callback: IntersectionObserverCallback; targets: Element[] }> = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        readonly record: { callback: IntersectionObserverCallback; targets: Element[] };
        constructor(callback: IntersectionObserverCallback) {
          this.record = { callback, targets: [] };
          observers.push(this.record);
        }
        observe(target: Element) {
          this.record.targets.push(target);
        }
        disconnect() {
          this.record.targets = [];
        }
        unobserve() {}
        takeRecords() {
          return [];
        }
      },
    );
    const shelf = mount({ creator: 'creator-lin', limit: '2', infinite: '' });
    await loaded(shelf, 2);
    const sentinelObserver = () => observers.find((observer) => observer.targets.some((target) => target.classList.contains('sentinel')));
    const scrollIntoView = (isIntersecting: boolean) => {
      const observer = sentinelObserver()!;
      observer.callback([{ isIntersecting, target: observer.targets[0]! } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);
    };
    expect(sentinelObserver()).toBeDefined();
    scrollIntoView(false);
    await shelf.updateComplete;
    expect(cards(shelf)).toHaveLength(2);

    scrollIntoView(true);
    await loaded(shelf, 4);
    expect(shelf.shadowRoot!.activeElement).toBeNull();
    expect(part(shelf, 'load-more')).not.toBeNull(); // the button stays as a fallback

    scrollIntoView(true);
    await loaded(shelf, 6);
    expect(sentinelObserver()).toBeUndefined();
    expect(shelf.shadowRoot!.querySelector('.sentinel')).toBeNull();
    expect(text(part(shelf, 'status'))).toBe('That is everything');
  });

  it('reloads when the creator changes', async () => {
    const shelf = mount({ creator: 'creator-lin', limit: '2' });
    await loaded(shelf, 2);
    shelf.creator = 'creator-sam';
    await vi.waitFor(() => expect(text(part(shelf, 'header')?.querySelector('h2'))).toBe('Sam Ortega'));
    expect(titles(shelf)).toEqual(['rec-sam-hostile', 'rec-sam-powerbank'].map(titleOf));
  });
});
