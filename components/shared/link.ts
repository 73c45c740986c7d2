import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { safeUrl } from '../../src/internal/url.js';

/**
 * A link out to a partner shop: a real `<a target="_blank" rel="sponsored
 * noopener">` (middle-click and "open in new tab" work, no popup blocker), its
 * `follow` handler on both `click` and `auxclick`. `href` is a decorated URL
 * already checked against the partner's allow-list (`offerLink`,
 * `planCheckout`); it is parsed and re-serialised once more here, so nothing
 * but a checked https URL is ever written into `href`.
 *
 * `content` is the label: its text is the accessible name (a shop name cut
 * with an ellipsis on screen is read in full); `title` is the tooltip.
 */
export function renderPartnerLink(
  part: string,
  className: string,
  href: string,
  content: string | TemplateResult,
  follow: (event: MouseEvent) => void,
  title?: string,
): TemplateResult | typeof nothing {
  const checked = safeUrl(href);
  return checked
    ? html`<a
        part=${part}
        class=${className}
        href=${checked}
        target="_blank"
        rel="sponsored noopener"
        title=${ifDefined(title)}
        @click=${follow}
        @auxclick=${follow}
        >${content}</a
      >`
    : nothing;
}
