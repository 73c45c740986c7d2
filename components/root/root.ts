import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Consent } from '../../src/attribution/queue.js';
import { createVitrine, type Vitrine } from '../../src/client/vitrine.js';
import { isValidationError, isVitrineError, ValidationError, VitrineError } from '../../src/errors.js';
import { rootContext, type VitrineRootContext } from '../shared/context.js';

/**
 * @tagname vitrine-root
 * @summary Configures the Vitrine elements inside it: one API client, locale and
 * creator for the whole subtree (across shadow roots).
 *
 * @slot - The elements to configure.
 *
 * Lays out nothing itself (`display: contents`). An element's own `api`,
 * `locale` or `creator` attribute still wins; without `api` here, the elements
 * use `configure()`. When `api` is invalid, the elements inside show a
 * configuration error (and fire `vitrine-error` with code `config`): they never
 * fall back to another API. The configuration reaches them through
 * `@lit/context` (no DOM walking), and changes of it are pushed to them.
 */
export class VitrineRoot extends LitElement implements VitrineRootContext {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  private readonly provider = new ContextProvider(this, { context: rootContext, initialValue: this });
  private client: Vitrine | undefined;
  /** The options `client` was created with; a change of these replaces it. */
  private clientKey = '';
  private clientError: VitrineError | undefined;

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
    if (this.clientKey !== key) {
      this.dropClient();
      this.clientKey = key;
    }
    if (!this.client && this.api && !this.clientError) {
      try {
        this.client = createVitrine({ api: this.api, creator: this.creator || undefined, locale: this.locale || undefined, consent: this.consent });
      } catch (error) {
        this.clientError = isValidationError(error)
          ? new ValidationError(`<vitrine-root api="${this.api.slice(0, 200)}">`, error.issues, 'config')
          : isVitrineError(error)
            ? error
            : new VitrineError('config', String(error));
      }
    }
    return this.client;
  }

  /** Why `api` is invalid (code `config`), when it is. */
  get configError(): VitrineError | undefined {
    void this.vitrine;
    return this.clientError;
  }

  private dropClient(): void {
    this.client?.dispose();
    this.client = undefined;
    this.clientError = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropClient();
    this.clientKey = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A client is only replaced when the options it was created with change
    // (see the getter): children may already hold it before the first update.
    if (changed.has('consent')) this.client?.setConsent(this.consent);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The provided value is this element: tell the subscribers it changed.
    // (Not on the first update: the elements read the initial values when they connect.)
    const watched = ['api', 'creator', 'locale'] as PropertyKey[];
    if ([...changed].some(([key, old]) => old !== undefined && watched.includes(key))) this.provider.setValue(this, true);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
