import { css } from 'lit';

export const shelfStyles = css`
  :host {
    --_gap: var(--vitrine-shelf-gap, var(--_space));
  }
  .header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin-bottom: var(--_space);
    min-width: 0;
  }
  .header img,
  .avatar {
    width: 48px;
    height: 48px;
    border-radius: 50%;
    object-fit: cover;
    flex: none;
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .verified {
    color: var(--_focus);
    flex: none;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--vitrine-shelf-min-card, var(--_min-card, 260px))), 1fr));
    gap: var(--_gap);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: grid;
    min-width: 0;
    border-radius: var(--_radius);
  }
  .item vitrine-card {
    max-width: none;
  }
  .item vitrine-card::part(card) {
    height: 100%;
  }
  .placeholder {
    display: grid;
    grid-template-columns: 96px minmax(0, 1fr);
    gap: var(--_space);
    min-height: 16rem;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  :host([layout='full']) .placeholder,
  :host([layout='tile']) .placeholder {
    grid-template-columns: minmax(0, 1fr);
  }
  /* Tiles: two columns on a phone, a storefront grid on desktop. */
  :host([layout='tile']) {
    --_min-card: 150px;
  }
  .placeholder .media {
    aspect-ratio: 1;
  }
  .lines {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .lines > * {
    height: 1em;
  }
  .lines > .button {
    height: 40px;
    margin-top: auto;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 8px 12px;
    margin-top: var(--_space);
  }
  .status {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .status.failed {
    color: var(--_price);
  }
  .sentinel {
    height: 1px;
  }
`;
