/**
 * Fired when an overlay (`<vitrine-buy-sheet>`, `<vitrine-cart drawer>`) is
 * about to open, whether by a click, `show()` or its `open` property.
 * Cancelable: when prevented, the overlay stays closed.
 */
export class VitrineShowEvent extends Event {
  constructor() {
    super('vitrine-show', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-show': VitrineShowEvent;
  }
}
