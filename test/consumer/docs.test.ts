/**
 * Every fenced `ts` / `js` block of README.md and docs/ type-checks against the
 * packed package, as a developer who pastes it into a TypeScript project would
 * see it: strict, `moduleResolution: bundler`, the DOM and Node types. (The `tsx`,
 * `vue` and `svelte` blocks are checked inside the framework examples.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, test } from 'vitest';
import { run } from './setup.ts';
import { snippets } from './snippets.ts';

const { app } = inject('consumer');
const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));

test('every ts and js block of README.md and docs/ type-checks against the package', async () => {
  const blocks = snippets(['ts', 'js']);
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const dir = join(app, 'snippets');
  await mkdir(dir, { recursive: true });
  for (const block of blocks) {
    // A module of its own (top-level await, no clashes between blocks).
    await writeFile(join(dir, `${block.name}.${block.language}`), `// ${block.where}\n${block.code}\nexport {};\n`);
  }
  // Packages of the reader's own project that snippets import (a database driver, the test
  // runner): not installed here; the check is about Vitrine's API.
  await writeFile(join(dir, 'ambient.d.ts'), ["declare module 'pg';", "declare module '@electric-sql/pglite';", "declare module 'vitest';", ''].join('\n'));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        strict: true,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        skipLibCheck: true,
      },
      include: ['*.ts', '*.js', 'ambient.d.ts'],
    }),
  );
  const output = await run(tsc, ['-p', dir], dir).catch((error: Error) => error.message);
  expect(output.split('\n').filter((line) => /error TS/.test(line))).toEqual([]);
});
