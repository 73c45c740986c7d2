// Gzip sizes of what users download (`npm run size`, after `npm run build`):
//   client           what `import { createVitrine } from 'vitrine'` adds, minified, zod
//                    external (target 8,000 B), and with zod/mini inlined
//   core             every export of `vitrine`, zod external
//   embed            dist/vitrine.js as built: Lit, zod and every element (target 25,000 B)
//   server           what a partner's app gets for `import { verify } from 'vitrine/server'`,
//                    bundled from dist/ through package.json exports (ceiling 4,000 B)
// A target is reported; a ceiling fails the run, so that size never grows unnoticed.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function bundle(external, contents = "export * from './src/index.ts';", loader = 'ts') {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    target: 'es2021',
    legalComments: 'none',
    external,
    logLevel: 'silent',
  });
  return gzip(result.outputFiles[0].contents);
}

const clientOnly = "export { createVitrine } from './src/index.ts';";
const rows = [
  { name: 'client: createVitrine (minified, zod external)', size: await bundle(['zod', 'zod/*'], clientOnly), target: 8_000, ceiling: 10_000 },
  { name: 'client: createVitrine with zod/mini inlined', size: await bundle([], clientOnly) },
  { name: 'core: every export of `vitrine` (zod external)', size: await bundle(['zod', 'zod/*']), ceiling: 15_000 },
  { name: 'core, bundled with zod/mini (minified)', size: await bundle([]) },
  { name: 'embed dist/vitrine.js (Lit, zod, all elements)', size: gzip(readFileSync('dist/vitrine.js')), target: 25_000, ceiling: 45_000 },
  // The package resolves itself by name: dist/ as published, chunks and "sideEffects" included.
  { name: "server: { verify } from 'vitrine/server' (dist)", size: await bundle([], "export { verify } from 'vitrine/server';", 'js'), ceiling: 4_000 },
];

let failed = false;
for (const { name, size, target, ceiling } of rows) {
  const notes = [];
  if (target) notes.push(`target ${target} B${size > target ? ' (not met)' : ''}`);
  if (ceiling) notes.push(`ceiling ${ceiling} B${size > ceiling ? ' EXCEEDED' : ''}`);
  failed ||= ceiling !== undefined && size > ceiling;
  console.log(`${name.padEnd(50)} ${String(size).padStart(7)} B gzip${notes.length ? `  (${notes.join(', ')})` : ''}`);
}
if (failed) {
  console.error('size: a bundle grew past its ceiling');
  process.exit(1);
}
