/**
 * Byte figures that need no browser, from the built package (`npm run
 * build:js` first), all gzip -9:
 *
 *   - `dist/vitrine.js`, the file the blogger's `<script>` loads;
 *   - what an application gets when it bundles `import { createVitrine } from
 *     'vitrine'` and `import 'vitrine/components/card'` (esbuild --bundle
 *     --minify, browser, ES2021; zod and Lit included). The package is
 *     imported BY NAME from a scratch directory whose `node_modules/vitrine`
 *     links to this repository, so the bundler goes through package.json
 *     `exports` and `sideEffects` exactly as in an app, whatever the layout of
 *     `dist/`. The card bundle is then run in happy-dom to check that it still
 *     registers `<vitrine-card>` (a bundler drops a registration that
 *     `sideEffects` does not cover).
 *
 * What a page really loads (before its first card, or with every element) is
 * measured in Chromium by the side-by-side run.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Format } from 'esbuild';
import { Window } from 'happy-dom';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const gzipSize = (bytes: Uint8Array | string) => gzipSync(bytes, { level: 9 }).byteLength;

export interface AppBundle {
  /** gzip -9 bytes of the minified bundle. */
  gzip: number;
  /** Minified bytes. */
  minified: number;
}

export interface StaticBytes {
  scriptTag: number;
  createVitrine: AppBundle;
  card: AppBundle & { registersCard: boolean };
}

async function bundle(directory: string, source: string, format: Format): Promise<string> {
  const entry = join(directory, `entry-${format}.js`);
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: directory,
    bundle: true,
    minify: true,
    format,
    platform: 'browser',
    target: 'es2021',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Runs a classic script in a fresh happy-dom window; true when it defined `tag`. */
async function defines(script: string, tag: string): Promise<boolean> {
  const window = new Window({
    url: 'https://app.example/',
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  try {
    const element = window.document.createElement('script');
    element.textContent = script;
    window.document.body.appendChild(element);
    return window.customElements.get(tag) !== undefined;
  } finally {
    await window.happyDOM.close();
  }
}

export async function measureStaticBytes(): Promise<StaticBytes> {
  const scriptTag = gzipSize(await readFile(join(ROOT, 'dist/vitrine.js')));
  const directory = await mkdtemp(join(tmpdir(), 'vitrine-bench-app-'));
  try {
    await mkdir(join(directory, 'node_modules'));
    await symlink(ROOT, join(directory, 'node_modules/vitrine'), 'dir');
    const measure = async (source: string): Promise<AppBundle> => {
      const code = await bundle(directory, source, 'esm');
      return { gzip: gzipSize(code), minified: Buffer.byteLength(code) };
    };
    const createVitrine = await measure("export { createVitrine } from 'vitrine';\n");
    const card = await measure("import 'vitrine/components/card';\n");
    const registersCard = await defines(await bundle(directory, "import 'vitrine/components/card';\n", 'iife'), 'vitrine-card');
    return { scriptTag, createVitrine, card: { ...card, registersCard } };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
