/**
 * Reads a seed catalog file: JSON whose strings may hold the placeholders
 * `{{shop}}` (the partner-shop origin), `{{shopHost}}` (its hostname) and
 * `{{platform}}` (this platform's origin), validated by `parseCatalog`.
 *
 * The demo's seed.json is not written by hand: it is `demoSeed()`, the demo
 * catalog of `vitrine/testing` (the same ids, products, offers and reasons the
 * tests and the README use) moved onto the demo's origins. Regenerate it with
 * `npx node examples/platform/seed.ts --write` (a test fails while it is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ValidationError } from 'vitrine';
import { parseCatalog, type Catalog } from 'vitrine/platform';
import { catalog as demoCatalog } from 'vitrine/testing';

/** The demo catalog shipped with the platform. */
export const DEFAULT_SEED = fileURLToPath(new URL('./seed.json', import.meta.url));

const SEED_COMMENT =
  'The demo catalog of the reference platform, generated from the demo catalog of vitrine/testing (src/testing/fixtures.ts) by examples/platform/seed.ts: do not edit. ' +
  '{{shop}}, {{shopHost}} and {{platform}} are replaced at load time by the shop simulator\'s and the platform\'s origins. ' +
  'Webhook secrets and API keys are DEMO ONLY: public on purpose, never use them for a real platform.';

type Image = { src: string; width: number; height: number; alt: string };

/**
 * The picture the platform serves for a catalog image (`examples/platform/public/img/`),
 * with its own size, or `undefined` when the demo has none for it.
 */
function demoImage(image: { src: string; alt: string }): Image | undefined {
  const match = /\/(products|avatars)\/([\w-]+?)-\d+\.jpg$/.exec(image.src);
  if (!match) return undefined;
  const file = match[1] === 'avatars' ? `avatar-${match[2]}.svg` : `${match[2]}.svg`;
  let svg: string;
  try {
    svg = readFileSync(new URL(`./public/img/${file}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  return { src: `{{platform}}/img/${file}`, width: Number(size![1]), height: Number(size![2]), alt: image.alt };
}

/**
 * The demo catalog on the demo's origins: every partner hosted by the shop
 * simulator (`{{shop}}/<partner>/…`: product pages, checkout, webhooks), images
 * and logos served by the platform. Ids, titles, reasons, prices, stock, SKUs,
 * keys and secrets are the catalog's own.
 */
export function demoSeed(catalog: Catalog = demoCatalog): Record<string, unknown> {
  return {
    $comment: SEED_COMMENT,
    partners: catalog.partners.map((partner) => ({
      ...partner,
      hosts: ['{{shopHost}}'],
      logo: `{{platform}}/img/logo-${partner.id.replace(/^partner-/, '')}.svg`,
      checkoutUrl: `{{shop}}/${partner.id}/checkout`,
      webhookUrl: `{{shop}}/${partner.id}/webhooks/vitrine`,
    })),
    creators: catalog.creators.map(({ avatar, ...creator }) => {
      const image = avatar && demoImage(avatar);
      return { ...creator, ...(image && { avatar: image }) };
    }),
    products: catalog.products.map((product) => ({
      ...product,
      images: product.images.map(demoImage).filter((image) => image !== undefined),
      offers: product.offers.map((offer) => ({ ...offer, url: `{{shop}}/${offer.partnerId}/p/${product.id}` })),
    })),
    recommendations: catalog.recommendations,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(DEFAULT_SEED, `${JSON.stringify(demoSeed(), null, 2)}\n`);
}

/** The origins placeholders are replaced with, e.g. `http://127.0.0.1:8788`. */
export interface SeedOrigins {
  shop: string;
  platform: string;
}

/**
 * Reads and parses the JSON of a seed file. Throws a `ValidationError` (code
 * `config`) naming the file when it cannot be read or is not JSON.
 */
export async function readSeedFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read the file';
    throw new ValidationError(path, [{ message: reason }], 'config');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(path, [{ message: `not valid JSON (${(error as Error).message})` }], 'config');
  }
}

/** Replaces the placeholders in every string of `data` (a parsed seed file); returns a copy. */
export function fillPlaceholders(data: unknown, origins: SeedOrigins): unknown {
  const values: Record<string, string> = { shop: origins.shop, shopHost: new URL(origins.shop).hostname, platform: origins.platform };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\{\{(shop|shopHost|platform)\}\}/g, (_, name: string) => values[name]!);
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    return value;
  };
  return fill(data);
}

/**
 * Reads, fills in and validates a seed catalog. Throws a `ValidationError`
 * (code `config`) whose message names the file, then each problem's path and
 * reason, e.g. `seed.json: recommendations.3.productId: unknown product "p9"`.
 */
export async function readSeed(path: string, origins: SeedOrigins): Promise<Catalog> {
  return parseCatalog(fillPlaceholders(await readSeedFile(path), origins), path);
}
