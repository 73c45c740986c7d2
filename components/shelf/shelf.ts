import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isVitrineError, VitrineError } from '../../src/errors.js';
import type { Creator } from '../../src/model/creator.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { renderIcon } from '../shared/image.js';
import { baseStyles } from '../shared/styles.js';
import { requireElement } from '../shared/require-element.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { SHELF_CARD_EXPORTPARTS } from '../shared/parts.js';
import type { CardLayout } from '../card/card.js';
import { shelfStyles } from './shelf.styles.js';

/**
 * @tagname vitrine-shelf
 * @summary A creator's showcase: their recommendations as a responsive grid of
 * `<vitrine-card>`s, loaded page by page.
 *
 * Shows the creator (avatar, name, verified badge), then the cards. "Load more"
 * fetches the next page and moves focus to its first card; with `infinite`, the
 * next page also loads when the end of the grid scrolls into view (the button
 * stays as a fallback). A failed first page shows the error state with a retry
 * button; a failed later page keeps the loaded cards and turns the button into a
 * retry next to the error message. A malformed card in a page is left out
 * (and reported with `vitrine-error`, code `invalid_response`): the rest of the
 * page still shows.
 *
 * @csspart shelf - The whole shelf (`<section>`).
 * @csspart header - The creator header.
 * @csspart verified - The verified-creator badge.
 * @csspart grid - The grid of cards (`<ul>`).
 * @csspart skeleton - A loading placeholder card.
 * @csspart load-more - The "load more" button (a retry after a failed page).
 * @csspart status - The live region: loading, end of the shelf, empty shelf, or a failed page.
 * @csspart error - The error state when the first page fails.
 * @csspart retry - The retry button in the error state.
 *
 * @exportparts card- vitrine-card - The parts of every card, prefixed `card-` (and of the sheet a card opens, `card-sheet-`): `vitrine-shelf::part(card-title)`.
 *
 * @dependency vitrine-card
 *
 * @cssprop --vitrine-shelf-min-card - Smallest card width in the grid. Default `260px` (`150px` with `layout="tile"`).
 * @cssprop --vitrine-shelf-gap - Gap between cards. Default `var(--vitrine-space, 12px)`.
 * @cssprop --vitrine-space - Base spacing. Default `12px`.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Secondary text.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineErrorEvent} vitrine-error - A page failed to load (cards inside also fire their own events).
 */
export class VitrineShelf extends VitrineElement {
  static override styles = [baseStyles, shelfStyles];

  private readonly firstPage = new Task(this, {
    args: () => [this.creator || this.defaultCreator, this.pageSize] as const,
    task: async ([creator, limit], { signal }): Promise<Creator> => {
      this.cursor = null;
      void this.nextPage.run([false]); // cancels a page still loading for the previous creator
      if (!creator) throw this.report(new VitrineError('invalid_input', 'Set the creator attribute (a creator id) or <vitrine-root creator>.'), 'load-shelf');
      try {
        const page = await this.vitrine.showcase.page(creator, { limit, signal, onInvalidItem: (error) => this.reportOnce(error, 'load-shelf') });
        this.cards = page.cards;
        this.cursor = page.nextCursor;
        return page.creator;
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        this.warnAbout(error, { code: 'unknown-creator', params: { creator } });
        throw this.report(error, 'load-shelf');
      }
    },
  });
  private readonly nextPage = new Task(this, {
    autoRun: false,
    task: async ([focus]: readonly [boolean], { signal }) => {
      const creator = this.firstPage.value;
      const cursor = this.cursor;
      if (!creator || !cursor) return initialState;
      try {
        const page = await this.vitrine.showcase.page(creator.id, { cursor, limit: this.pageSize, signal, onInvalidItem: (error) => this.reportOnce(error, 'load-more') });
        if (focus) this.focusIndex = this.cards.length;
        this.cards = [...this.cards, ...page.cards];
        this.cursor = page.nextCursor;
        return page.cards.length;
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        throw this.report(error, 'load-more');
      }
    },
  });
  private observer: IntersectionObserver | undefined;
  private observed: HTMLElement | undefined;
  /** Index of the card to focus after the next render (the first of a page loaded from the button). */
  private focusIndex: number | undefined;

  @query('.sentinel') private sentinel!: HTMLElement | null;
  @state() private cards: CardPayload[] = [];
  @state() private cursor: string | null = null;

  /** Creator id whose showcase to show; default from `<vitrine-root creator>` or `configure({ creator })`. */
  @property({ reflect: true }) creator = '';

  /** Cards per page, 1–50. Default 12. */
  @property({ type: Number, reflect: true }) limit = 12;

  /** Card layout passed to every card: `compact` (default), `full` or `tile` (an image-first storefront grid). */
  @property({ reflect: true }) layout: CardLayout = 'compact';

  /**
   * The placement every card of the shelf reports (see `<vitrine-card placement>`),
   * for the creator's per-placement stats. Default: `shelf`, so that shelf traffic
   * is told apart from single cards on the same page.
   */
  @property({ reflect: true }) placement = '';

  /** Load the next page automatically when the end of the grid scrolls into view. */
  @property({ type: Boolean, reflect: true }) infinite = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Its cards are rendered in its shadow root, out of the embed's sight: ask for their code.
    void requireElement('vitrine-card');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed = undefined;
  }

  protected override configurationChanged(): void {
    void this.firstPage.run();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusIndex !== undefined) {
      const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.item')];
      // An empty last page removes the button: keep focus in the shelf then.
      (items[this.focusIndex] ?? (this.cursor ? undefined : items.at(-1)))?.focus();
      this.focusIndex = undefined;
    }
    const sentinel = (this.infinite && this.sentinel) || undefined;
    if (sentinel !== this.observed || changed.has('cards')) this.observe(sentinel);
  }

  /** The page size, clamped to what the API accepts. */
  private get pageSize(): number {
    return Math.min(50, Math.max(1, Math.trunc(this.limit) || 12));
  }

  /** (Re)observes the sentinel: observing again reports it at once if it is still in view. */
  private observe(sentinel: HTMLElement | undefined): void {
    this.observer?.disconnect();
    this.observed = sentinel;
    if (!sentinel || typeof IntersectionObserver === 'undefined') return;
    this.observer ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && this.nextPage.status !== TaskStatus.ERROR) this.loadMore(false);
      },
      { rootMargin: '400px' },
    );
    this.observer.observe(sentinel);
  }

  /** Reloads the shelf from its first page. */
  reload(): void {
    void this.firstPage.run();
  }

  /**
   * Loads the next page, if there is one and none is loading. With `focus`, focus
   * moves to the first new card once it renders.
   */
  loadMore(focus = true): void {
    if (!this.cursor || this.nextPage.status === TaskStatus.PENDING) return;
    void this.nextPage.run([focus]);
  }

  private renderSkeleton() {
    return html`<div part="header" class="header" aria-hidden="true">
        <div class="avatar skeleton"></div>
        <div class="skeleton sk-w10em sk-h15"></div>
      </div>
      <ul part="grid" class="grid" aria-busy="true" aria-label=${this.msg('loading')}>
        ${Array.from(
          { length: this.pageSize },
          () => html`<li part="skeleton" class="placeholder">
            <div class="media skeleton"></div>
            <div class="lines">
              <div class="skeleton sk-w85"></div>
              <div class="skeleton sk-w60"></div>
              <div class="skeleton sk-h3"></div>
              <div class="skeleton sk-w40"></div>
              <div class="skeleton button"></div>
            </div>
          </li>`,
        )}
      </ul>`;
  }

  private renderShelf(creator: Creator) {
    const loading = this.nextPage.status === TaskStatus.PENDING;
    const failed = this.nextPage.status === TaskStatus.ERROR && !isVitrineError(this.nextPage.error, 'aborted');
    const status = loading
      ? this.msg('loading')
      : failed
        ? this.msg('loadMoreError')
        : this.cards.length === 0
          ? this.msg('emptyShelf')
          : this.cursor
            ? ''
            : this.msg('endOfShelf');
    return html`<header part="header" class="header">
        ${renderIcon(creator.avatar?.src, 48)}
        <h2 id="heading">${creator.name}</h2>
        ${creator.verified ? html`<span part="verified" class="verified" role="img" aria-label=${this.msg('verified')} title=${this.msg('verified')}>✔</span>` : nothing}
      </header>
      ${this.cards.length
        ? html`<ul part="grid" class="grid" aria-label=${this.msg('showcaseOf', { name: creator.name })}>
            ${this.cards.map(
              (card) => html`<li class="item" tabindex="-1">
                <vitrine-card
                  exportparts=${SHELF_CARD_EXPORTPARTS}
                  .card=${card}
                  layout=${this.layout}
                  placement=${this.placement || 'shelf'}
                  api=${ifDefined(this.api || undefined)}
                  locale=${ifDefined(this.locale || undefined)}
                  theme=${ifDefined(this.theme || undefined)}
                ></vitrine-card>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.infinite && this.cursor ? html`<div class="sentinel"></div>` : nothing}
      <div class="footer">
        ${this.cursor
          ? html`<button part="load-more" type="button" aria-busy=${loading} @click=${() => this.loadMore(true)}>
              ${this.msg(failed ? 'retry' : 'loadMore')}
            </button>`
          : nothing}
        <p part="status" class="status ${failed ? 'failed' : ''}" role="status">${status}</p>
      </div>`;
  }

  protected override render() {
    return html`<section part="shelf" class="shelf" aria-labelledby=${ifDefined(this.firstPage.status === TaskStatus.COMPLETE ? 'heading' : undefined)}>
      ${this.firstPage.render({
        initial: () => this.renderSkeleton(),
        pending: () => this.renderSkeleton(),
        complete: (creator) => this.renderShelf(creator),
        error: (error) => this.renderFailure(error, () => this.reload(), { notFound: 'shelfError', failed: 'shelfError' }),
      })}
    </section>`;
  }
}
