import { css } from 'lit';

/**
 * Design tokens and shared rules for every Vitrine element. Public
 * `--vitrine-*` custom properties feed private `--_*` ones with defaults, so a
 * host themes elements without ever touching their internals. Colours use
 * `light-dark()`: light and dark follow `prefers-color-scheme`, or the element's
 * `theme` attribute when set.
 */
export const baseStyles = css`
  :host {
    --_font: var(--vitrine-font, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_radius: var(--vitrine-radius, 12px);
    --_space: var(--vitrine-space, 12px);
    --_accent: var(--vitrine-color-accent, light-dark(#c2410c, #fb923c));
    --_on-accent: var(--vitrine-color-on-accent, light-dark(#fff, #1c1917));
    --_surface: var(--vitrine-color-surface, light-dark(#fff, #1f1f1f));
    --_text: var(--vitrine-color-text, light-dark(#1f1f1f, #f2f2f2));
    --_muted: var(--vitrine-color-muted, light-dark(#595959, #b0b0b0));
    --_border: var(--vitrine-color-border, light-dark(#e4e4e7, #3f3f46));
    --_price: var(--vitrine-color-price, light-dark(#c81e1e, #ff8a8a));
    --_focus: var(--vitrine-color-focus, light-dark(#1d4ed8, #93c5fd));
    --_skeleton: light-dark(#ececec, #333);
    color-scheme: light dark;
    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.5;
    /* No string from the API can widen an element: an unbreakable word (a long
       partner name, title or URL-like reason) breaks wherever it must, and its
       min-content width no longer pushes buttons, cards or the page sideways. */
    overflow-wrap: anywhere;
    min-width: 0;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button,
  a.button {
    font: inherit;
    cursor: pointer;
    min-height: 40px;
    padding: 0 calc(var(--_space) * 1.25);
    border-radius: calc(var(--_radius) * 0.67);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    text-decoration: none;
    text-align: center;
    max-width: 100%;
    min-width: 0;
  }
  button.primary,
  a.button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  /* A one-line button to a shop (buy, checkout): the action, then the shop's
     name beside it, cut with an ellipsis when it does not fit (the link's text
     keeps it whole for screen readers). */
  .button > .cta {
    flex: none;
  }
  .button > .shop {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 400;
  }
  .button > .shop::before {
    content: '· ';
  }
  /* What stands where a buy button would be when nothing can be bought. */
  .sold-out {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 40px;
    padding: 0 calc(var(--_space) * 1.25);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.67);
    cursor: not-allowed;
    background: var(--_skeleton);
    color: var(--_muted);
  }
  .skeleton {
    background: var(--_skeleton);
    border-radius: 6px;
    animation: vitrine-pulse 1.2s ease-in-out infinite;
  }
  /* Skeleton geometry as classes, never inline style attributes (strict CSP). */
  .sk-w30 { width: 30%; }
  .sk-w40 { width: 40%; }
  .sk-w60 { width: 60%; }
  .sk-w80 { width: 80%; }
  .sk-w85 { width: 85%; }
  .sk-w95 { width: 95%; }
  .sk-w10em { width: 10em; }
  .sk-h1 { height: 1em; }
  .sk-h125 { height: 1.25em; }
  .sk-h15 { height: 1.5em; }
  .sk-h25 { height: 2.5em; }
  .sk-h3 { height: 3em; }
  .sk-h35 { height: 3.5em; }
  .sk-h45 { height: 4.5em; }
  .sk-h5 { height: 5em; }
  .sk-h12 { height: 12em; margin-top: var(--_space); }
  .sk-square { aspect-ratio: 1; }
  .sk-button { height: 40px; margin-top: auto; }
  @keyframes vitrine-pulse {
    50% {
      opacity: 0.55;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
    background: var(--_surface);
  }
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: var(--_space) 0 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
