/**
 * What the consumer suite builds: one probe per public entry of the installed
 * package, read from its `package.json` `exports` (a new entry is covered the day
 * it is added), plus named-import probes with optional size budgets. And the three
 * bundlers, each configured as a plain production app would be.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { build as esbuild } from 'esbuild';
import { rollup } from 'rollup';
import { minify } from 'rollup-plugin-esbuild';
import { build as vite } from 'vite';

export interface Probe {
  /** Shown in the size table: `vitrine/components/card` or `import { verify } from 'vitrine/server'`. */
  name: string;
  /** The app's main.js. */
  code: string;
  /** Tags the page must define after loading, exactly (none for side-effect-free entries). */
  tags: string[];
  /** gzip bytes the bundle may not exceed. */
  budget?: number | undefined;
  /**
   * The script tag (`vitrine.js`, or `vitrine.dev.js`): not bundled, since its
   * chunks (`dist/embed/`, `dist/embed-dev/`) are found beside it at run time. The installed files are
   * served as a CDN would serve them and loaded with a `<script>`; every
   * bundler's run measures the same files.
   */
  script?: string;
}

/**
 * Named imports whose cost matters on their own, measured like the entries. A
 * partner verifying our webhooks gets Standard Webhooks and the error guards, no
 * platform code: at most 4,000 B gzip with any bundler.
 */
export const NAMED_PROBES: { name: string; code: string; budget?: number }[] = [
  { name: "import { createVitrine } from 'vitrine'", code: "import { createVitrine } from 'vitrine';\nwindow.__entry = { createVitrine };" },
  { name: "import { verify } from 'vitrine/server'", code: "import { verify } from 'vitrine/server';\nwindow.__entry = { verify };", budget: 4_000 },
  {
    name: "import { isVitrineError, verify } from 'vitrine/server'",
    code: "import { isVitrineError, verify } from 'vitrine/server';\nwindow.__entry = { isVitrineError, verify };",
    budget: 4_000,
  },
];

interface PackageJson {
  name: string;
  exports: Record<string, string | null | { types?: string; default?: string }>;
  sideEffects: string[];
}
interface Manifest {
  modules: { path: string; declarations?: { tagName?: string; dependencies?: string[] }[]; exports?: { kind: string; name: string }[] }[];
}

/** Every tag the package's custom-elements.json declares. */
export function manifestTags(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'custom-elements.json'), 'utf8')) as Manifest;
  return manifest.modules.flatMap((module) => module.declarations ?? []).flatMap((declaration) => (declaration.tagName ? [declaration.tagName] : [])).sort();
}

/** Every subpath of `exports` with JavaScript behind it, patterns expanded against the package's files. */
export function entryPoints(packageDir: string): { specifier: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
  const entries: { specifier: string; file: string }[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : target?.default;
    if (!file?.endsWith('.js')) continue; // package.json, custom-elements.json, blocked paths
    if (!subpath.includes('*')) {
      entries.push({ specifier: `${pkg.name}${subpath.slice(1)}`, file });
      continue;
    }
    const [before, after] = file.split('*') as [string, string];
    for (const name of readdirSync(join(packageDir, before)).sort()) {
      const expanded = subpath.replace('*', name);
      if (pkg.exports[expanded] === null || !existsSync(join(packageDir, `${before}${name}${after}`))) continue;
      entries.push({ specifier: `${pkg.name}${expanded.slice(1)}`, file: `${before}${name}${after}` });
    }
  }
  return entries;
}

/** A module that exports nothing and does nothing: a types-only entry (`vitrine/react`). */
const typesOnly = (packageDir: string, file: string) =>
  readFileSync(join(packageDir, file), 'utf8')
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, '') === 'export{};';

/**
 * One probe per entry. A registration entry (named in `sideEffects`) is imported
 * for its effect alone, as `import 'vitrine/components/card'` is written in an app,
 * and must define the tags the manifest says its module registers (with their
 * dependencies), or every tag for a module that registers others (the barrel, the
 * script tag). Any other entry is imported whole and must define no tag at all.
 */
export function entryProbes(packageDir: string): Probe[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
  const manifest = JSON.parse(readFileSync(join(packageDir, 'custom-elements.json'), 'utf8')) as Manifest;
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName);
  const allTags = declarations.map((declaration) => declaration.tagName!).sort();
  const withDependencies = (tags: string[]): string[] => {
    const found = new Set<string>();
    const visit = (tag: string) => {
      if (found.has(tag)) return;
      found.add(tag);
      for (const dependency of declarations.find((declaration) => declaration.tagName === tag)?.dependencies ?? []) visit(dependency);
    };
    tags.forEach(visit);
    return [...found].sort();
  };
  const probes: Probe[] = [];
  for (const { specifier, file } of entryPoints(packageDir)) {
    if (typesOnly(packageDir, file)) continue;
    if (file === './dist/vitrine.js' || file === './dist/vitrine.dev.js') {
      // Elements are defined when the page first uses their tag: none on an empty page.
      probes.push({ name: specifier, code: '', tags: [], script: file.slice('./dist/'.length) });
    } else if (file === './dist/vitrine-hydrate.js') {
      // Self-contained (every element inlined), but a loader too: tags are defined when the page uses them.
      probes.push({ name: specifier, code: `import '${specifier}';\nwindow.__entry = {};`, tags: [] });
    } else if (pkg.sideEffects.includes(file)) {
      const source = file.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
      const defined = manifest.modules.find((module) => module.path === source)?.exports?.filter((entry) => entry.kind === 'custom-element-definition').map((entry) => entry.name);
      probes.push({ name: specifier, code: `import '${specifier}';\nwindow.__entry = {};`, tags: defined?.length ? withDependencies(defined) : allTags });
    } else {
      probes.push({ name: specifier, code: `import * as entry from '${specifier}';\nwindow.__entry = entry;`, tags: [] });
    }
  }
  return probes;
}

export type Bundler = 'vite' | 'rollup' | 'esbuild';
export const BUNDLERS: Bundler[] = ['vite', 'rollup', 'esbuild'];

/** The script tag as a blogger pastes it; `__done` once it ran. */
const SCRIPT_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body><script src="./vitrine.js"></script><script>window.__entry = {}; window.__done = true;</script></body></html>\n';
const HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body><script type="module" src="./main.js"></script></body></html>\n';

/**
 * Builds `probe` for production with `bundler` in `appDir` (where the tarball is
 * installed) into `<appDir>/out/<slug>/<bundler>/`, and returns that directory
 * with the gzip size of the JavaScript it holds.
 */
export async function buildProbe(appDir: string, slug: string, probe: Probe, bundler: Bundler): Promise<{ outDir: string; gzip: number }> {
  // One source directory per bundler: the three build the same probe at the same time.
  const source = join(appDir, 'probes', slug, bundler);
  const outDir = join(appDir, 'out', slug, bundler);
  await mkdir(source, { recursive: true });
  await writeFile(join(source, 'main.js'), `${probe.code}\nwindow.__done = true;\n`);
  await writeFile(join(source, 'index.html'), HTML);
  await rm(outDir, { recursive: true, force: true });
  if (probe.script) {
    const dist = join(appDir, 'node_modules', 'vitrine', 'dist');
    await mkdir(outDir, { recursive: true });
    const chunks = probe.script === 'vitrine.dev.js' ? 'embed-dev' : 'embed';
    await cp(join(dist, probe.script), join(outDir, probe.script));
    await cp(join(dist, chunks), join(outDir, chunks), { recursive: true });
    await writeFile(join(outDir, 'index.html'), SCRIPT_HTML.replace('./vitrine.js', `./${probe.script}`));
  } else if (bundler === 'vite') {
    await vite({ root: source, configFile: false, envFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } else if (bundler === 'rollup') {
    const bundle = await rollup({ input: join(source, 'main.js'), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
    await bundle.write({ dir: outDir, format: 'es', entryFileNames: 'main.js', plugins: [minify({ legalComments: 'none' })] });
    await bundle.close();
    await writeFile(join(outDir, 'index.html'), HTML);
  } else {
    await esbuild({
      absWorkingDir: source,
      entryPoints: ['main.js'],
      bundle: true,
      minify: true,
      format: 'esm',
      splitting: true,
      platform: 'browser',
      outdir: outDir,
      logLevel: 'silent',
      legalComments: 'none',
    });
    await writeFile(join(outDir, 'index.html'), HTML);
  }
  return { outDir, gzip: gzipOfScripts(outDir) };
}

/** gzip -9 bytes of every .js file under `dir`, added up. */
export function gzipOfScripts(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (entry.endsWith('.js') && statSync(path).isFile()) total += gzipSync(readFileSync(path), { level: 9 }).length;
  }
  return total;
}
