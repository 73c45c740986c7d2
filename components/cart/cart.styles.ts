import { css } from 'lit';

export const cartStyles = css`
  :host {
    --_drawer-width: var(--vitrine-cart-drawer-width, 420px);
    --_thumb: var(--vitrine-cart-image-size, 56px);
    min-width: 0;
  }
  .cart {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    min-width: 0;
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.125rem;
  }
  h3 {
    font-size: 1rem;
  }
  h2:focus {
    outline: none;
  }
  .group,
  .favourites {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .line,
  .favourite {
    display: grid;
    grid-template-columns: var(--_thumb) minmax(0, 1fr);
    grid-template-areas: 'thumb info' 'controls controls';
    gap: 8px var(--_space);
    align-items: center;
  }
  .favourite .by {
    font-size: 0.8125rem;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .favourite .unit {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 8px;
  }
  .favourite .price {
    color: var(--_price);
    font-weight: 700;
  }
  .badge {
    padding: 0 6px;
    border-radius: 4px;
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .badge.drop,
  .badge.stock {
    background: light-dark(#dcfce7, #14532d);
    color: light-dark(#14532d, #dcfce7);
  }
  .badge.out {
    background: var(--_skeleton);
    color: var(--_muted);
  }
  /* Buttons are one line: a long shop name is cut with an ellipsis (the full name is the link's accessible name). */
  .controls > * {
    white-space: nowrap;
    min-width: 0;
  }
  .fav-buy {
    flex: 1 1 auto;
    overflow: hidden;
  }

  .thumb {
    grid-area: thumb;
    display: block;
    width: var(--_thumb);
    height: var(--_thumb);
    object-fit: cover;
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_skeleton);
  }
  .info {
    grid-area: info;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .unit {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .controls {
    grid-area: controls;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .total {
    margin-inline-start: auto;
    font-weight: 700;
    color: var(--_price);
  }
  @container (min-width: 480px) {
    .line {
      grid-template-columns: var(--_thumb) minmax(0, 1fr) auto;
      grid-template-areas: 'thumb info controls';
    }
  }
  .stepper {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.67);
    overflow: hidden;
  }
  .stepper button {
    min-width: 40px;
    padding: 0;
    border: 0;
    border-radius: 0;
  }
  .stepper button[aria-disabled='true'] {
    cursor: default;
    color: var(--_muted);
  }
  .stepper input {
    width: 3.25em;
    min-height: 40px;
    border: 0;
    border-inline: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: center;
    appearance: textfield;
  }
  .stepper input::-webkit-inner-spin-button,
  .stepper input::-webkit-outer-spin-button {
    -webkit-appearance: none;
    margin: 0;
  }
  .stepper :focus-visible {
    outline-offset: -2px;
  }
  .subtotal {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px var(--_space);
    margin: 0;
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }
  .subtotal .amount {
    font-weight: 700;
    color: var(--_price);
  }
  .checkout {
    width: 100%;
    white-space: nowrap;
    overflow: hidden;
  }

  .checkout.pending {
    display: block;
    height: 40px;
  }
  .rejected {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 0;
    padding: 8px var(--_space);
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) * 0.67);
    color: var(--_muted);
  }
  .empty {
    margin: 0;
    padding: calc(var(--_space) * 2) var(--_space);
    text-align: center;
    color: var(--_muted);
  }
  dialog {
    position: fixed;
    inset-block: 0;
    inset-inline: auto 0;
    margin: 0;
    width: min(100vw, var(--_drawer-width));
    max-width: 100vw;
    height: 100%;
    max-height: 100dvh;
    padding: 0;
    border: 0;
    overflow: auto;
    overscroll-behavior: contain;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 0 24px rgb(0 0 0 / 0.25);
    translate: 0;
    transition: translate 0.25s ease-out;
  }
  @starting-style {
    dialog[open] {
      translate: 100% 0;
    }
    dialog[open]:dir(rtl) {
      translate: -100% 0;
    }
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog .cart {
    padding: var(--_space);
  }
  dialog .head {
    position: sticky;
    top: 0;
    z-index: 1;
    margin: calc(var(--_space) * -1) calc(var(--_space) * -1) 0;
    padding: 8px var(--_space);
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  .close {
    min-width: 40px;
    padding: 0;
    font-size: 1.25rem;
  }
`;
