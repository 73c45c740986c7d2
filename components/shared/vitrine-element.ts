import { html, LitElement, ReactiveElement, render, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { isVitrineError, VitrineError } from '../../src/errors.js';
import { resolveLocale, t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { VitrineErrorEvent } from '../events/vitrine-error.js';
import { configuredVitrine, onConfigure, vitrineForApi } from './config.js';
import { RootConsumer } from './context.js';
import { baseStyles } from './styles.js';

/**
 * Base class of every Vitrine element: resolves the client (own `api` →
 * nearest `<vitrine-root>`, through shadow roots → `configure()`), the locale
 * and the creator; renders a contained error state instead of throwing into
 * the host page; reports every failure as a `vitrine-error` event. An invalid
 * `api` (own or the root's) is a configuration error shown by the element,
 * never a silent fall-back to another API.
 */
export abstract class VitrineElement extends LitElement {
  static override styles = [baseStyles];

  /** The nearest `<vitrine-root>`, through `@lit/context`. */
  private readonly root = new RootConsumer(this, (root) => {
    const client = root?.api ? (root.vitrine ?? root.configError) : undefined;
    // A root that answers after the first render (defined late, or its api changed) replaces the client.
    if (this.hasUpdated && client !== this.rootClient) this.configurationChanged();
    this.rootClient = client;
  });
  private rootClient: unknown;
  private readonly reported = new Set<string>();
  private unsubscribeConfigure: (() => void) | undefined;

  /** Platform API base URL for this element only; overrides `<vitrine-root>` and `configure()`. */
  @property({ reflect: true }) api = '';

  /** `zh-CN`, `zh-TW` or `en` for this element; default from `<vitrine-root>`, `configure()` or the browser. */
  @property({ reflect: true }) locale = '';

  /** Colour theme: `light`, `dark`, or unset to follow `prefers-color-scheme`. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeConfigure = onConfigure(() => this.configurationChanged());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeConfigure?.();
  }

  /** Called when `configure()` replaces the page configuration. */
  protected configurationChanged(): void {
    this.requestUpdate();
  }

  /** The client this element talks to. Throws a `config` error when none is configured or the configured `api` is invalid. */
  protected get vitrine(): Vitrine {
    if (this.api) return vitrineForApi(this.api);
    const root = this.root.value;
    if (root?.api) {
      if (root.vitrine) return root.vitrine;
      throw root.configError ?? new VitrineError('config', 'The enclosing <vitrine-root> has no usable client.');
    }
    const client = configuredVitrine();
    if (!client) {
      throw new VitrineError(
        'config',
        'No Vitrine API configured: add data-api to the script tag, wrap the element in <vitrine-root api="…">, set its api attribute, or call configure().',
      );
    }
    return client;
  }

  /** The locale the element renders in. */
  protected get resolvedLocale(): Locale {
    const root = this.root.value;
    if (this.locale) return resolveLocale(this.locale);
    if (root?.locale) return resolveLocale(root.locale);
    try {
      return this.vitrine.locale;
    } catch {
      return resolveLocale();
    }
  }

  /** The default creator: the nearest `<vitrine-root creator>` or `configure({ creator })`. */
  protected get defaultCreator(): string {
    const root = this.root.value;
    if (root?.creator) return root.creator;
    try {
      return this.vitrine.creator ?? '';
    } catch {
      return '';
    }
  }

  /** A message in the element's locale. */
  protected msg(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.resolvedLocale, key, params);
  }

  /** Normalises `error` to a `VitrineError` and fires `vitrine-error`. */
  protected report(error: unknown, action: string): VitrineError {
    const vitrineError = isVitrineError(error)
      ? error
      : new VitrineError('invalid_response', error instanceof Error ? error.message : String(error), { cause: error });
    this.dispatchEvent(new VitrineErrorEvent({ error: vitrineError, action }));
    return vitrineError;
  }

  /**
   * Reports `error` like {@link report}, once per element for the same action
   * and message: a malformed item seen again on every refresh is reported once.
   */
  protected reportOnce(error: unknown, action: string): void {
    const key = `${action}|${error instanceof Error ? error.message : String(error)}`;
    if (this.reported.has(key)) return;
    if (this.reported.size >= 100) this.reported.clear();
    this.reported.add(key);
    this.report(error, action);
  }

  /** The contained error state, with a retry button when `retry` is given. */
  protected renderError(message: string, retry?: () => void): TemplateResult {
    return html`<div class="error" part="error" role="alert">
      <span>${message}</span>
      ${retry ? html`<button type="button" part="retry" @click=${retry}>${this.msg('retry')}</button>` : null}
    </div>`;
  }

  protected override update(changed: PropertyValues): void {
    try {
      super.update(changed);
    } catch (error) {
      // A rendering bug must not escape into the host page: show the error state.
      // LitElement.update calls render() before its own bookkeeping
      // (ReactiveElement.update: reflect attributes, mark the update done); when
      // render() throws, run that bookkeeping here, or the element would never
      // update again. lit-html then swaps the broken template for the error one,
      // and back on the next successful render.
      (ReactiveElement.prototype as unknown as { update(changed: PropertyValues): void }).update.call(this, changed);
      this.report(error, 'render');
      render(this.renderError(this.msg('error')), this.renderRoot, this.renderOptions);
    }
  }
}
