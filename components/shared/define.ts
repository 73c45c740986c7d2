/**
 * Registers `constructor` as `tag` unless the tag is already taken. A blog page
 * may load the embed twice (or two bundles may both contain Vitrine): the second
 * registration is a no-op, never a `NotSupportedError` that breaks the page.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, constructor);
}
