import { html, type TemplateResult } from 'lit';

/**
 * A link out to a partner shop: a real `<a target="_blank" rel="sponsored
 * noopener">` (middle-click and "open in new tab" work, no popup blocker), its
 * `follow` handler on both `click` and `auxclick`. `href` must already be a
 * checked, decorated URL (from `offerLink` / `planCheckout`).
 */
export function renderPartnerLink(part: string, className: string, href: string, label: string, follow: (event: MouseEvent) => void): TemplateResult {
  return html`<a part=${part} class=${className} href=${href} target="_blank" rel="sponsored noopener" @click=${follow} @auxclick=${follow}>${label}</a>`;
}
