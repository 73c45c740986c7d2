import { VitrineError } from '../errors.js';
import { lazy } from '../internal/lazy.js';
import { storageSlot } from '../internal/storage.js';
import type { AttributionEvent } from '../model/attribution.js';
import { checkConsent, isAnalytics, prepareEvent, refused } from './events.js';
import type { EventQueue, EventQueueOptions } from './queue.js';

/**
 * The event queue of `createVitrine`: an `EventQueue` whose delivery code
 * (batching, keepalive fetch, beacons, retries, page-exit listeners) is a
 * module of its own, loaded when the first event is tracked, when `flush` is
 * called, or at once when an earlier page left events in storage. A page that
 * tracks nothing never downloads it.
 *
 * Until it is loaded, `track` behaves as the queue's: events are validated and
 * get their id (returned at once), analytics are refused under `denied` or
 * Global Privacy Control, and every event that may be sent is written to
 * storage immediately, so that a page left before the module arrives loses
 * nothing (the next page's queue sends it). Then every early event is handed
 * to the queue, which drops the ones it restored from storage (same id).
 */
export function createDeferredEventQueue(
  options: EventQueueOptions,
  load: () => Promise<{ createEventQueue(options: EventQueueOptions): EventQueue }> = () => import('./queue.js'),
): EventQueue {
  const { now = Date.now, maxQueued = 500 } = options;
  const slot = storageSlot(options.storage, options.storageKey ?? 'vitrine:events');
  let consent = checkConsent(options.consent ?? 'required', 'config');
  let early: AttributionEvent[] = [];
  let queue: EventQueue | undefined;
  let disposed = false;

  const start = lazy('event queue', async () => {
    const { createEventQueue } = await load();
    const created = createEventQueue({ ...options, consent });
    for (const event of early) created.track(event);
    early = [];
    queue = created;
    if (disposed) created.dispose();
    return created;
  });
  const started = (): Promise<EventQueue | undefined> =>
    start().catch((error: unknown) => {
      options.onError?.(error as VitrineError);
      return undefined;
    });

  const stored = slot.read();
  if (Array.isArray(stored) && stored.length > 0) void started();

  return {
    track(input) {
      if (queue) return queue.track(input);
      if (disposed) return null;
      const event = prepareEvent(input, now);
      if (event instanceof VitrineError) {
        options.onError?.(event);
        return null;
      }
      if (refused(event, consent)) return null;
      if (!early.some((other) => other.id === event.id)) {
        early.push(event);
        // Analytics waiting for consent stay in memory, as in the queue.
        if (!isAnalytics(event) || consent === 'granted') {
          const current = slot.read();
          slot.write([...(Array.isArray(current) ? current : []), event].slice(-maxQueued));
        }
      }
      void started();
      return event;
    },
    async flush(flushOptions) {
      if (queue) return queue.flush(flushOptions);
      // A beacon must leave now: the early events are in storage for the next page.
      if (disposed || flushOptions?.beacon) return;
      await (await started())?.flush();
    },
    setConsent(next) {
      if (queue) return queue.setConsent(next);
      consent = checkConsent(next, 'invalid_input');
      if (consent !== 'required' && consent !== 'granted') early = early.filter((event) => !isAnalytics(event));
    },
    get consent() {
      return queue?.consent ?? consent;
    },
    get size() {
      return queue?.size ?? early.length;
    },
    dispose() {
      disposed = true;
      queue?.dispose();
    },
  };
}
