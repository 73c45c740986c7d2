import { css } from 'lit';

export const cartButtonStyles = css`
  :host {
    display: inline-block;
  }
  [part~='button'] {
    position: relative;
    min-width: 44px;
    min-height: 44px;
    padding: 0 10px;
    border-radius: var(--vitrine-cart-button-radius, 999px);
  }
  svg {
    width: 24px;
    height: 24px;
    flex: none;
  }
  .badge {
    position: absolute;
    top: -4px;
    inset-inline-end: -4px;
    min-width: 20px;
    height: 20px;
    padding: 0 5px;
    border-radius: 10px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 20px;
    text-align: center;
  }
  .badge[hidden] {
    display: none;
  }
`;
