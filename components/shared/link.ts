import { html, nothing, type TemplateResult } from 'lit';
import { safeUrl } from '../../src/internal/url.js';

/**
 * A link out to a partner shop: a real `<a target="_blank" rel="sponsored
 * noopener">` (middle-click and "open in new tab" work, no popup blocker), its
 * `follow` handler on both `click` and `auxclick`. `href` is a decorated URL
 * already checked against the partner's allow-list (`offerLink`,
 * `planCheckout`); it is parsed and re-serialised once more here, so nothing
 * but a checked https URL is ever written into `href`.
 */
export function renderPartnerLink(part: string, className: string, href: string, label: string, follow: (event: MouseEvent) => void): TemplateResult | typeof nothing {
  const checked = safeUrl(href);
  return checked
    ? html`<a part=${part} class=${className} href=${checked} target="_blank" rel="sponsored noopener" @click=${follow} @auxclick=${follow}>${label}</a>`
    : nothing;
}
