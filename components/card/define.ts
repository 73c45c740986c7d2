// A card opens its own buy sheet.
import '../buy-sheet/define.js';
import { defineElement } from '../shared/define.js';
import { VitrineCard } from './card.js';

defineElement('vitrine-card', VitrineCard);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-card': VitrineCard;
  }
}

export { VitrineCard };
