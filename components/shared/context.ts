import { ContextEvent, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Vitrine } from '../../src/client/vitrine.js';
import type { VitrineError } from '../../src/errors.js';
import { sleep } from '../../src/internal/sleep.js';

/** What `<vitrine-root>` provides to the elements inside it (through shadow roots). */
export interface VitrineRootContext {
  /** The `api` attribute; empty when the root sets none (the elements then use `configure()`). */
  readonly api: string;
  /** The shared client; `undefined` when `api` is unset or invalid. */
  readonly vitrine: Vitrine | undefined;
  /** Why `api` is invalid (code `config`); the elements inside show it instead of falling back. */
  readonly configError: VitrineError | undefined;
  readonly locale: string;
  readonly creator: string;
}

/**
 * The `@lit/context` key of `<vitrine-root>`. A string key, so that two copies
 * of the SDK on one page (two bundles) still find each other's roots.
 */
export const rootContext = createContext<VitrineRootContext>('vitrine-root');

/**
 * Consumers connected while `vitrine-root` was not defined yet. One
 * `whenDefined` for all of them, and a disconnected element leaves the set:
 * nothing is held for elements that are gone.
 */
const waiting = new Set<RootConsumer>();
let watching = false;

function waitForRoot(consumer: RootConsumer): void {
  waiting.add(consumer);
  if (watching) return;
  watching = true;
  void customElements
    .whenDefined('vitrine-root')
    // A task later: some DOM implementations resolve whenDefined before upgrading the existing roots.
    .then(() => sleep(0))
    .then(() => {
      for (const pending of [...waiting]) pending.retry();
      waiting.clear();
    });
}

/**
 * Subscribes a host to the nearest `<vitrine-root>` (the context protocol:
 * one `context-request` event on connect, answered by the closest provider,
 * then pushed updates), instead of walking the DOM on every lookup. The value
 * is dropped on disconnect, so an element moved out of a root stops using it.
 * If no root answered because `vitrine-root` is not defined yet (its module
 * loads later), the request is sent again once it is.
 */
export class RootConsumer implements ReactiveController {
  value: VitrineRootContext | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly changed: (value: VitrineRootContext | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.request();
    if (!this.value && typeof customElements !== 'undefined' && !customElements.get('vitrine-root')) waitForRoot(this);
  }

  hostDisconnected(): void {
    waiting.delete(this);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.value = undefined;
  }

  /** `vitrine-root` got defined: ask again, if still connected and unanswered. */
  retry(): void {
    if (this.host.isConnected && !this.value) this.request();
  }

  private request(): void {
    this.host.dispatchEvent(new ContextEvent(rootContext, this.host, this.receive, true));
  }

  private readonly receive = (value: VitrineRootContext, unsubscribe?: () => void): void => {
    if (this.unsubscribe && this.unsubscribe !== unsubscribe) this.unsubscribe();
    this.unsubscribe = unsubscribe;
    this.value = value;
    this.changed(value);
    this.host.requestUpdate();
  };
}
