/**
 * Server-side attribution: which click an order belongs to, and reading the
 * attribution parameters a partner receives on its landing page.
 */
import { VitrineError } from '../errors.js';
import { ClickId, LINK_PARAMS, type Touch } from '../model/attribution.js';
import { Id } from '../model/common.js';
import type { AttributionModel, Partner } from '../model/partner.js';

/** Input of {@link resolveAttribution}. */
export interface ResolveAttributionInput {
  /** Clicks known for the shopper (any partner; others are ignored). */
  touches: readonly Touch[];
  partner: Pick<Partner, 'id' | 'attributionWindowDays' | 'attributionModel'>;
  /** When the order was placed (ISO 8601). */
  orderAt: string;
  /** Overrides the partner's model. */
  model?: AttributionModel | undefined;
}

/** The attribution parameters found on a decorated partner link. */
export interface LinkAttribution {
  clickId: string;
  creatorId: string | null;
  recommendationId: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The touch (click) an order is attributed to, or `null`. Candidates are the
 * touches for this partner at or before `orderAt` and at most
 * `attributionWindowDays` before it. `last_click` (the default) picks the
 * latest, `first_click` the earliest; touches at the same instant are ordered
 * by click id, so the answer never depends on the input order. Touches with an
 * unparseable time are ignored; an unparseable `orderAt` throws `invalid_input`.
 */
export function resolveAttribution(input: ResolveAttributionInput): Touch | null {
  const { partner } = input;
  const orderMs = Date.parse(input.orderAt);
  if (Number.isNaN(orderMs)) throw new VitrineError('invalid_input', `Invalid order time: ${input.orderAt}`);
  const earliest = orderMs - partner.attributionWindowDays * DAY_MS;
  const candidates = input.touches
    .map((touch) => ({ touch, ms: Date.parse(touch.at) }))
    .filter(({ touch, ms }) => touch.partnerId === partner.id && ms >= earliest && ms <= orderMs)
    .sort((a, b) => a.ms - b.ms || (a.touch.clickId < b.touch.clickId ? -1 : a.touch.clickId > b.touch.clickId ? 1 : 0));
  const model = input.model ?? partner.attributionModel ?? 'last_click';
  return (model === 'first_click' ? candidates[0] : candidates.at(-1))?.touch ?? null;
}

/**
 * Reads Vitrine's attribution parameters (`vt_click`, `vt_creator`, `vt_rec`)
 * from a partner landing URL, for partners to keep server-side with the order.
 * Returns `null` when the URL is invalid or has no valid click id; an invalid
 * creator or recommendation id reads as `null`.
 */
export function readLinkAttribution(url: string | URL): LinkAttribution | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null;
  }
  const clickId = params.get(LINK_PARAMS.clickId);
  if (!ClickId.safeParse(clickId).success) return null;
  const id = (name: string) => {
    const value = params.get(name);
    return Id.safeParse(value).success ? value : null;
  };
  return { clickId: clickId as string, creatorId: id(LINK_PARAMS.creator), recommendationId: id(LINK_PARAMS.recommendation) };
}
