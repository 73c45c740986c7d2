import type { ClickId } from '../../src/model/attribution.js';

export interface VitrineClickDetail {
  /** The decorated partner URL the shopper is about to open. */
  url: string;
  clickId: ClickId;
  partnerId: string;
  recommendationId: string;
  creatorId: string;
  /**
   * The partner of the offer the card would have sold (the creator's shop)
   * when it is sold out and this link goes to another shop's offer of the same
   * product instead. Also recorded on the click event.
   */
  swappedFrom?: string | undefined;
}

/**
 * Fired when the shopper follows a buy link to a partner shop. Cancelable: when
 * prevented, Vitrine neither navigates nor records the click; a host that then
 * navigates itself should call `vitrine.recordClick(link)` to keep attribution.
 */
export class VitrineClickEvent extends CustomEvent<VitrineClickDetail> {
  constructor(detail: VitrineClickDetail) {
    super('vitrine-click', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-click': VitrineClickEvent;
  }
}
