import * as z from 'zod/mini';
import { checked, HttpsUrl, Id, int, list, oneOf, pattern, text } from './common.js';

const HOSTNAME = /^(?=.{1,253}$)(localhost|([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/;

/** A hostname as it appears in a URL, lower-case, e.g. `shop.example.com` (or `localhost` for development). */
export const Hostname = pattern(HOSTNAME, 'expected a lower-case hostname');

/** An allow-list entry: a hostname, or `*.` and a domain for any subdomain of it. One check, not a union of two schemas. */
const HostPattern = checked(z.string(), (value) => HOSTNAME.test(value) || /^\*\.[a-z0-9.-]+$/.test(value), 'expected a lower-case hostname or *.domain');

/** Which click wins when a shopper clicked several recommendations before buying. */
export const ATTRIBUTION_MODELS = ['last_click', 'first_click'] as const;
export const AttributionModel = oneOf(ATTRIBUTION_MODELS);
export type AttributionModel = z.infer<typeof AttributionModel>;

/**
 * An allow-listed partner shop. Only `https:` links whose host is in `hosts`
 * (exactly, or a subdomain of an entry written `*.example.com`) are ever
 * rendered or followed.
 */
export const Partner = z.object({
  id: Id,
  name: text(80),
  hosts: list(HostPattern, 1, 16),
  logo: z.optional(HttpsUrl),
  /**
   * The partner's cart hand-off endpoint. Checkout opens it with
   * `items=<sku>:<qty>,…` plus attribution parameters; without it, checkout opens
   * the first line's product page.
   */
  checkoutUrl: z.optional(HttpsUrl),
  /** How long after a click an order still counts for the creator, in days. */
  attributionWindowDays: int(1, 90),
  attributionModel: z._default(AttributionModel, 'last_click'),
  /** Commission paid to the creator, in basis points of the line amount (100 bps = 1 %). */
  commissionRateBps: int(0, 10_000),
  /**
   * How long this partner's price snapshots (`Offer.priceAt`) stay current, in
   * hours (1 hour to 1 year). Default `DEFAULT_PRICE_FRESHNESS_HOURS` (24).
   */
  priceFreshnessHours: z.optional(int(1, 8760)),
  /**
   * Whether the partner pays commission on sales from offline placements (a
   * printed QR code). `false`: QR codes of its offers link to the shop without
   * attribution, and the composer says why. Absent: allowed.
   */
  offlineAffiliation: z.optional(z.boolean()),
});
export type Partner = z.infer<typeof Partner>;
export type PartnerInput = z.input<typeof Partner>;
