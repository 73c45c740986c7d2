import type { CardPayload } from '../../src/model/recommendation.js';

export interface VitrineOpenDetail {
  card: CardPayload;
}

/**
 * Fired when a card is activated, before its buy sheet opens. Cancelable: call
 * `preventDefault()` to show your own product page instead of the buy sheet.
 */
export class VitrineOpenEvent extends CustomEvent<VitrineOpenDetail> {
  constructor(detail: VitrineOpenDetail) {
    super('vitrine-open', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-open': VitrineOpenEvent;
  }
}
