import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { minifyCssLiterals } from './scripts/minify-css-literals.mjs';

import { readFileSync } from 'node:fs';

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
 * 1. The npm library: ESM entries for the core, `vitrine/server`, `vitrine/platform` (and `/sql`), `vitrine/testing`
 *    and the element modules, sharing chunks, dependencies left external.
 * 2. The script-tag embed: one self-contained, minified file with Lit and
 *    everything else inlined (`dist/vitrine.js`).
 */
const libraryInput = {
  index: 'src/index.ts',
  server: 'src/server/index.ts',
  platform: 'src/platform/index.ts',
  'platform/sql': 'src/platform/sql/index.ts',
  testing: 'src/testing/index.ts',
  components: 'components/index.ts',
};
// One registration module per element: `vitrine/components/card`, …
for (const name of ['root', 'card', 'buy-sheet', 'shelf', 'cart', 'cart-button', 'order-status', 'stats']) {
  libraryInput[`components/${name}`] = `components/${name}/define.ts`;
}
const define = { __VITRINE_VERSION__: JSON.stringify(pkg.version) };

const configs = [
  {
    input: libraryInput,
    onwarn,
    external: isExternal,
    plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', define })],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // The error family in a chunk of its own, free of zod schemas: a partner
      // bundling `verify` from `vitrine/server` gets the errors, not the model.
      manualChunks: (id) => (id.endsWith('/src/errors.ts') ? 'errors' : undefined),
    },
  },
];

configs.push({
    input: 'components/embed.ts',
    onwarn,
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      minifyCssLiterals(),
      esbuild({ target: 'es2021', tsconfig: 'tsconfig.json', minify: true, legalComments: 'none', define }),
    ],
    // A classic script (bloggers paste <script async>): an IIFE leaks no globals
    // but the one it assigns, window.Vitrine.
    output: { file: 'dist/vitrine.js', format: 'iife', sourcemap: true },
  });

export default configs;
