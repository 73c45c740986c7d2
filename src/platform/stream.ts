/**
 * Live streams of the platform (`GET /v1/stream/...`): Server-Sent Events
 * pushed when the store's change feed says something a stream shows has
 * changed. Every stream sends its whole current state (a browser's orders, a
 * creator's stats) as one event whose `id` is the feed position it reflects:
 * a client that reconnects with `Last-Event-ID` gets nothing it has already
 * seen, and never misses a change (a state is complete by itself, so no
 * change can fall between two events). Any process sharing the database can
 * serve any stream: the feed and its wake-ups come from the store
 * (`LISTEN/NOTIFY` on PostgreSQL).
 */
import { fromBase64Url, toBase64Url } from '../internal/ids.js';
import type { ChangeTopic, PlatformStore } from './store/store.js';

/** How often an idle stream sends a comment line, in ms: keeps proxies and load balancers from closing it. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** The reconnection delay streams advise (`retry:`), in ms. */
export const STREAM_RETRY_MS = 2_000;
/** How long a stream token of `POST /v1/stream/tokens` is valid, in ms. */
export const STREAM_TOKEN_TTL_MS = 5 * 60_000;

/** Calls `onChange` with the feed position when a change of one of `keys` of `topic` is committed (or when the feed was pruned past the subscriber). */
interface Subscription {
  topic: ChangeTopic;
  keys: ReadonlySet<string>;
  onChange(seq: number): void;
}

/** The changes every stream of a platform follows: one store watcher, one feed read per wake-up, fanned out. */
export interface ChangeHub {
  /** The latest feed position (read from the store). */
  head(): Promise<number>;
  /** Whether anything of `keys` of `topic` changed after `seq`: `null` when the feed no longer reaches back there (send the state). */
  changedSince(seq: number, topic: ChangeTopic, keys: ReadonlySet<string>): Promise<boolean | null>;
  subscribe(subscription: Subscription): () => void;
}

/** A change hub over a store: it watches the store while at least one stream is open. */
export function createChangeHub(store: PlatformStore): ChangeHub {
  const subscribers = new Set<Subscription>();
  let watching: Promise<() => Promise<void>> | undefined;
  /** Where the hub has read the feed to; set when watching starts, before any stream reads its state. */
  let position = 0;
  let started: Promise<unknown> | undefined;
  let reading: Promise<void> | undefined;
  let again = false;

  async function drain(): Promise<void> {
    await started;
    for (;;) {
      const feed = await store.changesSince(position, 1_000);
      for (const subscriber of subscribers) {
        const relevant = feed.changes.filter((change) => change.topic === subscriber.topic && subscriber.keys.has(change.key));
        if (!feed.complete || relevant.length > 0) subscriber.onChange(feed.complete ? relevant.at(-1)!.seq : feed.head);
      }
      position = Math.max(position, feed.head, feed.changes.at(-1)?.seq ?? 0);
      if (feed.changes.length < 1_000) return;
    }
  }

  /** Reads the feed once per wake-up; wake-ups during a read make one more read. */
  function wake(): void {
    if (reading) {
      again = true;
      return;
    }
    reading = drain()
      .catch(() => {}) // the next wake-up reads again; streams also resend on reconnect
      .finally(() => {
        reading = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  return {
    async head() {
      await started;
      return (await store.changesSince(Number.MAX_SAFE_INTEGER, 1)).head;
    },
    async changedSince(seq, topic, keys) {
      let after = seq;
      for (;;) {
        const feed = await store.changesSince(after, 1_000);
        if (!feed.complete) return null;
        if (feed.changes.some((change) => change.topic === topic && keys.has(change.key))) return true;
        if (feed.changes.length < 1_000) return false;
        after = feed.changes.at(-1)!.seq;
      }
    },
    subscribe(subscription) {
      subscribers.add(subscription);
      if (!watching) {
        started = store.changesSince(Number.MAX_SAFE_INTEGER, 1).then((feed) => (position = feed.head));
        watching = store.watchChanges(wake);
      }
      return () => {
        subscribers.delete(subscription);
        if (subscribers.size === 0 && watching) {
          const stop = watching;
          watching = undefined;
          void stop.then((unwatch) => unwatch()).catch(() => {});
        }
      };
    },
  };
}

/** What a stream sends: its state as of feed position `seq`. */
export interface StreamOptions {
  hub: ChangeHub;
  topic: ChangeTopic;
  keys: ReadonlySet<string>;
  /** The SSE event name (`orders`, `stats`). */
  event: string;
  /** The current state, as the event's JSON data. */
  state(): Promise<unknown>;
  /** `Last-Event-ID` of a reconnecting client. */
  lastEventId?: string | null | undefined;
  /** The request's signal: the stream ends when the client goes. */
  signal?: AbortSignal | undefined;
  heartbeatMs?: number | undefined;
  /** Least time between two events of one stream, in ms (changes meanwhile make one event). Default 100. */
  minIntervalMs?: number | undefined;
}

/**
 * A `text/event-stream` response: `retry:` first, then the state (unless
 * `Last-Event-ID` says the client has it already and nothing changed since),
 * then a new state each time a change of `keys` is committed, a comment line
 * every `heartbeatMs` while idle. Ends when the client disconnects.
 */
export function eventStream(options: StreamOptions): Response {
  const encoder = new TextEncoder();
  const heartbeatMs = options.heartbeatMs ?? STREAM_HEARTBEAT_MS;
  const minIntervalMs = options.minIntervalMs ?? 100;
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let sending: Promise<void> | undefined;
      let pending: number | undefined;
      let sentAt = 0;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // cancelled already
        }
      };
      stop = close;
      options.signal?.addEventListener('abort', close, { once: true });

      /** Sends the state as of `seq` (read after it, so it holds at least what `seq` says). */
      const send = (seq: number) => {
        pending = Math.max(pending ?? 0, seq);
        if (sending) return;
        sending = (async () => {
          while (pending !== undefined && !closed) {
            const wait = sentAt + minIntervalMs - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            const id = pending;
            pending = undefined;
            try {
              const data = JSON.stringify(await options.state());
              sentAt = Date.now();
              write(`id: ${id}\nevent: ${options.event}\ndata: ${data}\n\n`);
            } catch {
              close(); // the client reconnects (Last-Event-ID) and gets the state then
            }
          }
        })().finally(() => (sending = undefined));
      };

      const unsubscribe = options.hub.subscribe({ topic: options.topic, keys: options.keys, onChange: send });
      write(`retry: ${STREAM_RETRY_MS}\n\n`);
      try {
        // The position first, then the state: a change committed in between is sent again, never missed.
        const head = await options.hub.head();
        const last = Number(options.lastEventId);
        const resumed = options.lastEventId != null && /^\d{1,15}$/.test(options.lastEventId) && last <= head;
        const changed = resumed ? await options.hub.changedSince(last, options.topic, options.keys) : null;
        if (changed === false) write(`: up to date at ${head}\n\n`);
        else send(head);
      } catch {
        close();
      }
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
  });
}

/**
 * Short-lived stream tokens: `EventSource` sends no `Authorization` header,
 * and a creator key must never be in a URL. `POST /v1/stream/tokens` (with the
 * key) returns a token for `GET /v1/stream/stats?token=…`: the creator id and
 * expiry, signed with HMAC-SHA256 under the platform's `streamSecret` (give
 * every process the same one). A token only opens that creator's stats stream,
 * for {@link STREAM_TOKEN_TTL_MS}; a stream already open stays open.
 */
export interface StreamTokens {
  issue(creatorId: string, now: number): Promise<{ token: string; expiresAt: string }>;
  /** The creator of a valid, unexpired token; `null` otherwise. */
  verify(token: string, now: number): Promise<string | null>;
}

export function createStreamTokens(secret: string, ttlMs = STREAM_TOKEN_TTL_MS): StreamTokens {
  // Imported on first use: a platform is made where Web Crypto may be missing (an insecure page importing vitrine/testing).
  let imported: Promise<CryptoKey> | undefined;
  const key = () => (imported ??= crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  const encode = (text: string) => toBase64Url(new TextEncoder().encode(text));
  return {
    async issue(creatorId, now) {
      const expires = now + ttlMs;
      const claims = encode(`${creatorId}.${expires}`);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key(), new TextEncoder().encode(`stream.${claims}`)));
      return { token: `${claims}.${toBase64Url(mac)}`, expiresAt: new Date(expires).toISOString() };
    },
    async verify(token, now) {
      const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return null;
      const mac = fromBase64Url(match[2]!);
      const raw = fromBase64Url(match[1]!);
      if (!mac || !raw) return null;
      if (!(await crypto.subtle.verify('HMAC', await key(), mac, new TextEncoder().encode(`stream.${match[1]}`)))) return null;
      const claims = new TextDecoder().decode(raw);
      const dot = claims.lastIndexOf('.');
      const expires = Number(claims.slice(dot + 1));
      return dot > 0 && Number.isFinite(expires) && expires > now ? claims.slice(0, dot) : null;
    },
  };
}
