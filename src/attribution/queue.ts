import { HttpError, RequestError, VitrineError } from '../errors.js';
import { AttributionEvent, MAX_EVENTS_PER_BATCH } from '../model/attribution.js';
import { retryDelayMs } from '../internal/retry.js';
import { storageSlot } from '../internal/storage.js';
import { checkConsent, gpcEnabled, isAnalytics, prepareEvent, refused, type Consent, type TrackInput } from './events.js';

export { CONSENT_STATES, type Consent, type TrackInput } from './events.js';

/** Options of `createEventQueue`. */
export interface EventQueueOptions {
  /** Full URL of the platform's `POST /v1/events`. */
  endpoint: string;
  /** Initial analytics consent; default `required`. */
  consent?: Consent;
  /** The fetch to use; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Where pending events survive a reload; default `localStorage`, `null` = memory only. */
  storage?: Storage | null;
  /** Storage key; default `vitrine:events`. */
  storageKey?: string;
  /** How long events accumulate before a flush; default 2000 ms. */
  flushDelayMs?: number;
  /** Most events per request, and the count that triggers an immediate flush; default `MAX_EVENTS_PER_BATCH`. */
  maxBatch?: number;
  /** Most events kept; beyond it the oldest analytics events are dropped first; default 500. */
  maxQueued?: number;
  /**
   * Exponential backoff (with jitter) after network errors, 408, 429 and 5xx:
   * defaults 1000 ms, 60000 ms, 5 attempts. A `Retry-After` (seconds or
   * HTTP-date) or rate-limit reset header is honoured as a lower bound, within `maxMs`.
   */
  retry?: { baseMs?: number; maxMs?: number; limit?: number };
  /** Reports invalid events, batches the platform refused, and delivery given up after `retry.limit`. */
  onError?: (error: VitrineError) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/** A batching, durable, consent-aware event queue. */
export interface EventQueue {
  /**
   * Validates and queues an event. Returns it (with its id), or `null` when it is
   * invalid (reported to `onError`) or is an analytics event consent does not allow.
   */
  track(event: TrackInput): AttributionEvent | null;
  /** Sends every sendable event now; `beacon: true` uses `navigator.sendBeacon` (page exit). Never rejects. */
  flush(options?: { beacon?: boolean }): Promise<void>;
  /** Updates consent: `granted` releases held analytics, `denied` drops unsent analytics. */
  setConsent(consent: Consent): void;
  /** The current consent state. */
  readonly consent: Consent;
  /** Events queued, including analytics held for consent. */
  readonly size: number;
  /** Stops timers and page-exit listeners. Unsent events stay in storage for the next page. */
  dispose(): void;
}

const CONTENT_TYPE = 'text/plain;charset=UTF-8';
/** keepalive fetches share a 64 KiB budget; stay under it with headroom. */
const MAX_BODY_BYTES = 60 * 1024;

const byteLength = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Creates the event queue that delivers impressions, clicks, add-to-cart and
 * checkout events to `POST /v1/events`.
 *
 * - **Consent**: `click` and `checkout` are attribution (the commission contract
 *   needs them) and are always sent. `impression` and `add_to_cart` are analytics:
 *   sent only when consent is `granted` and Global Privacy Control is off; held in
 *   memory while consent is `required`, dropped when `denied` or under GPC.
 * - **Batching**: events are sent `flushDelayMs` after the first one, or at once
 *   when `maxBatch` are waiting; requests carry at most `maxBatch` events and 60 KiB.
 * - **Transport**: a `text/plain` body (no CORS preflight) by keepalive `fetch`;
 *   on `pagehide` or when the page is hidden, by `navigator.sendBeacon`.
 * - **Durability**: sendable events are kept in storage until a 2xx confirms them
 *   and restored by the next queue; retries keep each event's id, and the platform
 *   drops ids it has seen. A batch refused with a 4xx (not 408/429) is dropped and
 *   reported as an `HttpError`.
 */
export function createEventQueue(options: EventQueueOptions): EventQueue {
  const { endpoint, flushDelayMs = 2000, maxBatch = MAX_EVENTS_PER_BATCH, maxQueued = 500, onError, now = Date.now } = options;
  const { baseMs = 1000, maxMs = 60_000, limit = 5 } = options.retry ?? {};
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const slot = storageSlot(options.storage, options.storageKey ?? 'vitrine:events');
  let consent = checkConsent(options.consent ?? 'required', 'config');
  let queue: AttributionEvent[] = [];
  /** Analytics waiting for consent: never persisted. */
  const held = new Set<string>();
  /** Ids in a request right now. */
  const sending = new Set<string>();
  /** Ids to delete from storage at the next write. */
  let removed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let draining: Promise<void> | undefined;
  let disposed = false;

  const allowed = (): boolean => consent === 'granted' && !gpcEnabled();
  const sendable = (event: AttributionEvent): boolean => !isAnalytics(event) || allowed();

  const stored = (): unknown[] => {
    const value = slot.read();
    return Array.isArray(value) ? value : [];
  };

  /**
   * Writes this queue's persistable events, keeping entries other queues (other
   * tabs) wrote; those are validated when a queue restores them.
   */
  const persist = (): void => {
    const mine = new Set(queue.map((event) => event.id));
    const others = stored().filter((item) => {
      const id = (item as { id?: unknown } | null)?.id;
      return typeof id === 'string' && !mine.has(id) && !removed.has(id);
    });
    slot.write([...others, ...queue.filter((event) => !held.has(event.id))].slice(-maxQueued));
    removed = new Set();
  };

  const drop = (keep: (event: AttributionEvent) => boolean): void => {
    queue = queue.filter((event) => {
      if (keep(event)) return true;
      removed.add(event.id);
      held.delete(event.id);
      return false;
    });
  };

  /** Drops the oldest unsent analytics events first, then the oldest unsent events, beyond `maxQueued`. */
  const trim = (): void => {
    while (queue.length > maxQueued) {
      const victim =
        queue.find((event) => isAnalytics(event) && !sending.has(event.id)) ?? queue.find((event) => !sending.has(event.id));
      if (!victim) return;
      drop((event) => event !== victim);
    }
  };

  const nextBatch = (): AttributionEvent[] | undefined => {
    const batch: AttributionEvent[] = [];
    let bytes = 16;
    for (const event of queue) {
      if (batch.length >= maxBatch) break;
      if (!sendable(event) || sending.has(event.id)) continue;
      const size = byteLength(event) + 1;
      if (batch.length > 0 && bytes + size > MAX_BODY_BYTES) break;
      batch.push(event);
      bytes += size;
    }
    return batch.length > 0 ? batch : undefined;
  };

  /** One timer per queue, for both the flush delay and retry backoff (`replace` = backoff wins). */
  const startTimer = (ms: number, replace = false): void => {
    if (disposed || (timer !== undefined && !replace)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  };

  const schedule = (): void => {
    const ready = queue.filter((event) => sendable(event) && !sending.has(event.id)).length;
    if (ready >= maxBatch && failures === 0) void flush();
    else if (ready > 0) startTimer(flushDelayMs);
  };

  const settle = (batch: AttributionEvent[], confirmed: boolean): void => {
    const ids = new Set(batch.map((event) => event.id));
    queue = queue.filter((event) => !ids.has(event.id));
    if (confirmed) for (const id of ids) removed.add(id);
    persist();
  };

  /** Posts one batch by keepalive fetch; true when the caller may go on with the next batch. */
  const post = async (batch: AttributionEvent[]): Promise<boolean> => {
    for (const event of batch) sending.add(event.id);
    const body = JSON.stringify({ events: batch });
    let error: VitrineError;
    let retry = true;
    let headers: Headers | undefined;
    try {
      const response = await send(endpoint, {
        method: 'POST',
        body,
        keepalive: true,
        headers: { 'content-type': CONTENT_TYPE },
        credentials: 'omit',
      });
      if (response.ok) {
        failures = 0;
        settle(batch, true);
        return true;
      }
      retry = response.status === 408 || response.status === 429 || response.status >= 500;
      // The platform's rate limit says when to come back; honoured (within maxMs) by retryDelayMs.
      headers = response.headers;
      error = new HttpError(new Request(endpoint, { method: 'POST', body, headers: { 'content-type': CONTENT_TYPE } }), response);
    } catch (cause) {
      error = new RequestError('network', `POST ${endpoint} failed`, undefined, { cause });
    } finally {
      for (const event of batch) sending.delete(event.id);
    }
    if (!retry) {
      settle(batch, true);
      onError?.(error);
      return true;
    }
    if (++failures > limit) {
      failures = 0;
      onError?.(error);
    } else {
      startTimer(retryDelayMs(failures - 1, headers, { baseMs, maxMs, jitter: 'equal', now: now() }), true);
    }
    return false;
  };

  /** Page exit: hands every sendable event to sendBeacon now (keepalive fetch when it refuses). */
  const beacon = (): void => {
    const canBeacon = typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function';
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      let queued = false;
      try {
        queued = canBeacon && navigator.sendBeacon(endpoint, new Blob([JSON.stringify({ events: batch })], { type: CONTENT_TYPE }));
      } catch {
        // fall back to fetch
      }
      // A beacon has no response: its events leave memory but stay in storage,
      // so the next page re-sends them (the platform drops duplicate ids).
      if (queued) settle(batch, false);
      else void post(batch);
    }
  };

  function flush(flushOptions: { beacon?: boolean } = {}): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (disposed) return Promise.resolve();
    if (flushOptions.beacon) {
      beacon();
      return Promise.resolve();
    }
    return (draining ??= (async () => {
      for (let batch = nextBatch(); batch && (await post(batch)); batch = nextBatch());
    })().finally(() => {
      draining = undefined;
    }));
  }

  // Restore what an earlier page (or another tab) left in storage.
  for (const event of stored().flatMap((item) => AttributionEvent.safeParse(item).data ?? [])) {
    if (queue.some((other) => other.id === event.id)) continue;
    if (refused(event, consent)) removed.add(event.id);
    else queue.push(event);
  }
  trim();
  if (removed.size > 0) persist();
  schedule();

  const exits = typeof window !== 'undefined' && typeof document !== 'undefined' ? new AbortController() : undefined;
  if (exits) {
    const { signal } = exits;
    window.addEventListener('pagehide', () => void flush({ beacon: true }), { signal });
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void flush({ beacon: true }), {
      signal,
    });
  }

  return {
    track(input) {
      if (disposed) return null;
      const event = prepareEvent(input, now);
      if (event instanceof VitrineError) {
        onError?.(event);
        return null;
      }
      if (queue.some((other) => other.id === event.id)) return event;
      if (isAnalytics(event) && !allowed()) {
        if (consent !== 'required' || gpcEnabled()) return null;
        held.add(event.id);
      }
      queue.push(event);
      trim();
      if (!held.has(event.id)) persist();
      schedule();
      return queue.includes(event) ? event : null;
    },
    flush,
    setConsent(next) {
      consent = checkConsent(next, 'invalid_input');
      if (consent !== 'required' && !allowed()) drop((event) => !isAnalytics(event) || sending.has(event.id));
      else if (consent === 'granted') held.clear();
      persist();
      schedule();
    },
    get consent() {
      return consent;
    },
    get size() {
      return queue.length;
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      disposed = true;
      exits?.abort();
    },
  };
}
