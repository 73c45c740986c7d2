import { css } from 'lit';

export const buySheetStyles = css`
  dialog {
    padding: 0;
    border: 0;
    background: var(--_surface);
    color: var(--_text);
    /* Phones: a bottom sheet. */
    width: 100%;
    max-width: 100%;
    max-height: 90vh;
    max-height: 90dvh;
    margin: auto 0 0;
    border-radius: var(--_radius) var(--_radius) 0 0;
    overflow: auto;
    overscroll-behavior: contain;
    box-shadow: 0 -8px 32px rgb(0 0 0 / 0.25);
  }
  dialog[open] {
    animation: vitrine-sheet-in 0.2s ease-out;
  }
  dialog::backdrop {
    background: var(--vitrine-color-backdrop, rgb(0 0 0 / 0.5));
  }
  @media (min-width: 640px) {
    dialog {
      width: min(100% - 2rem, var(--vitrine-sheet-width, 760px));
      max-height: 90vh;
      margin: auto;
      border-radius: var(--_radius);
    }
  }
  @keyframes vitrine-sheet-in {
    from {
      transform: translateY(24px);
      opacity: 0;
    }
  }
  .sheet {
    position: relative;
    container-type: inline-size;
    padding: var(--_space);
    padding-top: calc(var(--_space) + 44px);
  }
  /* inline: the content in the page flow (share pages), framed like a card. */
  .sheet.inline {
    padding-top: var(--_space);
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .close {
    position: absolute;
    top: var(--_space);
    right: var(--_space);
    min-width: 40px;
    padding: 0;
    border-radius: 50%;
  }
  .content {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  @container (min-width: 560px) {
    .sheet {
      padding: calc(var(--_space) * 2);
    }
    .main {
      max-height: 50vh;
    }
    .content {
      grid-template-columns: minmax(0, 5fr) minmax(0, 6fr);
      align-items: start;
    }
  }
  .gallery {
    display: grid;
    gap: 8px;
    min-width: 0;
  }
  .main {
    display: block;
    /* As wide as the column, as high as its aspect says, but on a phone at most a quarter of the
       screen: the first offer must start on the first screen. The width stays definite (the size is
       known before the image loads: no layout shift); a capped image is contained, centred. */
    width: 100%;
    height: auto;
    max-height: 25vh;
    max-height: 25dvh;
    object-fit: contain;
    border-radius: calc(var(--_radius) * 0.67);
    background: var(--_skeleton);
  }
  .thumbs {
    display: flex;
    gap: 8px;
    overflow-x: auto;
    padding: 2px;
  }
  .thumb {
    flex: none;
    width: 56px;
    height: 56px;
    padding: 0;
    overflow: hidden;
  }
  .thumb[aria-current='true'] {
    border: 2px solid var(--_accent);
  }
  .thumb img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .info {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }
  .disclosure {
    align-self: flex-start;
    margin: 0;
    font-size: 0.75rem;
    padding: 0 6px;
    border: 1px solid var(--_muted);
    border-radius: 4px;
    color: var(--_muted);
  }
  .title {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.35;
    overflow-wrap: anywhere;
  }
  .creator {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .creator img {
    border-radius: 50%;
    object-fit: cover;
  }
  .verified {
    color: var(--_focus);
  }
  .reason {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='favourite'][aria-pressed='true'] span {
    color: var(--_price);
  }
  .offers-title {
    margin: 8px 0 0;
    font-size: 1rem;
  }
  .offers {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .offer {
    display: grid;
    gap: 6px;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.67);
  }
  .partner {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .no-link {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .actions > * {
    flex: 1 1 120px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .offer.featured {
    border-color: var(--_accent);
  }
  /* The shop's name keeps its line: where it and "the creator's pick" do not fit side by side,
     the badge goes below (the name wrapped to three lines beside it on a phone). */
  .offer-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    min-width: 0;
  }
  .offer-head > .partner {
    flex: 1 1 auto;
  }
  .creator-shop {
    flex: none;
    margin-inline-start: auto;
    padding: 0 6px;
    border-radius: 4px;
    font-size: 0.75rem;
    font-weight: 600;
    background: var(--_accent);
    color: var(--_on-accent);
    white-space: nowrap;
  }
  .offer-note {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .in-app {
    display: grid;
    gap: 8px;
    padding: var(--_space);
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) * 0.67);
    font-size: 0.875rem;
  }
  .in-app p {
    margin: 0;
  }
  .in-app .hint {
    color: var(--_muted);
  }
  .in-app-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .in-app-actions > * {
    flex: 1 1 140px;
    white-space: nowrap;
  }
  .picks ul {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .pick {
    width: 100%;
    justify-content: flex-start;
    gap: 10px;
    padding: 4px 10px 4px 4px;
    min-height: 56px;
    text-align: start;
  }
  .pick img {
    width: 48px;
    height: 48px;
    flex: none;
    border-radius: 6px;
    object-fit: cover;
  }
  .pick-title {
    flex: 1 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .pick-price {
    flex: none;
    color: var(--_price);
    font-weight: 600;
  }
  .status {
    margin: var(--_space) 0 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .status:empty {
    margin: 0;
  }
`;
