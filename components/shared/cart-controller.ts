import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Vitrine } from '../../src/client/vitrine.js';
import type { CartStore } from '../../src/cart/store.js';
import type { VitrineError } from '../../src/errors.js';
import type { CartState } from '../../src/model/cart.js';

export interface CartControllerOptions {
  /** The host's client; throws a `config` error when none is configured. */
  resolve(): Vitrine;
  /** Reports an error as the host's `vitrine-error` event. */
  report(error: unknown): VitrineError;
  /** Whether to follow the cart now (e.g. only while a sheet is open); default always. */
  active?: () => boolean;
}

/**
 * Keeps a host subscribed to its client's cart store: `state` follows every
 * change (including other tabs'), and the subscription moves when the client
 * changes and ends when the host disconnects. The store is loaded on first use
 * (`vitrine.loadCart()`): until it is, `store` and `state` are undefined. A
 * disconnected host never asks a provider for a client.
 */
export class CartController implements ReactiveController {
  /** The client whose cart is followed, when one is configured. */
  client: Vitrine | undefined;
  /** The client's cart store, once loaded. */
  store: CartStore | undefined;
  /** The latest cart state. */
  state: CartState | undefined;
  /** The configuration error, reported once until a client resolves again. */
  configError: VitrineError | undefined;

  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: CartControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const client = this.host.isConnected && (this.options.active?.() ?? true) ? this.resolve() : undefined;
    if (client !== this.client) this.follow(client);
  }

  hostDisconnected(): void {
    this.follow(undefined);
  }

  private resolve(): Vitrine | undefined {
    try {
      const client = this.options.resolve();
      this.configError = undefined;
      return client;
    } catch (error) {
      this.configError ??= this.options.report(error);
      return undefined;
    }
  }

  private follow(client: Vitrine | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.client = client;
    this.store = undefined;
    this.state = undefined;
    if (!client) return;
    client.loadCart().then(
      (store) => {
        if (this.client !== client) return; // moved on meanwhile
        this.store = store;
        this.state = store.state;
        this.unsubscribe = store.subscribe((next) => {
          this.state = next;
          this.host.requestUpdate();
        });
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (this.client === client) this.options.report(error);
      },
    );
  }
}
