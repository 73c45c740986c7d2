import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';

/**
 * A throw-away site for the script tag, as a blogger's host serves it: `pages`
 * (file name → HTML) at the root, and the built `dist/vitrine.js`,
 * `dist/vitrine.css` and the `embed/` chunks under `base` (a CDN-like path such
 * as `npm/vitrine@0.1.0/dist`, or the root). Serve `dir` with the consumer
 * suite's `openApp`; `remove()` deletes it.
 */
export async function scriptTagSite(prefix: string, pages: Readonly<Record<string, string>>, base = ''): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const [name, html] of Object.entries(pages)) await writeFile(join(dir, name), html);
  const dist = join(dir, base);
  await mkdir(join(dist, 'embed'), { recursive: true });
  await cp('dist/vitrine.js', join(dist, 'vitrine.js'));
  await cp('dist/vitrine.css', join(dist, 'vitrine.css'));
  await cp('dist/embed', join(dist, 'embed'), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Registers a suite's `beforeAll` / `afterAll` for a {@link scriptTagSite} and a
 * Chromium (nothing without `chromiumPath`); read `dir` and `browser` inside tests.
 */
export function useScriptTagSite(chromiumPath: string | undefined, prefix: string, pages: Readonly<Record<string, string>>, base = ''): { readonly dir: string; readonly browser: Browser } {
  let site: Awaited<ReturnType<typeof scriptTagSite>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!chromiumPath) return;
    site = await scriptTagSite(prefix, pages, base);
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.remove();
  });
  return {
    get dir() {
      return site!.dir;
    },
    get browser() {
      return browser!;
    },
  };
}
