/** Fired when an overlay has closed and focus has returned to where it was before it opened. */
export class VitrineAfterHideEvent extends Event {
  constructor() {
    super('vitrine-after-hide', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-after-hide': VitrineAfterHideEvent;
  }
}
