import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VitrineError } from '../errors.js';
import { MemoryStorage } from '../internal/test-storage.js';
import type { AttributionEvent } from '../model/attribution.js';
import { createDeferredEventQueue } from './deferred-queue.js';
import * as queueModule from './queue.js';
import type { EventQueue, EventQueueOptions, TrackInput } from './queue.js';

const ENDPOINT = 'https://api.vitrine.example/v1/events';
const click: TrackInput = { type: 'click', recommendationId: 'rec-1', creatorId: 'creator-1', partnerId: 'shop' };
const impression: TrackInput = { type: 'impression', recommendationId: 'rec-1', creatorId: 'creator-1' };

let storage: MemoryStorage;
let sent: AttributionEvent[][];
let errors: VitrineError[];
let queues: EventQueue[];
const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
  sent.push((JSON.parse(String(init?.body)) as { events: AttributionEvent[] }).events);
  return Response.json({ accepted: 1, duplicates: 0 });
});

/** A loader the test releases by hand: the module "arrives" when `release()` is called. */
function gate() {
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  const load = vi.fn(async () => {
    await arrived;
    return queueModule;
  });
  return { load, release };
}

function deferred(load: () => Promise<typeof queueModule>, options: Partial<EventQueueOptions> = {}): EventQueue {
  const queue = createDeferredEventQueue({ endpoint: ENDPOINT, storage, fetch, flushDelayMs: 0, onError: (error) => errors.push(error), ...options }, load);
  queues.push(queue);
  return queue;
}

const stored = () => JSON.parse(storage.getItem('vitrine:events') ?? '[]') as AttributionEvent[];
const sentIds = () => sent.flat().map((event) => event.id);

beforeEach(() => {
  storage = new MemoryStorage();
  sent = [];
  errors = [];
  queues = [];
  fetch.mockClear();
});
afterEach(() => {
  for (const queue of queues) queue.dispose();
});

describe('createDeferredEventQueue', () => {
  it('loads nothing until an event is tracked', async () => {
    const { load } = gate();
    const queue = deferred(load);
    expect(queue.size).toBe(0);
    expect(queue.consent).toBe('required');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(load).not.toHaveBeenCalled();
  });

  it('validates and keeps events before the queue arrives, in storage when they may be sent', () => {
    const { load } = gate();
    const queue = deferred(load, { consent: 'required' });
    const tracked = queue.track(click);
    expect(tracked?.id).toMatch(/^[\w-]{22}$/);
    expect(load).toHaveBeenCalledTimes(1);
    // A page left now loses nothing: the next page's queue restores it.
    expect(stored().map((event) => event.id)).toEqual([tracked!.id]);
    // Analytics waiting for consent stay in memory only.
    expect(queue.track(impression)).not.toBeNull();
    expect(stored()).toHaveLength(1);
    expect(queue.size).toBe(2);
    expect(queue.track({ ...click, recommendationId: 'not an id!' })).toBeNull();
    expect(errors.map((error) => error.code)).toEqual(['invalid_input']);
  });

  it('refuses analytics under denied consent before the queue arrives, as the queue does', () => {
    const { load } = gate();
    const queue = deferred(load, { consent: 'denied' });
    expect(queue.track(impression)).toBeNull();
    expect(queue.track(click)).not.toBeNull();
  });

  it('hands every early event to the queue once it arrives, and sends each once', async () => {
    const { load, release } = gate();
    const queue = deferred(load, { consent: 'required' });
    const first = queue.track(click)!;
    const held = queue.track(impression)!;
    release();
    await vi.waitFor(() => expect(sentIds()).toEqual([first.id]));
    // The held impression went to the queue: granting consent sends it.
    queue.setConsent('granted');
    await vi.waitFor(() => expect(sentIds()).toEqual([first.id, held.id]));
    const later = queue.track(click)!;
    await vi.waitFor(() => expect(sentIds()).toEqual([first.id, held.id, later.id]));
    expect(load).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual([]);
  });

  it('applies consent changed before the queue arrived', async () => {
    const { load, release } = gate();
    const queue = deferred(load, { consent: 'required' });
    queue.track(impression);
    const attributed = queue.track(click)!;
    queue.setConsent('denied');
    expect(queue.consent).toBe('denied');
    expect(queue.size).toBe(1);
    release();
    await vi.waitFor(() => expect(sentIds()).toEqual([attributed.id]));
    expect(queue.consent).toBe('denied');
  });

  it('loads at once when an earlier page left events to send', async () => {
    storage.setItem('vitrine:events', JSON.stringify([{ ...click, id: 'left-by-an-earlier-page', at: '2026-01-01T00:00:00Z' }]));
    deferred(async () => queueModule);
    await vi.waitFor(() => expect(sentIds()).toEqual(['left-by-an-earlier-page']));
  });

  it('flush loads the queue and sends; a page-exit flush does not wait for it', async () => {
    const { load, release } = gate();
    const queue = deferred(load, { flushDelayMs: 60_000 });
    const event = queue.track(click)!;
    await queue.flush({ beacon: true }); // resolves at once: the event is in storage
    expect(sent).toEqual([]);
    const flushed = queue.flush();
    release();
    await flushed;
    expect(sentIds()).toEqual([event.id]);
  });

  it('dispose before the queue arrives disposes it on arrival: nothing is sent, events stay stored', async () => {
    const { load, release } = gate();
    const queue = deferred(load);
    const event = queue.track(click)!;
    queue.dispose();
    expect(queue.track(click)).toBeNull();
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    expect(stored().map((stored) => stored.id)).toEqual([event.id]);
  });

  it('reports a failed load (network) and tries again with the next event', async () => {
    let attempts = 0;
    const queue = deferred(async () => {
      if (++attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return queueModule;
    });
    const first = queue.track(click)!;
    await vi.waitFor(() => expect(errors.map((error) => error.code)).toEqual(['network']));
    const second = queue.track(click)!;
    await vi.waitFor(() => expect(sentIds().sort()).toEqual([first.id, second.id].sort()));
    expect(attempts).toBe(2);
  });
});
