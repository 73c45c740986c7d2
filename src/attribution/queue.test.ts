import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isHttpError, isValidationError, isVitrineError, type VitrineError } from '../errors.js';
import type { AttributionEvent, EventType } from '../model/attribution.js';
import { createEventQueue, type Consent, type EventQueue, type EventQueueOptions, type TrackInput } from './queue.js';
import { MemoryStorage } from '../internal/test-storage.js';

const ENDPOINT = 'https://api.vitrine.example/v1/events';
const KEY = 'vitrine:events';

interface Received {
  events: AttributionEvent[];
  contentType: string | null;
}
let received: Received[] = [];
/** Status codes the events endpoint answers with, in order; then 200. */
let statuses: Array<number | 'network'> = [];

const server = setupServer(
  http.post(ENDPOINT, async ({ request }) => {
    const body = JSON.parse(await request.text()) as { events: AttributionEvent[] };
    received.push({ events: body.events, contentType: request.headers.get('content-type') });
    const status = statuses.shift() ?? 200;
    if (status === 'network') return HttpResponse.error();
    return status < 300
      ? HttpResponse.json({ accepted: body.events.length, duplicates: 0 })
      : HttpResponse.json({ title: 'nope', status }, { status });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const queues: EventQueue[] = [];
let storage: MemoryStorage;
let errors: VitrineError[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  received = [];
  statuses = [];
  storage = new MemoryStorage();
  errors = [];
});
afterEach(() => {
  for (const queue of queues.splice(0)) queue.dispose();
  vi.useRealTimers();
});

function queue(options: Partial<EventQueueOptions> = {}): EventQueue {
  const created = createEventQueue({ endpoint: ENDPOINT, storage, onError: (error) => errors.push(error), ...options });
  queues.push(created);
  return created;
}

const event = (type: EventType = 'click', extra: Partial<TrackInput> = {}): TrackInput => ({
  type,
  recommendationId: 'rec-1',
  creatorId: 'creator-1',
  partnerId: 'shop',
  ...extra,
});

const sentIds = () => received.flatMap((request) => request.events.map((sent) => sent.id));
const stored = () => JSON.parse(storage.getItem(KEY) ?? '[]') as AttributionEvent[];

describe('track', () => {
  it('gives every event an id and an ISO time unless given', () => {
    const q = queue({ now: () => Date.UTC(2026, 10, 22, 3) });
    const tracked = q.track(event());
    expect(tracked?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tracked?.at).toBe('2026-11-22T03:00:00.000Z');
    const given = q.track(event('click', { id: 'my-own-event-id-1', at: '2026-01-01T00:00:00+08:00' }));
    expect(given).toMatchObject({ id: 'my-own-event-id-1', at: '2026-01-01T00:00:00+08:00' });
    expect(q.size).toBe(2);
  });

  it('rejects invalid events with a ValidationError to onError', () => {
    const q = queue();
    expect(q.track({ ...event(), creatorId: 'bad id!' })).toBeNull();
    expect(q.track({ ...event(), type: 'purchase' as EventType })).toBeNull();
    expect(errors).toHaveLength(2);
    expect(errors.every((error) => isValidationError(error) && error.code === 'invalid_input')).toBe(true);
    expect(q.size).toBe(0);
  });

  it('ignores a second event with the same id', () => {
    const q = queue();
    q.track(event('click', { id: 'same-event-id-0001' }));
    q.track(event('click', { id: 'same-event-id-0001' }));
    expect(q.size).toBe(1);
  });
});

describe('batching', () => {
  it('sends accumulated events once, flushDelayMs after the first, as text/plain', async () => {
    const q = queue({ consent: 'granted' });
    q.track(event('click'));
    await vi.advanceTimersByTimeAsync(1000);
    q.track(event('impression'));
    q.track(event('checkout'));
    await vi.advanceTimersByTimeAsync(999);
    expect(received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]?.events.map((sent) => sent.type)).toEqual(['click', 'impression', 'checkout']);
    expect(received[0]?.contentType).toBe('text/plain;charset=UTF-8');
    await vi.waitFor(() => expect(q.size).toBe(0));
    expect(stored()).toEqual([]);
  });

  it('flushes at once when maxBatch events wait, in batches of at most maxBatch', async () => {
    const q = queue({ maxBatch: 2 });
    q.track(event());
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toHaveLength(0);
    for (let i = 0; i < 4; i++) q.track(event());
    await vi.waitFor(() => expect(q.size).toBe(0));
    expect(received.map((request) => request.events.length)).toEqual([2, 2, 1]);
  });

  it('keeps each request body under 60 KiB', async () => {
    const q = queue({ maxBatch: 1000, maxQueued: 1000 });
    for (let i = 0; i < 400; i++) q.track(event('checkout', { sku: '商'.repeat(64), quantity: 1 }));
    await q.flush();
    expect(received.length).toBeGreaterThan(1);
    expect(received.flatMap((request) => request.events)).toHaveLength(400);
    for (const request of received) {
      expect(new TextEncoder().encode(JSON.stringify({ events: request.events })).length).toBeLessThan(60 * 1024);
    }
  });

  it('uses keepalive fetch with credentials omitted', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response('{}', { status: 200 }));
    const q = queue({ fetch });
    const tracked = q.track(event());
    await q.flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(ENDPOINT);
    expect(init).toMatchObject({
      method: 'POST',
      keepalive: true,
      credentials: 'omit',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(JSON.parse(init?.body as string)).toEqual({ events: [tracked] });
  });

  it('keeps one timer per queue instance', async () => {
    const a = queue();
    const b = queue({ flushDelayMs: 5000 });
    a.track(event());
    b.track(event());
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(3000);
    await vi.waitFor(() => expect(received).toHaveLength(2));
  });
});

describe('consent', () => {
  const types: EventType[] = ['impression', 'click', 'add_to_cart', 'checkout'];
  const matrix: Array<[Consent, boolean, EventType[]]> = [
    ['granted', false, ['impression', 'click', 'add_to_cart', 'checkout']],
    ['granted', true, ['click', 'checkout']],
    ['required', false, ['click', 'checkout']],
    ['required', true, ['click', 'checkout']],
    ['denied', false, ['click', 'checkout']],
    ['denied', true, ['click', 'checkout']],
  ];

  it.each(matrix)('consent %s, GPC %s sends %j', async (consent, gpc, expected) => {
    if (gpc) vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const q = queue({ consent });
    for (const type of types) q.track(event(type));
    await q.flush();
    expect(received.flatMap((request) => request.events.map((sent) => sent.type))).toEqual(expected);
  });

  it('holds analytics in memory (not storage) while consent is required, then sends them when granted', async () => {
    const q = queue();
    expect(q.consent).toBe('required');
    const held = q.track(event('impression'));
    expect(held).not.toBeNull();
    expect(q.size).toBe(1);
    expect(stored()).toEqual([]);
    await q.flush();
    expect(received).toHaveLength(0);
    q.setConsent('granted');
    expect(stored().map((sent) => sent.id)).toEqual([held?.id]);
    await q.flush();
    expect(sentIds()).toEqual([held?.id]);
  });

  it('drops held and unsent analytics when consent is denied, keeping attribution', async () => {
    const q = queue();
    q.track(event('impression'));
    const click = q.track(event('click'));
    q.setConsent('denied');
    expect(q.size).toBe(1);
    expect(q.track(event('add_to_cart'))).toBeNull();
    q.setConsent('granted');
    await q.flush();
    expect(sentIds()).toEqual([click?.id]);
  });

  it('drops analytics on grant while GPC is on', async () => {
    const q = queue();
    q.track(event('impression'));
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    q.setConsent('granted');
    expect(q.size).toBe(0);
  });

  it('rejects an unknown consent state', () => {
    expect(() => queue({ consent: 'maybe' as Consent })).toThrow(expect.objectContaining({ code: 'config' }));
    const q = queue();
    expect(() => q.setConsent('yes' as Consent)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('durability', () => {
  it('persists pending events and restores them in a new queue sharing the storage', async () => {
    const first = queue();
    const a = first.track(event());
    const b = first.track(event('checkout', { sku: 'SKU-1', quantity: 2 }));
    first.dispose();
    expect(stored().map((sent) => sent.id)).toEqual([a?.id, b?.id]);

    const second = queue();
    expect(second.size).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(second.size).toBe(0));
    expect(sentIds()).toEqual([a?.id, b?.id]);
    expect(received[0]?.events[1]).toEqual(b);
    expect(stored()).toEqual([]);
  });

  it('validates and dedupes restored events', async () => {
    const good = { id: 'restored-event-0001', type: 'click', at: '2026-11-22T03:00:00Z', recommendationId: 'r', creatorId: 'c' };
    storage.setItem(KEY, JSON.stringify([good, { ...good }, { id: 'x' }, 'junk', { ...good, id: 'restored-event-0002', at: 'yesterday' }]));
    const q = queue();
    expect(q.size).toBe(1);
    await q.flush();
    expect(sentIds()).toEqual(['restored-event-0001']);
  });

  it('starts empty on corrupt storage and works without storage', async () => {
    storage.setItem(KEY, '[{');
    expect(queue().size).toBe(0);
    const memory = queue({ storage: null });
    memory.track(event());
    await memory.flush();
    expect(received).toHaveLength(1);
    const sandboxed = new MemoryStorage();
    sandboxed.failReads = true;
    const q = queue({ storage: sandboxed });
    q.track(event());
    await q.flush();
    expect(received).toHaveLength(2);
  });

  it('drops restored analytics when consent is denied', () => {
    const first = queue({ consent: 'granted' });
    first.track(event('impression'));
    first.track(event('click'));
    first.dispose();
    const second = queue({ consent: 'denied' });
    expect(second.size).toBe(1);
    expect(stored().map((sent) => sent.type)).toEqual(['click']);
  });

  it('removes events from storage only after a 2xx', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      await gate;
      return new Response(null, { status: 202 });
    });
    const q = queue({ fetch });
    const tracked = q.track(event());
    const flushed = q.flush();
    expect(stored().map((sent) => sent.id)).toEqual([tracked?.id]);
    release();
    await flushed;
    expect(stored()).toEqual([]);
  });

  it("keeps another queue's (another tab's) pending events when writing", () => {
    const tabA = queue();
    const a = tabA.track(event());
    const tabB = queue({ storage, consent: 'granted' });
    const b = tabB.track(event());
    tabA.track(event());
    expect(stored().map((sent) => sent.id)).toEqual(expect.arrayContaining([a?.id, b?.id]));
  });
});

describe('retries', () => {
  it('retries 5xx, 429 and network errors with backoff, with the same event ids', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    statuses = [503, 429, 'network'];
    const q = queue({ retry: { baseMs: 100, maxMs: 1000 } });
    const tracked = q.track(event());
    await q.flush();
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(received).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(received).toHaveLength(3));
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(q.size).toBe(0));
    expect(sentIds()).toEqual([tracked?.id, tracked?.id, tracked?.id, tracked?.id]);
    expect(errors).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it("waits as long as a 429's Retry-After says (within maxMs) instead of its own backoff", async () => {
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        received.push({ events: (JSON.parse(await request.text()) as { events: AttributionEvent[] }).events, contentType: null });
        return HttpResponse.json({ title: 'slow down', status: 429 }, { status: 429, headers: { 'retry-after': '7' } });
      }, { once: true }),
    );
    const q = queue({ retry: { baseMs: 100, maxMs: 60_000 } });
    q.track(event());
    await q.flush();
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(received).toHaveLength(2));
    await vi.waitFor(() => expect(q.size).toBe(0));
  });

  it('drops a batch refused with another 4xx and reports an HttpError', async () => {
    statuses = [400];
    const q = queue();
    q.track(event());
    await q.flush();
    expect(q.size).toBe(0);
    expect(stored()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(isHttpError(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ status: 400, code: 'http' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(received).toHaveLength(1);
  });

  it('gives up after retry.limit, reports it, and keeps the events in storage', async () => {
    statuses = ['network', 'network', 'network'];
    const q = queue({ retry: { baseMs: 10, maxMs: 10, limit: 2 } });
    const tracked = q.track(event());
    await q.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(received).toHaveLength(3);
    expect(isVitrineError(errors[0], 'network')).toBe(true);
    expect(q.size).toBe(1);
    expect(stored().map((sent) => sent.id)).toEqual([tracked?.id]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(received).toHaveLength(3);
  });
});

describe('bounds', () => {
  it('drops the oldest analytics events first beyond maxQueued', () => {
    const q = queue({ consent: 'granted', maxQueued: 3, maxBatch: 10 });
    const i1 = q.track(event('impression'));
    const c1 = q.track(event('click'));
    const i2 = q.track(event('impression'));
    const c2 = q.track(event('checkout'));
    expect(q.size).toBe(3);
    expect(stored().map((sent) => sent.id)).toEqual([c1?.id, i2?.id, c2?.id]);
    expect(i1).not.toBeNull();
    q.track(event('click'));
    q.track(event('click'));
    expect(stored().map((sent) => sent.type)).toEqual(['checkout', 'click', 'click']);
  });
});

describe('dispose', () => {
  it('stops the timer: nothing is sent after dispose', async () => {
    const q = queue();
    q.track(event());
    q.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(received).toHaveLength(0);
    expect(q.track(event())).toBeNull();
  });
});
