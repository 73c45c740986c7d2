import '../card/define.js';
import { defineElement } from '../shared/define.js';
import { VitrineShelf } from './shelf.js';

defineElement('vitrine-shelf', VitrineShelf);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-shelf': VitrineShelf;
  }
}

export { VitrineShelf };
