import { html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { createVitrine, type Vitrine } from '../../src/client/vitrine.js';
import type { Consent } from '../../src/attribution/queue.js';
import { css } from 'lit';

/**
 * @tagname vitrine-root
 * @summary Configures the Vitrine elements inside it: one API client, locale and
 * creator for the whole subtree (across shadow roots).
 *
 * @slot - The elements to configure.
 *
 * Lays out nothing itself (`display: contents`). An element's own `api`,
 * `locale` or `creator` attribute still wins. When `api` is invalid, the
 * elements inside show a configuration error and a `vitrine-error` event fires.
 */
export class VitrineRoot extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  private client: Vitrine | undefined;
  /** The options `client` was created with; a change of these replaces it. */
  private clientKey = '';
  private clientError: unknown;

  /** Platform API base URL for every element inside. */
  @property({ reflect: true }) api = '';

  /** Default creator id for `<vitrine-shelf>` and `<vitrine-stats>` inside. */
  @property({ reflect: true }) creator = '';

  /** `zh-CN`, `zh-TW` or `en` for every element inside. */
  @property({ reflect: true }) locale = '';

  /** Analytics consent: `granted`, `denied` or `required` (default; holds analytics until granted). */
  @property({ reflect: true }) consent: Consent = 'required';

  /** The client shared by the elements inside, or `undefined` when `api` is unset or invalid. */
  get vitrine(): Vitrine | undefined {
    if (!this.isConnected) return undefined;
    const key = `${this.api}|${this.creator}`;
    if (this.client && this.clientKey !== key) this.dropClient();
    if (!this.client && this.api && !this.clientError) {
      try {
        this.client = createVitrine({ api: this.api, creator: this.creator || undefined, locale: this.locale || undefined, consent: this.consent });
        this.clientKey = key;
      } catch (error) {
        this.clientError = error;
      }
    }
    return this.client;
  }

  private dropClient(): void {
    this.client?.dispose();
    this.client = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropClient();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A client is only replaced when the options it was created with change
    // (see the getter): children may already hold it before the first update.
    if (changed.has('consent')) this.client?.setConsent(this.consent);
    if (changed.has('api')) this.clientError = undefined;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
