// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttributionEvent } from '../model/attribution.js';
import { createEventQueue, type EventQueue } from './queue.js';
import { MemoryStorage } from '../internal/test-storage.js';

const ENDPOINT = 'https://api.vitrine.example/v1/events';
const click = { type: 'click', recommendationId: 'rec-1', creatorId: 'creator-1', clickId: 'AAAAAAAAAAAAAAAAAAAAAA' } as const;

let storage: MemoryStorage;
let fetch: ReturnType<typeof vi.fn<typeof globalThis.fetch>>;
let beacon: ReturnType<typeof vi.fn<(url: string, data: Blob) => boolean>>;
let q: EventQueue;

const stored = () => JSON.parse(storage.getItem('vitrine:events') ?? '[]') as AttributionEvent[];

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  storage = new MemoryStorage();
  fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 200 }));
  beacon = vi.fn((_url: string, _data: Blob) => true);
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon });
  q = createEventQueue({ endpoint: ENDPOINT, storage, fetch });
});
afterEach(() => {
  q.dispose();
  Reflect.deleteProperty(navigator, 'sendBeacon');
  Reflect.deleteProperty(document, 'visibilityState');
});

describe('page exit', () => {
  it('sends pending events with sendBeacon as a text/plain Blob on pagehide', async () => {
    const tracked = q.track(click);
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, blob] = beacon.mock.calls[0]!;
    expect(url).toBe(ENDPOINT);
    expect(blob.type).toBe('text/plain;charset=utf-8');
    expect(JSON.parse(await blob.text())).toEqual({ events: [tracked] });
    expect(fetch).not.toHaveBeenCalled();
    expect(q.size).toBe(0);
    // No response to a beacon: the event stays in storage until a later 2xx confirms it.
    expect(stored().map((event) => event.id)).toEqual([tracked?.id]);
  });

  it('uses the beacon when the page becomes hidden, not when it becomes visible', () => {
    q.track(click);
    setVisibility('visible');
    expect(beacon).not.toHaveBeenCalled();
    setVisibility('hidden');
    expect(beacon).toHaveBeenCalledTimes(1);
  });

  it('falls back to keepalive fetch when sendBeacon refuses', async () => {
    beacon.mockReturnValue(false);
    const tracked = q.track(click);
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ keepalive: true, method: 'POST' });
    await vi.waitFor(() => expect(stored()).toEqual([]));
    expect(JSON.parse(fetch.mock.calls[0]?.[1]?.body as string).events[0].id).toBe(tracked?.id);
  });

  it('falls back to keepalive fetch when sendBeacon is missing', () => {
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: undefined });
    q.track(click);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not beacon held analytics', () => {
    q.track({ ...click, type: 'impression' });
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).not.toHaveBeenCalled();
  });

  it('removes its listeners on dispose', () => {
    q.track(click);
    q.dispose();
    window.dispatchEvent(new Event('pagehide'));
    setVisibility('hidden');
    expect(beacon).not.toHaveBeenCalled();
  });

  it('re-sends beaconed events from storage on the next page', async () => {
    const tracked = q.track(click);
    window.dispatchEvent(new Event('pagehide'));
    q.dispose();
    q = createEventQueue({ endpoint: ENDPOINT, storage, fetch });
    expect(q.size).toBe(1);
    await q.flush();
    expect(JSON.parse(fetch.mock.calls[0]?.[1]?.body as string).events[0].id).toBe(tracked?.id);
    expect(stored()).toEqual([]);
  });
});
