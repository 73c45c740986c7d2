import * as z from 'zod/mini';
import { UnsafeLinkError } from '../errors.js';
import { ClickId, LINK_PARAMS } from '../model/attribution.js';
import { isLoopbackHost } from '../internal/url.js';
import { Id } from '../model/common.js';
import type { Partner } from '../model/partner.js';
import { parse } from '../validate.js';

type PartnerHosts = Pick<Partner, 'id' | 'hosts'>;

/** The attribution a decorated link carries. */
export interface LinkAttribution {
  clickId: ClickId;
  creatorId: string;
  recommendationId: string;
}

const LinkAttribution = z.object({ clickId: ClickId, creatorId: Id, recommendationId: Id });

const normalizeHost = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/**
 * True when `hostname` is allowed by `hosts`: an exact match, or a subdomain of
 * an entry written `*.example.com` (which matches neither `example.com` itself
 * nor `evilexample.com`). Case-insensitive; a trailing dot is ignored.
 */
export function hostAllowed(hostname: string, hosts: readonly string[]): boolean {
  const host = normalizeHost(hostname);
  if (!host) return false;
  return hosts.some((entry) => {
    const allowed = normalizeHost(entry);
    if (!allowed.startsWith('*.')) return host === allowed;
    const suffix = allowed.slice(1);
    return host.length > suffix.length && host.endsWith(suffix);
  });
}

/**
 * Parses `url` and checks it may be followed for `partner`: an absolute `https:`
 * URL without credentials or a non-default port, on one of the partner's
 * allow-listed hosts. Returns the parsed URL; throws `UnsafeLinkError` otherwise.
 * A `javascript:` or `data:` URL can never pass; `http:` and ports pass only on
 * an allow-listed loopback host (`localhost`, `127.0.0.1`, `[::1]`), for local
 * development and the demo.
 */
export function checkPartnerUrl(url: string, partner: PartnerHosts): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeLinkError(String(url), 'not an absolute URL', partner.id);
  }
  const loopback = isLoopbackHost(parsed.hostname) && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
  const reason =
    parsed.protocol !== 'https:' && !loopback
      ? 'not https'
      : parsed.username || parsed.password
        ? 'contains credentials'
        : parsed.port && !loopback
          ? 'non-default port'
          : !hostAllowed(parsed.hostname, partner.hosts)
            ? `host ${parsed.hostname} is not allow-listed for partner ${partner.id}`
            : '';
  if (reason) throw new UnsafeLinkError(url, reason, partner.id);
  return parsed;
}

/** True when `checkPartnerUrl(url, partner)` would succeed. */
export function isSafePartnerUrl(url: string, partner: PartnerHosts): boolean {
  try {
    checkPartnerUrl(url, partner);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets query parameters on `url` in place, replacing any existing ones of the
 * same names. Every other parameter is kept byte for byte (a partner may sign
 * its URLs), and so is the hash. Internal: not part of the public barrel.
 */
export function setParams(url: URL, params: Readonly<Record<string, string>>): URL {
  const names = Object.keys(params);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair && !names.includes(new URLSearchParams(pair).keys().next().value ?? ''));
  for (const name of names) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(params[name]!)}`);
  url.search = kept.join('&');
  return url;
}

/**
 * Checks `url` for `partner` (see `checkPartnerUrl`) and returns it with the
 * attribution parameters of `LINK_PARAMS` (`vt_click`, `vt_creator`, `vt_rec`)
 * set, replacing existing ones of those names and keeping everything else.
 * Throws `UnsafeLinkError` for an unsafe link, `ValidationError` for bad attribution.
 */
export function decorateLink(url: string, partner: PartnerHosts, attribution: LinkAttribution): string {
  const checked = checkPartnerUrl(url, partner);
  const { clickId, creatorId, recommendationId } = parse(LinkAttribution, attribution, 'decorateLink', 'invalid_input');
  return setParams(checked, {
    [LINK_PARAMS.clickId]: clickId,
    [LINK_PARAMS.creator]: creatorId,
    [LINK_PARAMS.recommendation]: recommendationId,
  }).href;
}
