import * as z from 'zod/mini';
import { HttpsUrl, Id, text } from './common.js';

/** A hostname as it appears in a URL, lower-case, e.g. `shop.example.com` (or `localhost` for development). */
export const Hostname = z.string().check(
  z.regex(/^(?=.{1,253}$)(localhost|([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/, 'expected a lower-case hostname'),
);

/** Which click wins when a shopper clicked several recommendations before buying. */
export const ATTRIBUTION_MODELS = ['last_click', 'first_click'] as const;
export const AttributionModel = z.enum(ATTRIBUTION_MODELS);
export type AttributionModel = z.infer<typeof AttributionModel>;

/**
 * An allow-listed partner shop. Only `https:` links whose host is in `hosts`
 * (exactly, or a subdomain of an entry written `*.example.com`) are ever
 * rendered or followed.
 */
export const Partner = z.object({
  id: Id,
  name: text(80),
  hosts: z.array(z.union([Hostname, z.string().check(z.regex(/^\*\.[a-z0-9.-]+$/))])).check(z.minLength(1), z.maxLength(16)),
  logo: z.optional(HttpsUrl),
  /**
   * The partner's cart hand-off endpoint. Checkout opens it with
   * `items=<sku>:<qty>,…` plus attribution parameters; without it, checkout opens
   * the first line's product page.
   */
  checkoutUrl: z.optional(HttpsUrl),
  /** How long after a click an order still counts for the creator, in days. */
  attributionWindowDays: z.int().check(z.gte(1), z.lte(90)),
  attributionModel: z._default(AttributionModel, 'last_click'),
  /** Commission paid to the creator, in basis points of the line amount (100 bps = 1 %). */
  commissionRateBps: z.int().check(z.gte(0), z.lte(10_000)),
  /**
   * How long this partner's price snapshots (`Offer.priceAt`) stay current, in
   * hours (1 hour to 1 year). Default `DEFAULT_PRICE_FRESHNESS_HOURS` (24).
   */
  priceFreshnessHours: z.optional(z.int().check(z.gte(1), z.lte(8760))),
  /**
   * Whether the partner pays commission on sales from offline placements (a
   * printed QR code). `false`: QR codes of its offers link to the shop without
   * attribution, and the composer says why. Absent: allowed.
   */
  offlineAffiliation: z.optional(z.boolean()),
});
export type Partner = z.infer<typeof Partner>;
export type PartnerInput = z.input<typeof Partner>;
