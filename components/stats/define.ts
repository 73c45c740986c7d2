import { defineElement } from '../shared/define.js';
import { VitrineStats } from './stats.js';

defineElement('vitrine-stats', VitrineStats);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-stats': VitrineStats;
  }
}

export { VitrineStats };
