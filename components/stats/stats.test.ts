// @vitest-environment happy-dom
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventId } from '../../src/attribution/ids.js';
import { formatDateTime, formatMoney } from '../../src/i18n/index.js';
import type { CreatorStats, RecommendationStats } from '../../src/model/stats.js';
import { createTestPlatform, fixtures, type TestPlatform } from '../../src/testing/index.js';
import { expectLogged, part, parts, recordEventSources, settle, stubVisibility, text } from '../../test/helpers/dom.js';
import '../root/define.js';
import { configure } from '../shared/config.js';
import './define.js';
import { clickThroughRate, statsTotals, sumMoney, type VitrineStats } from './stats.js';

const api = 'https://api.vitrine.test';
const statsUrl = `${api}/v1/creators/:id/stats`;
const server = setupServer();
let platform: TestPlatform;
let requests = 0;
const LIN_KEY = fixtures.apiKey('creator-lin');

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  requests = 0;
  platform = createTestPlatform();
  server.resetHandlers(...platform.handlers);
  // No retries, so that failures show at once (elements with the same api share this client).
  configure({ api, retry: 0, storage: null });
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/stats')) requests += 1;
  });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
  server.events.removeAllListeners();
});
afterAll(() => server.close());

const row = (fields: Partial<RecommendationStats> = {}): RecommendationStats => ({
  recommendationId: 'rec-1',
  title: 'Serum',
  impressions: 0,
  clicks: 0,
  orders: 0,
  gmv: [],
  commissionPending: [],
  commissionApproved: [],
  ...fields,
});
const payload = (recommendations: RecommendationStats[]): CreatorStats => ({ creatorId: 'creator-lin', generatedAt: '2025-05-01T10:00:00.000Z', recommendations });
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const usd = (amount: number) => ({ amount, currency: 'USD' });

async function mount(attributes = `creator="creator-lin" api-key="${LIN_KEY}"`): Promise<VitrineStats> {
  document.body.innerHTML = `<vitrine-stats api="${api}" locale="en" ${attributes}></vitrine-stats>`;
  const element = document.querySelector('vitrine-stats')!;
  await element.updateComplete;
  return element;
}

/** Totals as `label → value`. */
const totals = (element: VitrineStats) => Object.fromEntries(parts(element, 'total').map((total) => [text(total.querySelector('dt')!), text(total.querySelector('dd')!)]));
const cells = (tr: HTMLElement) => [...tr.children].map((cell) => text(cell));

async function loaded(element: VitrineStats) {
  await vi.waitFor(() => expect(part(element, 'table') ?? part(element, 'error')).toBeDefined());
  await element.updateComplete;
}




/** Sends impressions and clicks for a recommendation of creator-lin through the platform. */
async function track(recommendationId: string, impressions: number, clicks: number) {
  const at = new Date().toISOString();
  const event = (type: 'impression' | 'click') => ({ id: createEventId(), type, at, recommendationId, creatorId: 'creator-lin' });
  const events = [...Array.from({ length: impressions }, () => event('impression')), ...Array.from({ length: clicks }, () => event('click'))];
  const response = await platform.platform.fetch(new Request(`${api}/v1/events`, { method: 'POST', body: JSON.stringify({ events }) }));
  expect(response.ok).toBe(true);
}

describe('stats math', () => {
  it('CTR is clicks / impressions, and undefined (not NaN) without impressions', () => {
    expect(clickThroughRate(1, 4)).toBe(0.25);
    expect(clickThroughRate(0, 0)).toBeUndefined();
    expect(clickThroughRate(3, 0)).toBeUndefined();
  });

  it('adds money per currency, never across currencies', () => {
    expect(sumMoney([[cny(100), usd(5)], [], [cny(250)]])).toEqual([cny(350), usd(5)]);
    expect(sumMoney([])).toEqual([]);
  });

  it('totals every recommendation', () => {
    const result = statsTotals(
      payload([
        row({ impressions: 10, clicks: 2, orders: 1, gmv: [cny(1000)], commissionPending: [cny(50)] }),
        row({ impressions: 30, clicks: 3, orders: 2, gmv: [usd(700), cny(500)], commissionApproved: [usd(35)] }),
      ]),
    );
    expect(result).toEqual({ impressions: 40, clicks: 5, orders: 3, gmv: [cny(1500), usd(700)], commissionPending: [cny(50)], commissionApproved: [usd(35)] });
  });
});

describe('<vitrine-stats>', () => {
  it('loads a creator’s stats from the platform: totals, table, and "—" for CTR without impressions', async () => {
    const element = await mount();
    expect(part(element, 'skeleton')?.getAttribute('aria-busy')).toBe('true');
    await loaded(element);

    expect(totals(element)).toMatchObject({ Impressions: '0', Clicks: '0', CTR: '—', Orders: '0', GMV: '—' });
    expect(element.shadowRoot!.textContent).not.toMatch(/NaN|Infinity/);

    const table = part(element, 'table')!;
    expect(table.localName).toBe('table');
    expect(text(table.querySelector('caption')!)).toBe('By recommendation');
    const headers = [...table.querySelectorAll('thead th')];
    expect(headers.every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(headers.map((th) => text(th))).toEqual([
      'Recommendation',
      'Impressions',
      'Clicks',
      'CTR',
      'Orders',
      'GMV',
      'Commission (provisional)',
      'Commission (approved)',
      'Commission (paid)',
      'Commission (reversed)',
    ]);
    const rows = parts(element, 'row');
    const linRecs = (await platform.store.creatorStats('creator-lin')).length;
    expect(linRecs).toBeGreaterThan(0);
    expect(rows).toHaveLength(linRecs);
    expect(rows[0]!.querySelector('th')?.getAttribute('scope')).toBe('row');
    expect(cells(rows[0]!).slice(1)).toEqual(['0', '0', '—', '0', '—', '—', '—', '—', '—']);
    expect(text(part(element, 'updated'))).toMatch(/^Updated /);
    expect(element.stats?.creatorId).toBe('creator-lin');
  });

  it('shows new events after a refresh (CTR = clicks / impressions)', async () => {
    const element = await mount();
    await loaded(element);
    await track('rec-lin-serum', 8, 2);
    await element.refresh();
    await element.updateComplete;
    expect(totals(element)).toMatchObject({ Impressions: '8', Clicks: '2', CTR: '25%' });
    const index = element.stats!.recommendations.findIndex((rec) => rec.recommendationId === 'rec-lin-serum');
    const serum = parts(element, 'row')[index]!;
    expect(cells(serum).slice(1, 4)).toEqual(['8', '2', '25%']);
  });

  it('shows every currency of money totals, and "Updated" from generatedAt', async () => {
    server.use(
      http.get(statsUrl, () =>
        HttpResponse.json(
          payload([
            row({ impressions: 200, clicks: 10, orders: 2, gmv: [cny(12900)], commissionPending: [cny(645)], commissionApproved: [] }),
            row({ recommendationId: 'rec-2', title: 'Earbuds', impressions: 0, clicks: 0, orders: 1, gmv: [usd(4999)], commissionApproved: [usd(250)] }),
          ]),
        ),
      ),
    );
    const element = await mount();
    await loaded(element);
    expect(totals(element)).toEqual({
      Impressions: '200',
      Clicks: '10',
      CTR: '5%',
      Orders: '3',
      GMV: `${formatMoney(cny(12900), 'en')} ${formatMoney(usd(4999), 'en')}`,
      'Commission (provisional)': formatMoney(cny(645), 'en'),
      'Commission (approved)': formatMoney(usd(250), 'en'),
    });
    const gmv = parts(element, 'total')[4]!.querySelectorAll('.money');
    expect(gmv).toHaveLength(2);
    expect(cells(parts(element, 'row')[1]!)).toEqual(['Earbuds', '0', '0', '—', '1', formatMoney(usd(4999), 'en'), '—', formatMoney(usd(250), 'en'), '—', '—']);
    expect(text(part(element, 'updated'))).toBe(`Updated ${formatDateTime('2025-05-01T10:00:00.000Z', 'en')}`);
  });

  it('renders hostile titles as text', async () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
    server.use(http.get(statsUrl, () => HttpResponse.json(payload([row({ title: hostile })]))));
    const element = await mount();
    await loaded(element);
    expect(element.shadowRoot!.querySelector('img, b')).toBeNull();
    expect(text(part(element, 'row')!.querySelector('th')!)).toBe(hostile);
  });

  it('shows an empty table row when the creator has no recommendations', async () => {
    server.use(http.get(statsUrl, () => HttpResponse.json(payload([]))));
    const element = await mount();
    await loaded(element);
    expect(parts(element, 'row')).toHaveLength(0);
    expect(text(part(element, 'table')!.querySelector('tbody')!)).toBe('No recommendations yet');
    expect(totals(element)['CTR']).toBe('—');
  });

  it.each([
    ['401 (unknown key)', 'not-a-real-key-0000000000', 401],
    ['403 (another creator’s key)', fixtures.apiKey('creator-sam'), 403],
  ])('shows the API key message for %s, in the element locale', async (_name, key, status) => {
    const errors: Array<number | undefined> = [];
    document.addEventListener('vitrine-error', (event) => errors.push('status' in event.detail.error ? Number(event.detail.error.status) : undefined), { once: true });
    const element = await mount(`creator="creator-lin" api-key="${key}"`);
    await loaded(element);
    expect(text(part(element, 'error'))).toContain('This API key cannot read these stats.');
    expect(errors).toEqual([status]);
    await expectLogged(new RegExp(`creator-lin/stats(\\?\\S*)? ${status}`), 1);

    element.locale = 'zh-TW';
    await element.updateComplete;
    expect(text(part(element, 'error'))).toContain('此 API 金鑰無權查看這些數據');
  });

  it('shows the API key message without a request when the key is missing', async () => {
    const element = await mount('creator="creator-lin"');
    await loaded(element);
    expect(text(part(element, 'error'))).toContain('api-key');
    expect(requests).toBe(0);
  });

  it('shows an error state with retry for other failures', async () => {
    server.use(http.get(statsUrl, () => HttpResponse.json({ title: 'down' }, { status: 500 })));
    const element = await mount();
    await loaded(element);
    expect(text(part(element, 'error'))).toContain('Stats could not be loaded.');
    await expectLogged(/stats(\?\S*)? 500/, 1);
    server.resetHandlers(...platform.handlers);
    part(element, 'retry')!.click();
    await vi.waitFor(() => expect(part(element, 'table')).toBeDefined());
  });

  it('keeps the last numbers with a notice when a refresh fails, with the key message for a revoked key', async () => {
    const element = await mount();
    await loaded(element);
    server.use(http.get(statsUrl, () => HttpResponse.json({ title: 'revoked' }, { status: 401 }), { once: true }));
    await element.refresh();
    await element.updateComplete;
    expect(part(element, 'table')).toBeDefined();
    expect(text(part(element, 'notice'))).toContain('This API key cannot read these stats.');
    await expectLogged(/stats(\?\S*)? 401/, 1);
  });

  it('takes the creator from <vitrine-root>, never reflects the key, and drops numbers when the creator changes', async () => {
    document.body.innerHTML = `<vitrine-root api="${api}" creator="creator-lin"><vitrine-stats locale="en"></vitrine-stats></vitrine-root>`;
    const element = document.querySelector('vitrine-stats')!;
    element.apiKey = LIN_KEY;
    await loaded(element);
    expect(element.stats?.creatorId).toBe('creator-lin');
    expect(element.hasAttribute('api-key')).toBe(false);

    element.creator = 'creator-sam';
    await element.updateComplete;
    expect(element.stats).toBeUndefined();
    await loaded(element);
    // Lin's key cannot read Sam's stats.
    expect(text(part(element, 'error'))).toContain('This API key cannot read these stats.');
    await expectLogged(/creator-sam\/stats(\?\S*)? 403/, 1);
  });

  describe('live refresh', () => {
    it('refreshes every 10 s while visible, pauses while hidden, refreshes at once when shown, stops on disconnect', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const element = await mount();
      await settle(element);
      expect(part(element, 'table')).toBeDefined();
      expect(requests).toBe(1);

      await track('rec-lin-tea', 3, 1);
      await vi.advanceTimersByTimeAsync(9_999);
      expect(requests).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle(element);
      expect(requests).toBe(2);
      expect(totals(element)).toMatchObject({ Impressions: '3', Clicks: '1', CTR: '33.3%' });

      stubVisibility('hidden');
      await vi.advanceTimersByTimeAsync(60_000);
      await settle(element);
      expect(requests).toBe(2);

      stubVisibility('visible');
      await settle(element);
      expect(requests).toBe(3);

      element.remove();
      await vi.advanceTimersByTimeAsync(60_000);
      await settle(element);
      expect(requests).toBe(3);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('honours the interval attribute with a 2000 ms minimum', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" interval="500"`);
      await settle(element);
      expect(requests).toBe(1);
      await vi.advanceTimersByTimeAsync(1_999);
      expect(requests).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle(element);
      expect(requests).toBe(2);
      await vi.advanceTimersByTimeAsync(2_000);
      await settle(element);
      expect(requests).toBe(3);
    });
  });

  describe('analytics of a range', () => {
    /** Events of creator-lin now, from a page and placement (a bot's when `bot`). */
    async function send(events: Array<{ type: 'impression' | 'click'; rec: string; page?: string; placement?: string }>, bot = false) {
      const at = new Date().toISOString();
      const body = events.map(({ type, rec, page, placement }) => ({
        id: createEventId(),
        type,
        at,
        recommendationId: rec,
        creatorId: 'creator-lin',
        ...(page ? { page } : {}),
        ...(placement ? { placement } : {}),
      }));
      const headers = bot ? { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } : { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' };
      const response = await platform.platform.fetch(new Request(`${api}/v1/events`, { method: 'POST', headers, body: JSON.stringify({ events: body }) }));
      expect(response.ok).toBe(true);
    }
    const queries: URLSearchParams[] = [];
    beforeEach(() => {
      queries.length = 0;
      server.events.on('request:start', ({ request }) => {
        const url = new URL(request.url);
        if (url.pathname.endsWith('/stats')) queries.push(url.searchParams);
      });
    });

    it('asks for the last 7 days by the day in the time zone, and shows charts, tables, placements and filtered traffic', async () => {
      platform = createTestPlatform({ filterBots: true });
      server.resetHandlers(...platform.handlers);
      await send([
        { type: 'impression', rec: 'rec-lin-serum', page: 'https://blog.example/posts/summer', placement: 'sidebar' },
        { type: 'impression', rec: 'rec-lin-serum', page: 'https://blog.example/posts/summer', placement: 'sidebar' },
        { type: 'click', rec: 'rec-lin-serum', page: 'https://blog.example/posts/summer', placement: 'sidebar' },
        { type: 'impression', rec: 'rec-lin-tea' },
      ]);
      await send([{ type: 'impression', rec: 'rec-lin-serum' }], true);
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" tz="Asia/Shanghai"`);
      await loaded(element);
      const query = queries.at(-1)!;
      expect(Object.fromEntries(query)).toMatchObject({ bucket: 'day', tz: 'Asia/Shanghai' });
      expect((Date.parse(query.get('to')!) - Date.parse(query.get('from')!)) / 86_400_000).toBe(7);
      expect(element.getAttribute('range')).toBe('7d');

      // Small multiples, each an image with a name and a summary.
      const charts = parts(element, 'chart');
      expect(charts.length).toBeGreaterThanOrEqual(3);
      const svgs = charts.map((chart) => chart.querySelector('svg')!);
      expect(svgs.every((svg) => svg.getAttribute('role') === 'img')).toBe(true);
      const impressions = svgs[0]!;
      expect(text(impressions.querySelector('title'))).toBe('Impressions');
      expect(text(impressions.querySelector('desc'))).toMatch(/^Impressions: 3 in total from .+; highest 3, at .+\.$/);
      expect(impressions.querySelectorAll('rect')).toHaveLength(7);
      // The same numbers as a table, behind a keyboard-reachable summary.
      const table = part(element, 'series-table')!;
      expect(table.localName).toBe('details');
      expect(table.querySelector('summary')).not.toBeNull();
      const seriesRows = [...table.querySelectorAll('tbody tr')];
      expect(seriesRows).toHaveLength(7);
      expect(cells(seriesRows.at(-1)! as HTMLElement).slice(1, 4)).toEqual(['3', '1', '0']);

      const placements = [...part(element, 'placements')!.querySelectorAll('tbody tr')].map((tr) => cells(tr as HTMLElement).slice(0, 4));
      expect(placements).toContainEqual(['https://blog.example/posts/summer', 'sidebar', '2', '1']);
      expect(placements).toContainEqual(['Page not reported', 'No placement', '1', '0']);

      expect(text(part(element, 'filtered'))).toContain('Invalid traffic filtered out (not counted above): 1 events');
      expect(part(element, 'filtered')!.querySelector('[data-reason="bot"]')).not.toBeNull();
    });

    it('"today" moves on at midnight in its time zone with no event meanwhile; a custom range stays', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: Date.parse('2026-03-10T15:59:00Z') });
      // Polling out of reach (every 10 days): only the rollover can ask again within the test.
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" tz="Asia/Shanghai" range="today" interval="864000000"`);
      await settle(element);
      expect(queries.at(-1)?.get('from')).toBe('2026-03-09T16:00:00.000Z'); // 10 March in Shanghai
      const asked = queries.length;
      await vi.advanceTimersByTimeAsync(59_000);
      await settle(element);
      expect(queries).toHaveLength(asked);
      await vi.advanceTimersByTimeAsync(2_000);
      await settle(element);
      expect(queries).toHaveLength(asked + 1);
      expect(queries.at(-1)?.get('from')).toBe('2026-03-10T16:00:00.000Z'); // 11 March
      expect(element.stats).toBeDefined();

      element.setAttribute('range', 'custom');
      element.setAttribute('from', '2026-03-01');
      element.setAttribute('to', '2026-03-11');
      await settle(element);
      const custom = queries.length;
      expect(queries.at(-1)?.get('from')).toBe('2026-02-28T16:00:00.000Z');
      // The next midnight, at which "today" would have moved on again.
      await vi.advanceTimersByTimeAsync(86_400_000 + 2_000);
      await settle(element);
      expect(queries).toHaveLength(custom);
      element.remove();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('switches range from the picker: today by the hour, then a custom range, refusing one that ends before it starts', async () => {
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" tz="UTC"`);
      await loaded(element);
      const changes: unknown[] = [];
      element.addEventListener('vitrine-range-change', (event) => changes.push((event as CustomEvent).detail));
      const radio = (value: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`)!;
      expect(radio('7d').checked).toBe(true);

      radio('today').click();
      await loaded(element);
      await vi.waitFor(() => expect(queries.at(-1)?.get('bucket')).toBe('hour'));
      await loaded(element);
      expect(element.getAttribute('range')).toBe('today');
      expect(parts(element, 'chart')[0]!.querySelectorAll('rect')).toHaveLength(24);
      expect(changes).toEqual([{ range: 'today', from: '', to: '' }]);

      radio('custom').click();
      await element.updateComplete;
      // Custom starts from the days on screen (today): let that load finish (a new range aborts a load in flight).
      await loaded(element);
      expect(element.range).toBe('custom');
      const form = part(element, 'custom-range')! as HTMLFormElement;
      const [from, to] = [...form.querySelectorAll('input')];
      from!.value = '2026-11-10';
      to!.value = '2026-11-01';
      form.querySelector("button")!.click();
      await element.updateComplete;
      expect(text(part(element, 'range-error'))).toBe('Choose a start date on or before the end date, at most 400 days apart.');

      const today = new Date().toISOString().slice(0, 10);
      const start = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      from!.value = start;
      to!.value = today;
      form.querySelector("button")!.click();
      await vi.waitFor(() => expect(queries.at(-1)?.get('from')).toBe(`${start}T00:00:00.000Z`));
      await loaded(element);
      expect(text(part(element, 'range-error'))).toBe('');
      expect(queries.at(-1)?.get('bucket')).toBe('day');
      expect(element.range).toBe('custom');
      expect([element.from, element.to]).toEqual([start, today]);
      expect(changes.at(-1)).toEqual({ range: 'custom', from: start, to: today });
    });

    it('warns in development about a tz that is not a time zone, and uses the reader’s', async () => {
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" tz="Mars/Olympus"`);
      await loaded(element);
      await expectLogged(/invalid-time-zone: <vitrine-stats tz="Mars\/Olympus">/, 1);
      expect(queries.at(-1)?.get('tz')).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    });

    it('streams the range on screen, and opens a new stream when another range is picked', async () => {
      const opened = recordEventSources();
      try {
        const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" tz="UTC"`);
        await loaded(element);
        await vi.waitFor(() => expect(opened).toHaveLength(1));
        const first = new URL(opened[0]!.url);
        expect(first.pathname).toBe('/v1/stream/stats');
        expect([first.searchParams.get('bucket'), first.searchParams.get('tz')]).toEqual(['day', 'UTC']);
        expect(first.searchParams.get('token')).toBeTruthy();
        expect(opened[0]!.url).not.toContain(LIN_KEY);

        element.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"][value="today"]')!.click();
        await vi.waitFor(() => expect(opened).toHaveLength(2));
        expect(opened[0]!.closed).toBe(true);
        expect(new URL(opened[1]!.url).searchParams.get('bucket')).toBe('hour');
        await loaded(element);

        // Streams off: the open stream closes and none opens (the element polls).
        element.setAttribute('stream', 'false');
        await vi.waitFor(() => expect(opened[1]!.closed).toBe(true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(opened).toHaveLength(2);
        element.remove();
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('all time asks without a range and shows no series', async () => {
      const element = await mount(`creator="creator-lin" api-key="${LIN_KEY}" range="all"`);
      await loaded(element);
      expect(queries.at(-1)?.has('from')).toBe(false);
      expect(part(element, 'charts')).toBeUndefined();
      expect(part(element, 'table')).toBeDefined();
    });

    it('downloads a CSV whose totals are the API’s', async () => {
      await send([
        { type: 'impression', rec: 'rec-lin-serum', page: 'https://blog.example/a', placement: 'footer' },
        { type: 'click', rec: 'rec-lin-serum', page: 'https://blog.example/a', placement: 'footer' },
      ]);
      const element = await mount();
      await loaded(element);
      const blobs: Blob[] = [];
      const names: string[] = [];
      const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:stats'));
      const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
      const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        names.push(this.download);
      });
      part(element, 'export')!.click();
      expect(create).toHaveBeenCalledTimes(1);
      expect(click).toHaveBeenCalledTimes(1);
      expect(names[0]).toMatch(/^vitrine-stats-creator-lin-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/);
      const csv = await blobs[0]!.text();
      const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
      const header = lines[0]!.split(',');
      const column = (name: string, section: string) =>
        lines
          .slice(1)
          .map((line) => line.split(','))
          .filter((cells) => cells[0] === section)
          .reduce((sum, cells) => sum + Number(cells[header.indexOf(name)] || 0), 0);
      const totals = statsTotals(element.stats!);
      expect(column('impressions', 'recommendation')).toBe(totals.impressions);
      expect(column('clicks', 'recommendation')).toBe(totals.clicks);
      expect(column('impressions', 'series')).toBe(totals.impressions);
      expect(column('impressions', 'placement')).toBe(totals.impressions);
      expect(totals.impressions).toBe(1);
      expect(csv).toContain('placement,,,,https://blog.example/a,footer,');
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    });
  });
});
