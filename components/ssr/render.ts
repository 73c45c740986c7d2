/**
 * Server rendering of the elements with Lit's own SSR (`@lit-labs/ssr`):
 * the same templates the browser renders, as declarative shadow DOM, so a
 * card is visible, styled and followable before (or without) any script.
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { VitrineBuySheet } from '../buy-sheet/buy-sheet.js';
import { VitrineCard } from '../card/card.js';
import { defineElement } from '../shared/define.js';
import type { Locale } from '../../src/i18n/index.js';
import type { CardPayload } from '../../src/model/recommendation.js';

/** Options of {@link renderCardHtml}. */
export interface RenderCardOptions {
  /** The reader's locale: `zh-CN`, `zh-TW` or `en` (see `negotiateLocale`). */
  locale: Locale;
  /**
   * `card` (default): `<vitrine-card>`. `sheet`: `<vitrine-buy-sheet inline>`,
   * the buy sheet's content in the page flow (full reason, every offer), as on
   * the platform's share page.
   */
  view?: 'card' | 'sheet' | undefined;
  /** `<vitrine-card layout>`: `compact` (default) or `full`. */
  layout?: 'compact' | 'full' | undefined;
  /** `<vitrine-card heading-level>` (1–6, default 3). */
  headingLevel?: number | undefined;
  /**
   * The platform's public base URL, e.g. `https://vitrine.example`. Buy links
   * then go through its `/go/` redirect, which mints and records the click on
   * the server: they work without JavaScript, and an HTML cache never shares
   * one click id between readers. Strongly recommended for server rendering;
   * without it the links carry no attribution until the element hydrates.
   */
  redirect?: string | undefined;
  /** The element's `api` attribute, for what hydration enables (cart, impressions). */
  api?: string | undefined;
  /** `theme` attribute: `light`, `dark`, or unset to follow the reader. */
  theme?: 'light' | 'dark' | undefined;
}

/**
 * Renders a card as HTML with declarative shadow DOM: `<vitrine-card>` (or the
 * inline buy sheet) with its shadow root, styles and content, exactly what the
 * element renders in a browser given the same `card`. Put it in your own
 * server-rendered page (Next.js, Astro, any template engine): the card shows
 * without JavaScript; with the Vitrine script and Lit's hydration support
 * (`@lit-labs/ssr-client/lit-element-hydrate-support.js` loaded before the
 * elements) it hydrates in place once its `card` property is set to the same
 * payload — see docs/share-pages.md.
 *
 * Text from the payload is escaped by Lit; URLs go through the elements' own
 * checks (https on an allow-listed host). Server only: `@lit-labs/ssr` must be
 * installed, and the module patches Lit for rendering outside a browser.
 */
export async function renderCardHtml(card: CardPayload, options: RenderCardOptions): Promise<string> {
  defineElement('vitrine-buy-sheet', VitrineBuySheet);
  defineElement('vitrine-card', VitrineCard);
  const common = {
    rec: card.recommendation.id,
    locale: options.locale,
    redirect: options.redirect,
    api: options.api,
    theme: options.theme,
  };
  const template =
    options.view === 'sheet'
      ? html`<vitrine-buy-sheet
          inline
          rec=${common.rec}
          locale=${common.locale}
          redirect=${ifDefined(common.redirect)}
          api=${ifDefined(common.api)}
          theme=${ifDefined(common.theme)}
          .card=${card}
        ></vitrine-buy-sheet>`
      : html`<vitrine-card
          rec=${common.rec}
          locale=${common.locale}
          layout=${options.layout ?? 'compact'}
          heading-level=${options.headingLevel ?? 3}
          redirect=${ifDefined(common.redirect)}
          api=${ifDefined(common.api)}
          theme=${ifDefined(common.theme)}
          .card=${card}
        ></vitrine-card>`;
  return collectResult(render(template));
}
