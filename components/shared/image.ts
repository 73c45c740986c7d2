import type { Image } from '../../src/model/common.js';

/** `srcset` for an image with renditions, or undefined. */
export function srcsetOf(image: Image): string | undefined {
  return image.sources?.length ? image.sources.map((source) => `${source.src} ${source.width}w`).join(', ') : undefined;
}
