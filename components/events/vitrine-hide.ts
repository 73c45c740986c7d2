/** What asked an overlay to close. */
export type VitrineHideSource = 'escape' | 'backdrop' | 'close-button' | 'method';

export interface VitrineHideDetail {
  /**
   * `escape` (the Escape key), `backdrop` (a click outside the panel),
   * `close-button` (the ✕ button), or `method` (`hide()`, or `open` set to false).
   */
  source: VitrineHideSource;
}

/**
 * Fired when an overlay (`<vitrine-buy-sheet>`, `<vitrine-cart drawer>`) is
 * about to close. Cancelable: when prevented, the overlay stays open (e.g. to
 * confirm first).
 */
export class VitrineHideEvent extends CustomEvent<VitrineHideDetail> {
  constructor(detail: VitrineHideDetail) {
    super('vitrine-hide', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-hide': VitrineHideEvent;
  }
}
