import { defineElement } from '../shared/define.js';
import { VitrineRoot } from './root.js';

defineElement('vitrine-root', VitrineRoot);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-root': VitrineRoot;
  }
}

export { VitrineRoot };
