/**
 * The element that has focus, looking through open shadow roots
 * (`document.activeElement` stops at the outermost host); `undefined` when
 * nothing but the body has focus. Overlays remember it to give focus back.
 */
export function deepActiveElement(root: DocumentOrShadowRoot = document): HTMLElement | undefined {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

const TABBABLE = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]';

/**
 * The elements of `container` that Tab reaches, in tree order: focusable
 * controls that are not disabled, not `tabindex="-1"`, and rendered (hidden
 * ones and those inside `display: none` are left out). Light DOM of
 * `container` only: the overlays' content lives in their own shadow root.
 */
export function tabbables(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) =>
      element.tabIndex >= 0 &&
      !element.hasAttribute('disabled') &&
      !element.closest('[inert]') &&
      (typeof element.checkVisibility === 'function' ? element.checkVisibility() : element.getClientRects().length > 0),
  );
}
