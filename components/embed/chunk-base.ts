/**
 * Where the embed's chunks live: `embed/` beside `vitrine.js`, resolved
 * against the URL the script was loaded from (a CDN path, a versioned
 * directory, the page's own origin), never against the page.
 */
let base: URL | undefined;

/** Sets the directory of the chunks (the loader calls it first). */
export function setChunkBase(url: URL): void {
  base = url;
}

/** The absolute URL of chunk `file`. */
export function chunkUrl(file: string): string {
  if (!base) throw new Error('[vitrine] the embed loaded a chunk before it knew its own URL');
  return new URL(file, base).href;
}
