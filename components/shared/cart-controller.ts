import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Vitrine } from '../../src/client/vitrine.js';
import type { VitrineError } from '../../src/errors.js';
import type { CartState } from '../../src/model/cart.js';

export interface CartControllerOptions {
  /** The host's client; throws a `config` error when none is configured. */
  resolve(): Vitrine;
  /** Reports an error as the host's `vitrine-error` event. */
  report(error: unknown): VitrineError;
}

/**
 * Keeps a host subscribed to its client's cart store: `state` follows every
 * change (including other tabs'), and the subscription moves when the client
 * changes and ends when the host disconnects. A disconnected host never asks a
 * provider for a client.
 */
export class CartController implements ReactiveController {
  /** The client whose cart is followed, when one is configured. */
  client: Vitrine | undefined;
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
    const client = this.host.isConnected ? this.resolve() : undefined;
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
    this.state = undefined;
    if (!client) return;
    try {
      const cart = client.cart;
      this.state = cart.state;
      this.unsubscribe = cart.subscribe((next) => {
        this.state = next;
        this.host.requestUpdate();
      });
    } catch (error) {
      this.options.report(error);
    }
  }
}
