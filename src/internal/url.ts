/**
 * URLs written into attributes (internal). Nothing from the API is pasted into
 * `src`, `srcset`, `href` or `action`: each value is parsed with the platform's
 * own URL parser, checked, and re-serialised (`URL.href`), so whitespace,
 * control characters and a smuggled second `srcset` candidate cannot survive.
 */

/**
 * True for hosts that never leave the machine: `localhost`, `127.0.0.1`, `[::1]`.
 * Only these may be reached over plain `http:` (local development and the demo).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * Parses `value` as an absolute `https:` URL (or `http:` on a loopback host)
 * without credentials; `undefined` for anything else (`javascript:`, `data:`,
 * relative, `http:` on the network, `https://user:pass@…`, not a string).
 */
export function parseHttpsUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  return allowed && !url.username && !url.password ? url : undefined;
}

/** The re-serialised form of a safe URL (see {@link parseHttpsUrl}), ready for an attribute; `undefined` when unsafe. */
export function safeUrl(value: unknown): string | undefined {
  return parseHttpsUrl(value)?.href;
}

/**
 * A `srcset` built from checked URLs only: one `url Nw` candidate per safe
 * source with a positive integer width; unsafe sources are left out.
 * Serialised URLs hold no whitespace, and a trailing comma (which a `srcset`
 * parser would read as the end of a candidate) is percent-encoded, so every
 * candidate stays exactly one URL. `undefined` when no candidate is left.
 */
export function safeSrcset(sources: ReadonlyArray<{ src: string; width: number }> | undefined): string | undefined {
  const candidates: string[] = [];
  for (const { src, width } of sources ?? []) {
    const href = safeUrl(src);
    if (href && Number.isInteger(width) && width > 0) candidates.push(`${href.replace(/,+$/, (commas) => '%2C'.repeat(commas.length))} ${width}w`);
  }
  return candidates.length ? candidates.join(', ') : undefined;
}

/**
 * What is wrong with a platform API address, as a development warning code:
 * `missing-api` (none), `invalid-api` (not an absolute http(s) URL, or with
 * credentials), `api-not-https` (`http:` on a host that is not loopback);
 * `undefined` when it is usable.
 */
export function apiProblem(value: string | null | undefined): 'missing-api' | 'invalid-api' | 'api-not-https' | undefined {
  if (!value) return 'missing-api';
  if (parseHttpsUrl(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && !url.username && !url.password ? 'api-not-https' : 'invalid-api';
  } catch {
    return 'invalid-api';
  }
}
