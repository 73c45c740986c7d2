import esbuild from 'rollup-plugin-esbuild';
import { embedConfigs, hydrateConfig } from './scripts/embed-build.mjs';

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), 'msw', 'msw/node'];
/** Warnings about third-party sources (zod's comments and cycles) are theirs; ours still show. */
const onwarn = (warning, warn) => {
  const where = warning.id ?? warning.ids?.join(' ') ?? warning.cycle?.join(' ') ?? '';
  if (where.includes('node_modules')) return;
  warn(warning);
};
const isExternal = (id) => external.some((name) => id === name || id.startsWith(`${name}/`));

/**
 * 1. The npm library: one ESM file per source module (`preserveModules`), so
 *    every registration module is a stable file that `"sideEffects"` names and
 *    no hashed chunk ever holds a `define()` call. Dependencies stay external.
 *    The inputs are the targets of `package.json` `exports` (a new entry is one
 *    line there): `./dist/src/server/index.js` is built from `src/server/index.ts`.
 * 2. The script-tag embed: the loader `dist/vitrine.js` (a classic script with
 *    the core) and its chunks `dist/embed/*.js`, one per element and per lazy
 *    part, sharing the loader's core (see scripts/embed-build.mjs).
 *    The hydration script (`dist/vitrine-hydrate.js`) is the same embed with
 *    Lit's hydration support, in one self-contained file.
 */
const SCRIPT_TAGS = new Set(['./dist/vitrine.js', './dist/vitrine.dev.js', './dist/vitrine-hydrate.js']);

export function libraryInputs(exports = pkg.exports) {
  const inputs = [];
  for (const [subpath, target] of Object.entries(exports)) {
    // `default`, and `browser` where an entry has one (vitrine/ssr without the renderer).
    const files = typeof target === 'string' ? [target] : [target?.default, target?.browser];
    for (const file of files) {
      // The script-tag bundles (configs below) and the generated framework types are not library modules.
      if (!file?.endsWith('.js') || SCRIPT_TAGS.has(file) || file.startsWith('./dist/frameworks/')) continue;
      if (!/^\.\/dist\/(src|components)\//.test(file)) {
        throw new Error(`package.json exports["${subpath}"]: "${file}" must mirror its source, e.g. ./dist/src/platform/index.js for src/platform/index.ts`);
      }
      const source = file.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
      if (!source.includes('*')) {
        inputs.push(source);
        continue;
      }
      // A pattern entry (`./components/*`): every directory that has the file.
      const [dir, rest] = source.split('/*');
      for (const name of readdirSync(dir).sort()) {
        const blocked = exports[subpath.replace('*', name)] === null; // e.g. "./components/shared": null
        if (!blocked && existsSync(`${dir}/${name}${rest}`)) inputs.push(`${dir}/${name}${rest}`);
      }
    }
  }
  return inputs;
}

// Only the JavaScript outputs: `dist/types` (tsc) is left alone.
for (const stale of ['dist/src', 'dist/components', 'dist/chunks', 'dist/development']) rmSync(stale, { recursive: true, force: true });
for (const file of existsSync('dist') ? readdirSync('dist') : []) {
  if (/\.js(\.map)?$/.test(file)) rmSync(`dist/${file}`);
}

/*
 * Production and development builds (Lit's scheme): `__VITRINE_DEV__` is
 * `false` in `dist/` and `dist/vitrine.js`, so every development warning
 * (`if (DEV_MODE)`, src/internal/dev.ts) and its texts are dead code there;
 * `true` in `dist/development/` (the `development` export condition, which
 * Vite's dev server, webpack's development mode and `node --conditions
 * development` pick) and `dist/vitrine.dev.js` (the script tag while setting
 * up a page).
 */
const define = { __VITRINE_VERSION__: JSON.stringify(pkg.version), __VITRINE_DEV__: 'false' };
const devDefine = { ...define, __VITRINE_DEV__: 'true' };

const library = (dir, values) => ({
  input: libraryInputs(),
  onwarn,
  external: isExternal,
  // minifySyntax folds `typeof false === 'boolean' ? false : true` to `false`, so a bundler drops the dead branches.
  plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', define: values, minifySyntax: values === define })],
  output: {
    dir,
    format: 'es',
    sourcemap: true,
    preserveModules: true,
    preserveModulesRoot: '.',
    entryFileNames: '[name].js',
  },
});

const configs = [library('dist', define), library('dist/development', devDefine)];

// 2. The script-tag embed: a loader and its chunks (scripts/embed-build.mjs), for production
//    (dist/vitrine.js, dist/embed/) and development (dist/vitrine.dev.js, dist/embed-dev/).
export default async () => [
  ...configs,
  ...(await embedConfigs({ define, onwarn })),
  ...(await embedConfigs({ define: devDefine, onwarn, file: 'dist/vitrine.dev.js', dir: 'dist/embed-dev', development: true })),
  // The same embed with Lit's hydration support, for server-rendered pages (`dist/vitrine-hydrate.js`).
  await hydrateConfig({ define, onwarn }),
];
