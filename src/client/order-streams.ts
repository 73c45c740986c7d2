import { ClickId } from '../model/attribution.js';
import { MAX_LOOKUP_CLICK_IDS } from '../model/order.js';
import { parse } from '../validate.js';

/** The click ids an order lookup or stream sends: unique, the latest 50, each checked (`invalid_input`). */
export function lookupClickIds(clickIds: readonly string[]): string[] {
  const ids = [...new Set(clickIds)].slice(-MAX_LOOKUP_CLICK_IDS);
  for (const id of ids) parse(ClickId, id, 'click id', 'invalid_input');
  return ids;
}

/**
 * The `GET /v1/stream/orders` URL for these click ids, `null` without any.
 * Kept out of the lazily loaded resources: a synchronous call the live
 * elements make before anything else is loaded.
 */
export function ordersStreamUrl(api: string, clickIds: readonly string[]): string | null {
  const ids = lookupClickIds(clickIds);
  return ids.length === 0 ? null : `${api}/v1/stream/orders?clickIds=${ids.map(encodeURIComponent).join(',')}`;
}
