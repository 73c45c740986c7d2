import { RequestError } from '../errors.js';

/**
 * A part of the SDK loaded on first use (internal). `load` is a dynamic
 * `import()`: bundlers put its module in a chunk of its own, so what a page
 * never uses is never downloaded. Memoized; a failed load (offline, a CDN
 * hiccup) is forgotten, so that the next call tries again, and surfaces as a
 * `RequestError` with code `network`.
 */
export function lazy<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new RequestError('network', `Loading Vitrine's ${what} module failed`, undefined, { cause });
    }));
}
