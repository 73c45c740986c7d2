import { css } from 'lit';

export const orderStatusStyles = css`
  :host {
    --_step: var(--vitrine-order-step-color, var(--_accent));
    container-type: inline-size;
    min-width: 0;
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.125rem;
  }
  ul,
  ol,
  p {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .orders {
    display: grid;
    gap: var(--_space);
  }
  .order {
    display: grid;
    gap: 8px;
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 4px 8px;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0 8px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .number {
    font-weight: 400;
    color: var(--_muted);
  }
  .status {
    font-size: 0.875rem;
    font-weight: 600;
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid currentColor;
    color: var(--_step);
  }
  .status[data-status='cancelled'],
  .status[data-status='refunded'] {
    color: var(--_price);
  }
  .lines li,
  .total {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    min-width: 0;
  }
  .lines .title {
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .amount {
    flex: none;
    font-variant-numeric: tabular-nums;
  }
  .total {
    font-weight: 700;
    border-top: 1px solid var(--_border);
    padding-top: 6px;
  }
  .total .amount {
    color: var(--_price);
  }
  .timeline {
    display: grid;
    gap: 6px;
    padding-top: 4px;
  }
  [part~='step'] {
    display: grid;
    grid-template-columns: 14px minmax(0, 1fr);
    column-gap: 8px;
    align-items: center;
    color: var(--_muted);
  }
  [part~='step'] time {
    grid-column: 2;
    font-size: 0.8125rem;
  }
  .marker {
    width: 12px;
    height: 12px;
    border-radius: 50%;
    border: 2px solid var(--_border);
  }
  [data-state='done'],
  [data-state='current'] {
    color: var(--_text);
  }
  [data-state='done'] .marker {
    background: var(--_step);
    border-color: var(--_step);
  }
  [data-state='current'] .marker {
    border-color: var(--_step);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_step) 30%, transparent);
  }
  [data-state='current'] .label {
    font-weight: 700;
  }
  [data-status='cancelled'] .marker,
  [data-status='refunded'] .marker {
    background: var(--_price);
    border-color: var(--_price);
  }
  @container (min-width: 480px) {
    .timeline {
      grid-auto-flow: column;
      grid-auto-columns: minmax(0, 1fr);
    }
    [part~='step'] {
      align-items: start;
      grid-template-columns: 1fr;
      row-gap: 2px;
    }
    [part~='step'] time {
      grid-column: 1;
    }
  }
  .empty {
    color: var(--_muted);
  }
`;
