import { css } from 'lit';

/*
 * Layout and height. Every row of a card has a fixed height in lines (or px),
 * so a skeleton of the same rows has exactly the card's final size:
 *
 * - compact: [image 96 px | text] then the action row across the card. The
 *   text block is exactly: top row (disclosure + favourite, 36 px), title (at
 *   most 2 lines), reason (at most 2 lines, `--vitrine-card-reason-lines`),
 *   creator (24 px), price (1 line), status (1 line), 6 px gaps: its
 *   min-height is that maximum, so a shorter title or reason leaves the space
 *   above the creator row, never changes the height. Actions: 40 px. The
 *   height is the taller of image and text, plus the actions.
 * - full: the same block with a 4-line reason; the image is a square across
 *   the card below 480 px of card width, a 200 px column beside the text above.
 * - tile: a square image (its width), then title (2 lines), price (1 line),
 *   status (1 line), one 40 px button. Disclosure and favourite sit on the image.
 *
 * What can add height after load, by the shopper's action or the data: an
 * expanded reason ("read more"), and the creator's other picks under a product
 * sold out everywhere (not in `tile`).
 */
export const cardStyles = css`
  :host {
    --_image-size: var(--vitrine-card-image-size, 96px);
    --_reason-lines: var(--vitrine-card-reason-lines, 2);
    --_title-lh: 1.4;
    --_reason-lh: 1.5;
    container-type: inline-size;
    max-width: var(--vitrine-card-max-width, 560px);
    min-width: 0;
  }
  :host([layout='full']) {
    --_reason-lines: var(--vitrine-card-reason-lines, 4);
  }
  :host([layout='tile']) {
    max-width: var(--vitrine-card-max-width, none);
  }
  .card {
    position: relative;
    display: grid;
    grid-template-columns: var(--_image-size) minmax(0, 1fr);
    grid-template-areas:
      'media body'
      'actions actions';
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    height: 100%;
  }
  :host([layout='full']) .card,
  :host([layout='tile']) .card {
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: 'media' 'body' 'actions';
  }
  :host([layout='tile']) .card {
    gap: 8px;
    padding: 0 0 var(--_space);
    overflow: hidden;
    grid-template-rows: auto 1fr auto;
  }
  @container (min-width: 480px) {
    :host([layout='full']) .card {
      grid-template-columns: 200px minmax(0, 1fr);
      grid-template-areas:
        'media body'
        'media actions';
      grid-template-rows: 1fr auto;
    }
  }
  .media {
    grid-area: media;
    position: relative;
    align-self: start;
    aspect-ratio: 1;
    border-radius: calc(var(--_radius) * 0.67);
    overflow: hidden;
    background: var(--_skeleton);
    width: 100%;
  }
  :host([layout='tile']) .media {
    border-radius: 0;
  }
  .media .image {
    all: unset;
    display: block;
    width: 100%;
    height: 100%;
    cursor: pointer;
  }
  .media img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .is-sold-out .media img {
    filter: grayscale(0.85);
    opacity: 0.7;
  }
  .sold-out-badge {
    position: absolute;
    inset: auto 0 0 0;
    padding: 2px 6px;
    text-align: center;
    font-size: 0.75rem;
    font-weight: 600;
    background: rgb(0 0 0 / 0.62);
    color: #fff;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .body {
    grid-area: body;
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-width: 0;
    /* The tallest the rows can be (see above): the card's height never depends on the text. */
    min-height: calc(36px + 2em * var(--_title-lh) + var(--_reason-lines) * 1em * var(--_reason-lh) + 24px + 1.6875rem + 1.21875rem + 5 * 6px);
  }
  .creator {
    margin-top: auto;
  }
  :host([layout='tile']) .body {
    padding: 0 var(--_space);
    gap: 4px;
    min-height: calc(2em * var(--_title-lh) + 1.5rem + 1.21875rem + 2 * 4px);
  }
  :host([layout='tile']) .prices {
    margin-top: auto;
  }
  :host([layout='tile']) .price {
    font-size: 1rem;
  }
  :host([layout='tile']) .list-price {
    font-size: 0.75rem;
  }
  /* A narrow tile keeps the price whole: the struck-through list price goes (the sheet shows it). */
  @container (max-width: 199px) {
    :host([layout='tile']) .list-price {
      display: none;
    }
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    height: 36px;
    min-width: 0;
  }
  .disclosure {
    margin: 0;
    font-size: 0.75rem;
    line-height: 1.4;
    padding: 0 6px;
    border: 1px solid var(--_muted);
    border-radius: 4px;
    color: var(--_muted);
    white-space: nowrap;
    flex: none;
  }
  :host([layout='tile']) .disclosure {
    position: absolute;
    left: 8px;
    bottom: 8px;
    max-width: calc(100% - 16px);
    background: var(--_surface);
    border-color: transparent;
    color: var(--_text);
  }
  :host([layout='tile']) .is-sold-out .disclosure {
    bottom: calc(8px + 1.6em);
  }
  .favourite {
    flex: none;
    min-height: 36px;
    width: 36px;
    padding: 0;
    margin-inline-start: auto;
    border-radius: 50%;
    font-size: 1.125rem;
    line-height: 1;
    color: var(--_accent);
  }
  .favourite[aria-pressed='true'] {
    border-color: var(--_accent);
  }
  :host([layout='tile']) .favourite {
    position: absolute;
    top: 8px;
    right: 8px;
    background: color-mix(in srgb, var(--_surface) 88%, transparent);
    border-color: transparent;
  }
  .heading {
    margin: 0;
    font-size: 1rem;
    line-height: var(--_title-lh);
  }
  :host([layout='tile']) .heading {
    min-height: calc(2em * var(--_title-lh));
  }
  .title {
    all: unset;
    cursor: pointer;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    overflow-wrap: anywhere;
    font-weight: 600;
  }
  .title:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .reason-box {
    position: relative;
  }
  .reason {
    margin: 0;
    color: var(--_text);
    line-height: var(--_reason-lh);
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .reason.clamped {
    display: -webkit-box;
    -webkit-line-clamp: var(--_reason-lines);
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  /* "Read more" sits on the clamped reason's last line, over a fade: it takes no row of its own. */
  .more {
    all: unset;
    cursor: pointer;
    color: var(--_accent);
    font-size: 0.875rem;
    line-height: calc(1em * var(--_reason-lh) / 0.875);
    white-space: nowrap;
  }
  .reason-box:not(.expanded) .more {
    position: absolute;
    right: 0;
    bottom: 0;
    padding-inline-start: 2.5em;
    background: linear-gradient(to right, transparent, var(--_surface) 2em);
  }
  .more:focus-visible {
    outline: 2px solid var(--_focus);
  }
  .creator {
    display: flex;
    align-items: center;
    gap: 6px;
    height: 24px;
    font-size: 0.875rem;
    color: var(--_muted);
    min-width: 0;
  }
  .creator img {
    width: 20px;
    height: 20px;
    border-radius: 50%;
    object-fit: cover;
    flex: none;
  }
  .creator .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .verified {
    color: var(--_focus);
    flex: none;
  }
  .prices {
    flex-wrap: nowrap;
    overflow: hidden;
    white-space: nowrap;
    line-height: 1.5;
  }
  /* One line: the notice gives way first (cut with an ellipsis), the stock state stays whole. */
  .status {
    display: flex;
    margin: 0;
    font-size: 0.8125rem;
    line-height: 1.5;
    /* One line, whatever it holds: the skeleton's status row has this height. */
    height: calc(0.8125rem * 1.5);
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
    min-width: 0;
  }
  .status > * {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .status-notice {
    flex: 0 1 auto;
  }
  .status .stock {
    flex: 0 0 auto;
    max-width: 100%;
    font-size: inherit;
  }
  .status .after-notice::before {
    content: ' · ';
  }
  .status[data-stock='out_of_stock'],
  .status[data-stock='low_stock'] {
    color: var(--_price);
    font-weight: 600;
  }
  .actions {
    grid-area: actions;
    display: flex;
    gap: 8px;
    min-width: 0;
  }
  :host([layout='tile']) .actions {
    padding: 0 var(--_space);
  }
  /* Every button is one line: labels never wrap; a long shop name is cut with an ellipsis. */
  .actions > * {
    white-space: nowrap;
    min-width: 0;
  }
  .buy,
  .sold-out,
  .other-picks {
    flex: 1 1 auto;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .add-to-cart {
    flex: none;
    padding: 0 10px;
  }
  .add-to-cart .icon {
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  /* Narrow cards, and the text column of a wide full card: the add-to-cart
     button shows its icon only (its label stays its accessible name), leaving
     the buy button room for the shop's name. */
  @container (max-width: 419px) {
    .add-to-cart .label {
      display: none;
    }
  }
  :host([layout='full']) .add-to-cart .label {
    display: none;
  }
  .no-link {
    font-size: 0.875rem;
    color: var(--_muted);
    align-self: center;
  }
  /* On its own implicit row, only when there are picks (an empty named row would still add a gap). */
  .picks {
    grid-column: 1 / -1;
    border-top: 1px solid var(--_border);
    padding-top: 8px;
  }
  .picks-title {
    margin: 0 0 6px;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .picks ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(84px, 1fr));
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* A mini tile: image, two-line title, price. */
  .pick {
    all: unset;
    box-sizing: border-box;
    cursor: pointer;
    display: grid;
    gap: 4px;
    width: 100%;
    min-width: 0;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .pick:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .pick img {
    width: 100%;
    height: auto;
    aspect-ratio: 1;
    border-radius: calc(var(--_radius) * 0.5);
    object-fit: cover;
    background: var(--_skeleton);
  }
  .pick-title {
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    font-size: 0.8125rem;
    line-height: 1.35;
  }
  .pick-price {
    color: var(--_price);
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .title-box {
    height: calc(2em * var(--_title-lh));
  }
  .reason-box.skeleton {
    height: calc(var(--_reason-lines) * 1em * var(--_reason-lh));
  }
  .creator-box {
    height: 24px;
  }
  .price-box {
    height: 1.6875rem;
  }
  .status-box {
    height: calc(0.8125rem * 1.5);
  }
  :host([layout='tile']) .price-box {
    height: 1.5rem;
  }
  /* Far below the fold a skeleton keeps still (see renderSkeleton). */
  .still .skeleton {
    animation: none;
  }
`;
