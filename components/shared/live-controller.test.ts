// @vitest-environment happy-dom
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubVisibility } from '../../test/helpers/dom.js';
import { LiveController, STREAM_RETRY_AFTER_MS } from './live-controller.js';

/** A stand-in for the browser's EventSource: the test opens, pushes and fails it. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  push(event: string) {
    this.dispatchEvent(new MessageEvent(event, { data: '{}' }));
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

function host() {
  const controllers: ReactiveController[] = [];
  const element: ReactiveControllerHost = {
    addController: (controller) => void controllers.push(controller),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
  return { element, connect: () => controllers.forEach((c) => c.hostConnected?.()), disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()) };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('LiveController with a stream', () => {
  let refreshes: number;
  let urls: Array<string | null>;
  let controller: LiveController;
  let h: ReturnType<typeof host>;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeEventSource);
    FakeEventSource.opened = [];
    refreshes = 0;
    urls = [];
    h = host();
    let n = 0;
    controller = new LiveController(h.element, {
      interval: () => 5_000,
      refresh: async () => void (refreshes += 1),
      stream: async () => {
        const url = `https://api.test/v1/stream/orders?n=${++n}`;
        urls.push(url);
        return url;
      },
      streamEvent: 'orders',
    });
  });
  afterEach(() => {
    h.disconnect();
    vi.useRealTimers();
  });

  it('refreshes on each pushed event and does not poll while the stream is open', async () => {
    h.connect();
    await flush();
    const [source] = FakeEventSource.opened;
    source!.open();
    expect(controller.live).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(refreshes).toBe(0);
    source!.push('orders');
    source!.push('something-else');
    await flush();
    expect(refreshes).toBe(1);
  });

  it('restartStream closes the stream and opens a new one (a new URL) at once, even while a failed one waits', async () => {
    h.connect();
    await flush();
    const [first] = FakeEventSource.opened;
    first!.open();
    controller.restartStream();
    await flush();
    expect(first!.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.opened.map((source) => source.url)).toEqual(['https://api.test/v1/stream/orders?n=1', 'https://api.test/v1/stream/orders?n=2']);
    FakeEventSource.opened[1]!.fail(true); // refused: the next try would wait STREAM_RETRY_AFTER_MS
    controller.restartStream();
    await flush();
    expect(FakeEventSource.opened).toHaveLength(3);
    h.disconnect();
    controller.restartStream(); // disconnected: nothing opens
    await flush();
    expect(FakeEventSource.opened).toHaveLength(3);
  });

  it('polls while the stream reconnects, and stops polling once it is back', async () => {
    h.connect();
    await flush();
    const [source] = FakeEventSource.opened;
    source!.open();
    source!.fail(false); // EventSource reconnects by itself (Last-Event-ID)
    expect(controller.live).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(refreshes).toBe(1);
    source!.open();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(refreshes).toBe(1);
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('falls back to polling when the stream is refused, and tries a new stream (a new URL) later', async () => {
    h.connect();
    await flush();
    FakeEventSource.opened[0]!.fail(true);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(refreshes).toBe(3);
    expect(FakeEventSource.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(STREAM_RETRY_AFTER_MS);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[1]!.url).toBe(urls[1]);
  });

  it('closes the stream on a hidden tab and on disconnect; visible again refreshes at once and streams again', async () => {
    h.connect();
    await flush();
    const [first] = FakeEventSource.opened;
    first!.open();
    stubVisibility('hidden');
    expect(first!.readyState).toBe(FakeEventSource.CLOSED);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(refreshes).toBe(0);
    stubVisibility('visible');
    await flush();
    expect(refreshes).toBe(1);
    const second = FakeEventSource.opened[1]!;
    expect(second.readyState).toBe(FakeEventSource.CONNECTING);
    h.disconnect();
    expect(second.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('restartStream closes the open stream and opens one with a new URL at once, even after a failed one', async () => {
    h.connect();
    await flush();
    const [first] = FakeEventSource.opened;
    first!.open();
    controller.restartStream();
    await flush();
    expect(first!.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[1]!.url).toBe(urls[1]);
    FakeEventSource.opened[1]!.fail(true); // refused: the next try would wait STREAM_RETRY_AFTER_MS
    controller.restartStream();
    await flush();
    expect(FakeEventSource.opened).toHaveLength(3);
  });

  it('polls when the host has no stream URL (no click ids yet)', async () => {
    const bare = host();
    let polled = 0;
    new LiveController(bare.element, { interval: () => 5_000, refresh: async () => void (polled += 1), stream: async () => null, streamEvent: 'orders' });
    bare.connect();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(polled).toBe(2);
    expect(FakeEventSource.opened).toHaveLength(0);
    bare.disconnect();
  });
});
