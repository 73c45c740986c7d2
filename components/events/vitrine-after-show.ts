/** Fired when an overlay has opened and focus has moved into it. */
export class VitrineAfterShowEvent extends Event {
  constructor() {
    super('vitrine-after-show', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-after-show': VitrineAfterShowEvent;
  }
}
