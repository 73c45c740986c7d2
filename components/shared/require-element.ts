/**
 * How an element gets the elements it renders in its shadow root (the buy
 * sheet a card opens, the cards of a shelf, the cart drawer of the cart
 * button). With npm, the registration modules import what they open, so the
 * tag is already defined. The script-tag embed defines elements on demand: it
 * installs a loader here, and the tag's code is fetched the first time it is
 * required (the document-level watcher never sees inside shadow roots).
 */
let loader: ((tag: string) => Promise<boolean>) | undefined;

/** Installs the embed's on-demand loader (internal: the script tag calls it once). */
export function setElementLoader(load: (tag: string) => Promise<boolean>): void {
  loader = load;
}

/**
 * Resolves true once `tag` is defined, loading its code through the embed
 * when there is one; false when it is not defined and cannot be loaded (the
 * page registered the element without what it opens, or the load failed).
 */
export function requireElement(tag: string): Promise<boolean> {
  if (typeof customElements === 'undefined') return Promise.resolve(false);
  if (customElements.get(tag)) return Promise.resolve(true);
  return loader ? loader(tag) : Promise.resolve(false);
}
