import { createClickId as defaultClickId } from '../attribution/ids.js';
import { checkPartnerUrl, decorateLink, setParams } from '../attribution/links.js';
import { isVitrineError, UnsafeLinkError, VitrineError } from '../errors.js';
import type { ClickId } from '../model/attribution.js';
import type { CartLine } from '../model/cart.js';
import type { Money } from '../model/money.js';
import type { Partner } from '../model/partner.js';
import type { CartGroup } from './store.js';

/** One partner shop's part of the cart, ready to open: a decorated, checked URL. */
export interface CheckoutHandOff {
  partnerId: string;
  partner: Partner;
  /** The partner's checkout (or first product page), decorated with `clickId` and the first line's creator. */
  url: string;
  /** Fresh for this hand-off. */
  clickId: ClickId;
  lines: CartLine[];
  subtotals: Money[];
}

/** A group that cannot be handed off (unknown partner, unsafe URL): it stays in the cart. */
export interface CheckoutRejection {
  partnerId: string;
  error: VitrineError;
}

/** What `planCheckout` returns: every group is either handed off or rejected. */
export interface CheckoutPlan {
  handOffs: CheckoutHandOff[];
  rejected: CheckoutRejection[];
}

/**
 * Plans checkout: one hand-off per partner group, each with a fresh click id.
 *
 * The URL is the partner's `checkoutUrl` with `items=<sku ?? productId>:<qty>,…`
 * (quantities of the same item summed), or, for a partner without one, the first
 * line's `offerUrl`; then `decorateLink` adds the click id and the creator and
 * recommendation of the group's **first** line. A link carries one creator, so
 * per-line attribution travels in events: when the shopper follows a hand-off,
 * track one `checkout` event per line (its own `creatorId`, `recommendationId`,
 * `sku`, `quantity`, and the hand-off's `clickId` and `partnerId`), and add the
 * click id to the click log so the order can be looked up.
 *
 * A group whose partner is unknown, or whose URL is not safe for its partner, is
 * returned in `rejected` with its error; nothing is lost.
 */
export function planCheckout(
  groups: readonly CartGroup[],
  partners: readonly Partner[],
  options: { createClickId?: () => ClickId } = {},
): CheckoutPlan {
  const createClickId = options.createClickId ?? defaultClickId;
  const plan: CheckoutPlan = { handOffs: [], rejected: [] };
  for (const group of groups) {
    const { partnerId, lines } = group;
    const first = lines[0];
    try {
      if (!first) throw new VitrineError('invalid_input', `checkout group of ${partnerId} has no lines`);
      const partner = partners.find((candidate) => candidate.id === partnerId);
      if (!partner) throw new UnsafeLinkError(first.offerUrl, `unknown partner ${partnerId}`, partnerId);
      let target = first.offerUrl;
      if (partner.checkoutUrl) {
        const items = new Map<string, number>();
        for (const line of lines) items.set(line.sku ?? line.productId, (items.get(line.sku ?? line.productId) ?? 0) + line.quantity);
        const list = [...items].map(([item, quantity]) => `${item}:${quantity}`).join(',');
        target = setParams(checkPartnerUrl(partner.checkoutUrl, partner), { items: list }).href;
      }
      const clickId = createClickId();
      const url = decorateLink(target, partner, {
        clickId,
        creatorId: first.creatorId,
        recommendationId: first.recommendationId,
      });
      plan.handOffs.push({ partnerId, partner, url, clickId, lines, subtotals: group.subtotals });
    } catch (error) {
      if (!isVitrineError(error)) throw error;
      plan.rejected.push({ partnerId, error });
    }
  }
  return plan;
}
