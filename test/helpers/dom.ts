import { expect, vi } from 'vitest';
import { takeConsoleOutput } from './console.js';

/** Every element of a shadow root exposing `part` (parts are matched as tokens). */
export const parts = (element: Element, name: string): HTMLElement[] => [...element.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

/** The first element of a shadow root exposing `part`, or undefined. */
export const part = (element: Element, name: string): HTMLElement | undefined => parts(element, name)[0];

/** Text content with whitespace collapsed, as a reader would hear it. */
export const text = (node: Element | null | undefined): string => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Lets pending requests and renders settle, also while timers are fake. */
export async function settle(element: { updateComplete: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  await element.updateComplete;
}

/** Waits for, and claims, `count` lines happy-dom logs for failed requests (as a browser's devtools would). */
export async function expectLogged(pattern: RegExp, count: number): Promise<void> {
  const seen: string[] = [];
  await vi.waitFor(() => {
    seen.push(...takeConsoleOutput(pattern));
    expect(seen).toHaveLength(count);
  });
}

/** Makes `document.visibilityState` report `state` and fires `visibilitychange`. */
export function stubVisibility(state: DocumentVisibilityState): void {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state);
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A stream the code under test opened through the stubbed `EventSource` (see {@link recordEventSources}). */
export interface RecordedStream {
  url: string;
  closed: boolean;
}

/**
 * Stubs the global `EventSource` with one that connects nowhere and records
 * each stream opened: its URL, and whether it was closed since. Undo with
 * `vi.unstubAllGlobals()`.
 */
export function recordEventSources(): RecordedStream[] {
  const opened: RecordedStream[] = [];
  vi.stubGlobal(
    'EventSource',
    class extends EventTarget {
      static readonly CLOSED = 2;
      readyState = 0;
      private readonly entry: RecordedStream;
      constructor(url: string) {
        super();
        this.entry = { url, closed: false };
        opened.push(this.entry);
      }
      close() {
        this.entry.closed = true;
      }
    },
  );
  return opened;
}
