import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Options of `LiveController`. */
export interface LiveOptions {
  /** The current refresh period in ms (read at every scheduling, so it may change). */
  interval: () => number;
  /** Refreshes the host's data; the next period starts once it settles. */
  refresh: () => Promise<unknown>;
  /**
   * Push instead of poll: the URL of a Server-Sent Events stream of the
   * platform (`GET /v1/stream/...`), or `null` for none (then the host polls).
   * Each event named {@link streamEvent} refreshes the host at once.
   */
  stream?: (() => Promise<string | null>) | undefined;
  /** The event name of the stream (`orders`, `stats`). */
  streamEvent?: string | undefined;
}

/** After a stream failed, how long the host polls before it tries a stream again, in ms. */
export const STREAM_RETRY_AFTER_MS = 60_000;

/**
 * Keeps a host element's data live while it is connected and the document is
 * visible: through a Server-Sent Events stream when the host gives one (an
 * event → refresh now; `EventSource` reconnects by itself with
 * `Last-Event-ID`), else, or while the stream is down, by refreshing every
 * `interval` ms. A stream that cannot open falls back to polling, and is tried
 * again after {@link STREAM_RETRY_AFTER_MS} (a new URL: a stream token
 * may have expired). Hidden → the stream is closed and the timer stops;
 * visible again → refreshes at once, then streams or polls. Holds one timer
 * and one stream per host (never module-level), both closed on disconnect,
 * and removes its `visibilitychange` listener.
 */
export class LiveController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;
  private source: EventSource | undefined;
  /** Whether the stream is open (then no timer runs). */
  private streaming = false;
  /** No stream is tried before this time (ms), after one failed. */
  private streamAfter = 0;
  /** Bumped whenever streams are closed, so that a URL that arrives late opens nothing. */
  private generation = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.schedule();
    this.openStream();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stop();
    this.closeStream();
  }

  /** Whether updates arrive through an open stream right now. */
  get live(): boolean {
    return this.streaming;
  }

  /** Restarts the period from now (after a manual refresh or an interval change); a no-op while paused or streaming. */
  schedule(): void {
    this.stop();
    if (!this.connected || document.visibilityState === 'hidden' || this.streaming) return;
    this.timer = setTimeout(() => this.tick(), this.options.interval());
  }

  /**
   * Closes the open stream, if any, and opens the host's stream again now (a new
   * URL: after the host's `stream` option, key, subject or range changed), or
   * polls when the host has none any more. A no-op while the host is disconnected.
   */
  restartStream(): void {
    if (!this.connected) return;
    this.closeStream();
    this.streamAfter = 0;
    this.schedule();
    this.openStream();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.stop();
    // Another tick (visibility change, manual refresh) may have scheduled meanwhile.
    const next = () => this.timer === undefined && this.schedule();
    this.options.refresh().then(next, next);
    if (!this.source) this.openStream();
  }

  /** Opens the host's stream unless there is none, one is open, the page is hidden, or a failed one waits for its retry. */
  private openStream(): void {
    const { stream, streamEvent } = this.options;
    if (!stream || !streamEvent || this.source || typeof EventSource !== 'function') return;
    if (!this.connected || document.visibilityState === 'hidden' || Date.now() < this.streamAfter) return;
    const generation = ++this.generation;
    void stream().then(
      (url) => {
        if (url === null || generation !== this.generation || !this.connected || this.source) return;
        const source = new EventSource(url);
        this.source = source;
        source.addEventListener('open', () => {
          this.streaming = true;
          this.stop();
        });
        source.addEventListener(streamEvent, () => {
          this.streaming = true;
          this.stop();
          void this.options.refresh().catch(() => {});
        });
        source.addEventListener('error', () => {
          // Down: poll meanwhile. CONNECTING: EventSource retries by itself (with Last-Event-ID).
          this.streaming = false;
          if (this.timer === undefined) this.schedule();
          if (source.readyState === EventSource.CLOSED) this.failStream();
        });
      },
      () => this.failStream(),
    );
  }

  /** The stream could not open (refused, not a stream, no URL): poll, and try a new stream later. */
  private failStream(): void {
    this.closeStream();
    this.streamAfter = Date.now() + STREAM_RETRY_AFTER_MS;
    this.schedule();
  }

  private closeStream(): void {
    this.generation += 1;
    this.source?.close();
    this.source = undefined;
    this.streaming = false;
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') {
      this.stop();
      this.closeStream();
    } else this.tick();
  };
}
