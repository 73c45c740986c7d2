import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Options of `LiveController`. */
export interface LiveOptions {
  /** The current refresh period in ms (read at every scheduling, so it may change). */
  interval: () => number;
  /** Refreshes the host's data; the next period starts once it settles. */
  refresh: () => Promise<unknown>;
}

/**
 * Refreshes a host element every `interval` ms while it is connected and the
 * document is visible. Hidden → the timer stops; visible again → refreshes at
 * once, then periodically. Holds one timer per host (never module-level),
 * cleared on disconnect, and removes its `visibilitychange` listener.
 */
export class LiveController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;

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
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stop();
  }

  /** Restarts the period from now (after a manual refresh or an interval change); a no-op while paused. */
  schedule(): void {
    this.stop();
    if (!this.connected || document.visibilityState === 'hidden') return;
    this.timer = setTimeout(() => this.tick(), this.options.interval());
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
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') this.stop();
    else this.tick();
  };
}
