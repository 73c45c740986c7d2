/**
 * Reads a seed catalog file: JSON whose strings may hold the placeholders
 * `{{shop}}` (the partner-shop origin), `{{shopHost}}` (its hostname) and
 * `{{platform}}` (this platform's origin), validated by `parseCatalog`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ValidationError } from 'vitrine';
import { parseCatalog, type Catalog } from 'vitrine/platform';

/** The demo catalog shipped with the platform. */
export const DEFAULT_SEED = fileURLToPath(new URL('./seed.json', import.meta.url));

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
