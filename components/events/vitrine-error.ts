import type { VitrineError } from '../../src/errors.js';

export interface VitrineErrorDetail {
  /** The error; branch on `error.code`. */
  error: VitrineError;
  /** What the element was doing, e.g. `load-card`, `add-to-cart`. */
  action: string;
}

/**
 * Fired when an element fails to load or act. The element has already rendered
 * its own error state; the event lets the host log or report it. Never thrown.
 */
export class VitrineErrorEvent extends CustomEvent<VitrineErrorDetail> {
  constructor(detail: VitrineErrorDetail) {
    super('vitrine-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-error': VitrineErrorEvent;
  }
}
