/**
 * Honest counting: which requests are readers. Unfurlers, crawlers and
 * speculative loads fetch share pages and click links too; counted, they
 * inflate stats and get commissions reversed. One function decides, for every
 * route that counts (`/go/`, QR scans) and for any ingest that wants the same
 * rule.
 */
import { isbot } from 'isbot';

/** Why a request is not counted; `null` when it is a reader's. */
export type InvalidTraffic =
  /** A crawler, unfurler or other automated client (user agent from `isbot`'s maintained list), or no user agent at all. */
  | 'bot'
  /** A prefetch or prerender (`Sec-Purpose`, `Purpose`, `X-Purpose`, `X-Moz`): the reader may never come. */
  | 'speculative';

/**
 * Classifies a request by its headers: `'speculative'` for a prefetch or
 * prerender (`Sec-Purpose: prefetch` / `prefetch;prerender`, the legacy
 * `Purpose: prefetch`, `X-Purpose: preview`, `X-Moz: prefetch`), `'bot'` for a
 * user agent that `isbot` recognises (facebookexternalhit, Twitterbot, Slackbot,
 * Discordbot, TelegramBot, WhatsApp, search crawlers, headless browsers, …) or
 * an empty one; `null` for a reader. Headers only: no network, no state.
 */
export function invalidTraffic(headers: Headers): InvalidTraffic | null {
  const purpose = [headers.get('sec-purpose'), headers.get('purpose'), headers.get('x-purpose'), headers.get('x-moz')].join(',').toLowerCase();
  if (/\b(prefetch|prerender|preview)\b/.test(purpose)) return 'speculative';
  const agent = headers.get('user-agent') ?? '';
  return agent.trim() === '' || isBotAgent(agent) ? 'bot' : null;
}

/** `isbot` with the verdicts of recent user agents kept (its pattern is long; a page sends many requests with one agent). */
const verdicts = new Map<string, boolean>();
function isBotAgent(agent: string): boolean {
  let verdict = verdicts.get(agent);
  if (verdict === undefined) {
    if (verdicts.size >= 1_000) verdicts.clear();
    verdict = isbot(agent);
    verdicts.set(agent, verdict);
  }
  return verdict;
}
