import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { safeSrcset, safeUrl } from '../../src/internal/url.js';
import type { Image } from '../../src/model/common.js';

/** `srcset` for an image with renditions, built from checked URLs only; undefined when none is safe. */
export function srcsetOf(image: Image): string | undefined {
  return safeSrcset(image.sources);
}

/** Options of {@link renderImage}. */
export interface ImageOptions {
  part?: string | undefined;
  class?: string | undefined;
  sizes?: string | undefined;
  /** Rendered size, when it differs from the image's intrinsic one (avatars, logos). */
  width?: number | undefined;
  height?: number | undefined;
  /** Default: the image's own `alt`. Decorative images pass `''`. */
  alt?: string | undefined;
}

/**
 * An `<img>` whose `src` and `srcset` are rebuilt from parsed, checked URLs
 * (never pasted from the payload): lazy, async-decoded, with its dimensions so
 * that layout space is reserved. Renders nothing when the source is unsafe.
 */
export function renderImage(image: Pick<Image, 'src' | 'width' | 'height' | 'alt'> & Partial<Pick<Image, 'sources'>>, options: ImageOptions = {}): TemplateResult | typeof nothing {
  const src = safeUrl(image.src);
  if (!src) return nothing;
  return html`<img
    part=${ifDefined(options.part)}
    class=${ifDefined(options.class)}
    src=${src}
    srcset=${ifDefined(options.sizes ? safeSrcset(image.sources) : undefined)}
    sizes=${ifDefined(options.sizes)}
    width=${options.width ?? image.width}
    height=${options.height ?? image.height}
    alt=${options.alt ?? image.alt}
    loading="lazy"
    decoding="async"
  />`;
}

/** A square icon (avatar, partner logo) from a URL that is checked first; nothing when unsafe. */
export function renderIcon(url: string | undefined, size: number): TemplateResult | typeof nothing {
  return url ? renderImage({ src: url, width: size, height: size, alt: '' }) : nothing;
}
