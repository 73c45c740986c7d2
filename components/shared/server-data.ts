/**
 * Hands server-rendered elements their data before they upgrade (part of
 * `dist/vitrine-hydrate.js`): a page rendered with `vitrine/ssr` carries its
 * card payloads in `<script type="application/json" id="vitrine-cards">`;
 * each `<vitrine-card rec>` / `<vitrine-buy-sheet rec>` gets its payload as the
 * `card` property, so its first render in the browser is the server's markup
 * and hydration changes nothing on screen. Payloads are validated like API
 * responses; an invalid one is skipped (that element then loads by `rec`).
 */
import { CardPayload } from '../../src/model/recommendation.js';

/** Sets `card` on every element under `root` whose `rec` has a valid payload in the page's data island. */
export function applyServerData(root: ParentNode = document): void {
  const island = root.querySelector('script#vitrine-cards[type="application/json"]');
  if (!island?.textContent) return;
  let list: unknown;
  try {
    list = JSON.parse(island.textContent);
  } catch {
    return;
  }
  const cards = new Map<string, CardPayload>();
  for (const item of Array.isArray(list) ? list : []) {
    const parsed = CardPayload.safeParse(item);
    if (parsed.success) cards.set(parsed.data.recommendation.id, parsed.data);
  }
  for (const element of root.querySelectorAll('vitrine-card[rec], vitrine-buy-sheet[rec]')) {
    const card = cards.get(element.getAttribute('rec') ?? '');
    // Set before the element upgrades: Lit keeps the instance property and applies it on the first update.
    if (card) (element as Element & { card?: CardPayload }).card = card;
  }
}
