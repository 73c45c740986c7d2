import { html, LitElement, ReactiveElement, render, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { isVitrineError, VitrineError } from '../../src/errors.js';
import { isSupportedLocale, resolveLocale, t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { issueWarning, type WarningCode } from '../../src/i18n/warnings.js';
import { DEV_MODE } from '../../src/internal/dev.js';
import { apiProblem } from '../../src/internal/url.js';
import { VitrineErrorEvent } from '../events/vitrine-error.js';
import { configureAttempt, configuredVitrine, onConfigure, vitrineForApi } from './config.js';
import { RootConsumer } from './context.js';
import { baseStyles } from './styles.js';

/**
 * True in a browser (or a DOM emulation), false while rendering on a server
 * (Lit SSR's DOM shim defines no `document`). Lit's `isServer` is not used:
 * it tells which build of Lit was resolved, and Node test runners resolve the
 * server build even under a DOM emulation.
 */
export function inBrowser(): boolean {
  return typeof document !== 'undefined';
}

/**
 * Base class of every Vitrine element: resolves the client (own `api` →
 * nearest `<vitrine-root>`, through shadow roots → `configure()`), the locale
 * and the creator; renders a contained error state instead of throwing into
 * the host page; reports every failure as a `vitrine-error` event. An invalid
 * `api` (own or the root's) is a configuration error shown by the element,
 * never a silent fall-back to another API.
 *
 * Errors are for the person who can fix them: the reader sees a calm state in
 * the page's locale (no developer jargon, a retry button only where retrying
 * can help); the development build also warns in the console, with a code and
 * a docs link, naming the exact problem (an unknown id, an http API on the
 * network, no API at all, an unsupported locale).
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

  /**
   * `false` while rendering on a server and during the first (hydrating)
   * render of a server-rendered element: what only the browser knows
   * (favourites, whether it can share, actions that need a script) waits for
   * the next render, so hydration meets the server's markup exactly.
   */
  @state() protected interactive = inBrowser();

  override connectedCallback(): void {
    // A declarative shadow root is there before the first update: server-rendered.
    if (!this.hasUpdated && this.shadowRoot) this.interactive = false;
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
    if (this.api) {
      try {
        return vitrineForApi(this.api);
      } catch (error) {
        this.warnApi(this.api, `the api attribute of <${this.localName}>`);
        throw error;
      }
    }
    const root = this.root.value;
    if (root?.api) {
      if (root.vitrine) return root.vitrine;
      this.warnApi(root.api, '<vitrine-root api>');
      throw root.configError ?? new VitrineError('config', 'The enclosing <vitrine-root> has no usable client.');
    }
    const client = configuredVitrine();
    if (!client) {
      const attempt = configureAttempt();
      this.warnApi(attempt?.api, attempt?.source ?? 'configure()');
      const problem = attempt ? apiProblem(attempt.api) : 'missing-api';
      throw new VitrineError(
        'config',
        problem === 'missing-api' || !attempt
          ? 'No Vitrine API configured: add data-api to the script tag, wrap the element in <vitrine-root api="…">, set its api attribute, or call configure().'
          : `The Vitrine API address "${attempt.api.slice(0, 200)}" (from ${attempt.source}) is not usable: ${problem === 'api-not-https' ? 'http: is only allowed on localhost, 127.0.0.1 or [::1]; use https' : 'not an absolute https URL'}.`,
      );
    }
    return client;
  }

  /** The locale the element renders in. */
  protected get resolvedLocale(): Locale {
    const root = this.root.value;
    if (this.locale) return this.checkedLocale(this.locale, `the locale attribute of <${this.localName}>`);
    if (root?.locale) return this.checkedLocale(root.locale, '<vitrine-root locale>');
    const attempt = configureAttempt();
    const client = this.peekClient();
    if (client) {
      if (attempt?.locale && client === configuredVitrine()) this.checkedLocale(attempt.locale, attempt.source === 'configure()' ? 'configure()' : 'data-locale on the script tag');
      return client.locale;
    }
    return attempt?.locale ? this.checkedLocale(attempt.locale, attempt.source === 'configure()' ? 'configure()' : 'data-locale on the script tag') : resolveLocale();
  }

  /** The client, when one is usable, without warning or throwing (the locale and creator lookups use it). */
  private peekClient(): Vitrine | undefined {
    if (this.api) {
      try {
        return vitrineForApi(this.api);
      } catch {
        return undefined;
      }
    }
    const root = this.root.value;
    return root?.api ? root.vitrine : configuredVitrine();
  }

  /** `resolveLocale(tag)`, warning (development build) when `tag` is not a locale Vitrine ships. */
  private checkedLocale(tag: string, source: string): Locale {
    const locale = resolveLocale(tag);
    if (DEV_MODE && !isSupportedLocale(tag)) issueWarning('unsupported-locale', locale, { locale: tag, source, used: locale });
    return locale;
  }

  /**
   * Warns (development build) about what is wrong with the API address `api`
   * from `source`. No API at all is checked a task later (a `configure()` or a
   * `<vitrine-root>` may still come), and not while `vitrine-root` is undefined
   * (its module may load later: the element then gets its client from it).
   */
  private warnApi(api: string | undefined, source: string): void {
    if (!DEV_MODE) return;
    const code = apiProblem(api);
    if (!code) return;
    if (code !== 'missing-api') return this.warn(code, { api: api ?? '', source });
    setTimeout(() => {
      if (this.isConnected && !this.peekClient() && !configureAttempt() && typeof customElements !== 'undefined' && customElements.get('vitrine-root')) {
        this.warn('missing-api');
      }
    });
  }

  /**
   * A development-build console warning in the element's locale (see
   * `issueWarning`); `tag` and `api` are filled in. Does nothing in production.
   */
  protected warn(code: WarningCode, params: Record<string, string> = {}): void {
    if (!DEV_MODE) return;
    // The address this element talks to, read without resolving a client (which may warn itself).
    const api = this.api || this.root.value?.api || configuredVitrine()?.api || configureAttempt()?.api || '';
    issueWarning(code, this.resolvedLocale, { tag: this.localName, api, ...params });
  }

  /** Warns (development build) about a failed load: `notFound` when the platform does not know what was asked for. */
  protected warnAbout(error: unknown, notFound: { code: WarningCode; params: Record<string, string> }): void {
    if (DEV_MODE && isVitrineError(error, 'not_found')) this.warn(notFound.code, notFound.params);
  }

  /** The default creator: the nearest `<vitrine-root creator>` or `configure({ creator })`. */
  protected get defaultCreator(): string {
    const root = this.root.value;
    if (root?.creator) return root.creator;
    return this.peekClient()?.creator ?? '';
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

  /**
   * The calm, localized state for a failed load: "no longer available" for an
   * unknown id (`not_found`) and "can't be shown" for a configuration error,
   * neither with a retry button (retrying cannot help; the development build's
   * console warning says what to fix); the generic message with `retry` for
   * everything else (network, server, timeout).
   */
  protected renderFailure(error: unknown, retry: () => void, messages: { notFound?: MessageKey; failed?: MessageKey; unavailable?: MessageKey } = {}): TemplateResult {
    if (isVitrineError(error, 'not_found')) return this.renderError(this.msg(messages.notFound ?? 'notFound'), undefined, 'not_found');
    if (isVitrineError(error, 'config')) return this.renderError(this.msg(messages.unavailable ?? 'unavailable'), undefined, 'config');
    return this.renderError(this.msg(messages.failed ?? 'error'), retry, isVitrineError(error) ? error.code : undefined);
  }

  /** The contained error state, with a retry button when `retry` is given; `code` is exposed as `data-code` for developers. */
  protected renderError(message: string, retry?: () => void, code?: string): TemplateResult {
    return html`<div class="error" part="error" role="alert" data-code=${code ?? ''}>
      <span>${message}</span>
      ${retry ? html`<button type="button" part="retry" @click=${retry}>${this.msg('retry')}</button>` : null}
    </div>`;
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    if (this.interactive) return;
    this.interactive = true;
    this.hydrated();
  }

  /**
   * Called once after a server-rendered element hydrated (its first render in
   * the browser, which met the server's markup and changed nothing in the
   * DOM); the next render, already scheduled, shows what only the browser
   * knows. Hydration keeps the server's attribute values until a value
   * changes: refresh here what must differ in the browser (fresh click ids).
   */
  protected hydrated(): void {}

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
