import { css } from 'lit';

export const cardStyles = css`
  :host {
    --_image-size: var(--vitrine-card-image-size, 96px);
    container-type: inline-size;
    max-width: var(--vitrine-card-max-width, 560px);
    min-width: 0;
  }
  article {
    display: grid;
    grid-template-columns: var(--_image-size) minmax(0, 1fr);
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  :host([layout='full']) article {
    grid-template-columns: minmax(0, 1fr);
  }
  @container (min-width: 480px) {
    :host([layout='full']) article {
      grid-template-columns: 200px minmax(0, 1fr);
    }
  }
  .media {
    position: relative;
    aspect-ratio: 1;
    border-radius: calc(var(--_radius) * 0.67);
    overflow: hidden;
    background: var(--_skeleton);
    border: 0;
    padding: 0;
    min-height: 0;
    width: 100%;
  }
  .media img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .body {
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-width: 0;
  }
  .disclosure {
    align-self: flex-start;
    margin: 0;
    font-size: 0.75rem;
    line-height: 1.4;
    padding: 0 6px;
    border: 1px solid var(--_muted);
    border-radius: 4px;
    color: var(--_muted);
  }
  .heading {
    margin: 0;
    font-size: 1rem;
    line-height: 1.4;
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
  .reason {
    margin: 0;
    color: var(--_text);
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .reason.clamped {
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  :host([layout='compact']) .reason.clamped {
    -webkit-line-clamp: 2;
  }
  .more {
    all: unset;
    cursor: pointer;
    align-self: flex-start;
    color: var(--_accent);
    font-size: 0.875rem;
  }
  .more:focus-visible {
    outline: 2px solid var(--_focus);
  }
  .creator {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.875rem;
    color: var(--_muted);
    min-width: 0;
  }
  .creator img {
    width: 24px;
    height: 24px;
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
  .partner {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: auto;
    padding-top: 4px;
  }
  .actions > * {
    flex: 1 1 120px;
  }
  .no-link {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .skeleton-line {
    height: 1em;
  }
`;
