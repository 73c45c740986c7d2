// Reports gzip sizes of what users download, and fails when a budget is exceeded.
//   core (own code)     dist/index.js and the chunks it imports, dependencies external
//   core (self-contained) src/index.ts bundled with zod/mini and ky, minified
//   embed               dist/vitrine.js, everything inlined (budget 25,000 B)
// Run after `npm run build`: `npm run size`.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const budgets = { core: 8_000, embed: 25_000 };
const rows = [];
let failed = false;

function withImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const match of code.matchAll(/(?:from|import)\s*['"](\.[^'"]+)['"]/g)) withImports(join(dirname(file), match[1]), seen);
  return seen;
}

const coreFiles = [...withImports('dist/index.js')];
rows.push(['core, own code (dist/index.js + chunks)', gzip(Buffer.concat(coreFiles.map((file) => readFileSync(file))))]);

const bundled = await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  platform: 'browser',
  target: 'es2021',
  legalComments: 'none',
});
const core = gzip(bundled.outputFiles[0].contents);
rows.push(['core, self-contained (with zod/mini + ky, minified)', core, budgets.core]);

if (existsSync('dist/vitrine.js')) {
  rows.push(['embed dist/vitrine.js (Lit and everything)', gzip(readFileSync('dist/vitrine.js')), budgets.embed]);
}

for (const [name, size, budget] of rows) {
  const over = budget !== undefined && size > budget;
  failed ||= over && name.startsWith('embed');
  console.log(`${name.padEnd(56)} ${String(size).padStart(7)} B gzip${budget ? `  (budget ${budget} B${over ? ', OVER' : ''})` : ''}`);
}
if (failed) {
  console.error('size: the embed is over its budget');
  process.exit(1);
}
