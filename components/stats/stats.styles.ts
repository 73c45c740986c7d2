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
  .range {
    border: 0;
    padding: 0;
    margin: 8px 0;
    min-width: 0;
  }
  legend {
    font-size: 0.8125rem;
    color: var(--_muted);
    padding: 0;
    margin-bottom: 4px;
  }
  .presets {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .preset {
    position: relative;
    display: inline-flex;
  }
  .preset input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .preset span {
    display: inline-flex;
    align-items: center;
    min-height: 36px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface);
    font-size: 0.875rem;
    white-space: nowrap;
  }
  .preset input:checked + span {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .preset input:focus-visible + span {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .custom {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 8px;
    margin: 0 0 8px;
  }
  .custom label {
    display: grid;
    gap: 2px;
    font-size: 0.8125rem;
    color: var(--_muted);
    min-width: 0;
  }
  .custom input {
    font: inherit;
    min-height: 40px;
    max-width: 100%;
    padding: 0 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.67);
    background: var(--_surface);
    color: var(--_text);
  }
  .range-error {
    margin: 0;
    color: var(--_text);
    font-size: 0.875rem;
  }
  .range-error:empty {
    display: none;
  }
  .section {
    margin: var(--_space) 0 8px;
    font-size: 1rem;
  }
  .charts {
    list-style: none;
    margin: 0 0 8px;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 8px;
  }
  @container (min-width: 560px) {
    .charts {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  .chart {
    padding: 8px var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    min-width: 0;
  }
  .chart-head {
    margin: 0 0 4px;
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px 8px;
    font-size: 0.875rem;
  }
  .chart-label {
    color: var(--_muted);
  }
  .chart-total {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .chart svg {
    display: block;
    width: 100%;
    height: 64px;
  }
  .bar {
    fill: var(--_accent);
  }
  .bar.negative {
    fill: var(--_muted);
  }
  .axis {
    stroke: var(--_border);
    stroke-width: 1;
  }
  .chart-axis {
    margin: 2px 0 0;
    display: flex;
    justify-content: space-between;
    gap: 8px;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .series-table {
    margin: 0 0 var(--_space);
  }
  .series-table summary {
    cursor: pointer;
    min-height: 40px;
    display: flex;
    align-items: center;
    font-size: 0.875rem;
  }
  .content > .scroll {
    margin-bottom: var(--_space);
  }
  td.name {
    min-width: 7em;
    text-align: start;
  }
  th.page {
    min-width: 12em;
    max-width: 28em;
    overflow-wrap: anywhere;
  }
  .filtered {
    margin: 0 0 var(--_space);
    padding: 8px var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    font-size: 0.875rem;
  }
  .filtered p {
    margin: 0;
  }
  .filtered ul {
    margin: 4px 0 0;
    padding-inline-start: 1.25em;
    color: var(--_muted);
  }
  .filtered .count {
    font-variant-numeric: tabular-nums;
    color: var(--_text);
  }
  .actions {
    margin: 0 0 var(--_space);
  }
`;
