import { defineElement } from '../shared/define.js';
import { VitrineOrderStatus } from './order-status.js';

defineElement('vitrine-order-status', VitrineOrderStatus);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-order-status': VitrineOrderStatus;
  }
}

export { VitrineOrderStatus };
