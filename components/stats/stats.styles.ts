import { css } from 'lit';

export const statsStyles = css`
  :host {
    container-type: inline-size;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
  }
  .updated {
    margin: 0 0 var(--_space);
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .totals {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 8px;
    margin: 0 0 var(--_space);
  }
  @container (min-width: 560px) {
    .totals {
      grid-template-columns: repeat(4, minmax(0, 1fr));
    }
  }
  .total {
    padding: 8px var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  dt {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  dd {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .is-money dd {
    color: var(--_price);
    font-size: 1rem;
  }
  .money {
    display: block;
    white-space: nowrap;
  }
  .scroll {
    overflow-x: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 8px var(--_space);
  }
  th,
  td {
    padding: 6px var(--_space);
    border-top: 1px solid var(--_border);
    text-align: end;
    vertical-align: top;
    font-variant-numeric: tabular-nums;
  }
  thead th {
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  th:first-child {
    text-align: start;
  }
  tbody th {
    font-weight: 400;
    min-width: 10em;
    max-width: 24em;
    overflow-wrap: anywhere;
  }
  td.empty {
    text-align: center;
    color: var(--_muted);
  }
`;
