/**
 * The import direction of docs/architecture.md, enforced over the module graph:
 * every import and re-export (type-only ones included) of every source file in
 * src/, components/, examples/ and test/ is resolved to a room and checked
 * against the rules below. A violation fails with the file, the line and the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Where a module lives. Order matters: the first prefix that matches wins. */
const ROOMS = [
  ['base', ['src/model/', 'src/internal/', 'src/errors.ts', 'src/validate.ts']],
  ['core', ['src/attribution/', 'src/cart/', 'src/client/', 'src/i18n/', 'src/share/', 'src/index.ts']],
  ['server', ['src/server/']],
  ['platform', ['src/platform/']],
  ['testing', ['src/testing/']],
  // Before the elements: components/ssr/ is a room of its own (it alone imports @lit-labs/ssr).
  ['ssr', ['components/ssr/']],
  ['elements', ['components/']],
  ['examples', ['examples/']],
  ['tests', ['test/']],
] as const;
type Room = (typeof ROOMS)[number][0];

/**
 * What a room's shipped (non-test) modules may import, by room. The arrows of
 * the architecture: base ← core ← elements; base ← server ← platform ← testing
 * (the platform reuses core's link checks). Examples use the package by name only.
 */
const MAY_IMPORT: Record<Room, readonly Room[]> = {
  base: ['base'],
  core: ['base', 'core'],
  server: ['base', 'server'],
  platform: ['base', 'core', 'server', 'platform'],
  testing: ['base', 'core', 'server', 'platform', 'testing'],
  elements: ['base', 'core', 'elements'],
  // Server rendering of the elements: the only room that imports both the elements and @lit-labs/ssr.
  ssr: ['base', 'core', 'elements', 'ssr'],
  examples: ['examples'],
  tests: ['base', 'core', 'server', 'platform', 'testing', 'elements', 'ssr', 'examples', 'tests'],
};

/** The package's own entry points, as examples import them. */
const PACKAGE_ENTRIES: Record<string, Room> = {
  vitrine: 'core',
  'vitrine/server': 'server',
  'vitrine/platform': 'platform',
  'vitrine/platform/sql': 'platform',
  'vitrine/testing': 'testing',
  'vitrine/components': 'elements',
  'vitrine/elements': 'elements',
  'vitrine/vitrine.js': 'elements',
  'vitrine/vitrine.dev.js': 'elements',
  'vitrine/ssr': 'ssr',
  'vitrine/vitrine-hydrate.js': 'elements',
  // Framework typings generated from the custom-elements manifest.
  'vitrine/react': 'elements',
  'vitrine/vue': 'elements',
  'vitrine/svelte': 'elements',
};

/** npm packages shipped code may import: the runtime dependencies and peers (msw for `vitrine/testing`). */
const RUNTIME_PACKAGES = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);

const isTest = (file: string) => /(^|\/)test\/|\.test\.ts$|\.bench\.ts$|(^|\/)test-[\w-]+\.ts$/.test(file);

function roomOf(file: string): Room | null {
  for (const [room, prefixes] of ROOMS) if (prefixes.some((prefix) => file === prefix || file.startsWith(prefix))) return room;
  return null;
}

/** One import or re-export: its specifier and line. */
interface ImportSite {
  specifier: string;
  line: number;
}

// An import/export clause: `type`?, then `{ … }`, `* as x`, `x`, `x, { … }` or `x, * as y`.
const CLAUSE = String.raw`(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)`;
const STATIC = new RegExp(String.raw`^(?:import|export)\s+${CLAUSE}\s*from\s*(['"])([^'"\n]+)\1`, 'gm');
const BARE = /^import\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/**
 * The module specifiers of a source file. Statements are found at line starts
 * (the code is formatted); any other line starting with `import ` or
 * `export … from` is reported as unparsed rather than silently skipped.
 */
export function importsOf(source: string): { imports: ImportSite[]; unparsed: number[] } {
  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  const imports: ImportSite[] = [];
  const starts = new Set<number>();
  for (const pattern of [STATIC, BARE, DYNAMIC]) {
    for (const match of source.matchAll(pattern)) {
      imports.push({ specifier: match[2]!, line: lineAt(match.index) });
      starts.add(lineAt(match.index));
    }
  }
  const unparsed: number[] = [];
  source.split('\n').forEach((text, i) => {
    const statement = /^import[\s{*'"]/.test(text) || /^export\s.*\sfrom\s*['"]/.test(text) || /^export\s+(type\s+)?\{\s*$/.test(text);
    if (statement && !starts.has(i + 1) && !/^import\s*\(/.test(text)) unparsed.push(i + 1);
  });
  return { imports: imports.sort((a, b) => a.line - b.line), unparsed };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'public' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

type Target = { kind: 'file'; file: string; room: Room | null } | { kind: 'package'; name: string; room: Room | null } | { kind: 'node' } | { kind: 'build' };

/** Modules the embed build provides (scripts/embed-build.mjs), and the one file that may import each. */
const BUILD_MODULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^vitrine:embed\/modules$/, 'components/embed.ts'],
  [/^vitrine:embed\/messages\/[\w-]+$/, 'components/embed/locales.ts'],
];
const buildModuleImporter = (specifier: string) => BUILD_MODULES.find(([pattern]) => pattern.test(specifier))?.[1];

function resolveImport(from: string, specifier: string): Target {
  if (specifier.startsWith('node:')) return { kind: 'node' };
  if (buildModuleImporter(specifier)) return { kind: 'build' };
  if (specifier.startsWith('.')) {
    const file = relative(ROOT, resolve(ROOT, dirname(from), specifier)).replace(/\.js$/, '.ts');
    return { kind: 'file', file, room: roomOf(file) };
  }
  const own = specifier === pkg.name || specifier.startsWith(`${pkg.name}/`);
  const entry = specifier.startsWith('vitrine/components/') ? 'elements' : PACKAGE_ENTRIES[specifier];
  return { kind: 'package', name: specifier, room: own ? (entry ?? null) : null };
}

/** Every rule broken by `file`'s imports, as `file:line: message`. */
function violations(file: string, source: string): string[] {
  const room = roomOf(file);
  if (!room) return [];
  const test = isTest(file);
  const out: string[] = [];
  const fail = (line: number, message: string) => out.push(`${file}:${line}: ${message}`);
  const { imports, unparsed } = importsOf(source);
  for (const line of unparsed) fail(line, 'an import the checker cannot read: keep import statements on line starts, in the usual form');

  for (const { specifier, line } of imports) {
    const target = resolveImport(file, specifier);
    if (target.kind === 'build') {
      const importer = buildModuleImporter(specifier);
      if (file !== importer) fail(line, `"${specifier}" exists only in the embed build: only ${importer} imports it`);
      continue;
    }
    if (target.kind === 'file' && target.file.startsWith('dist/')) fail(line, `imports the build output "${specifier}": import the sources`);
    if (room === 'examples') {
      // Examples show what integrators write: the package by its name, never its files.
      if (target.kind === 'file' && target.room !== 'examples') fail(line, `examples import the package by name, not "${specifier}"`);
      if (target.kind === 'package' && target.name.startsWith(`${pkg.name}/`) && target.room === null) fail(line, `"${specifier}" is not an entry of package.json exports`);
      continue;
    }
    if (target.kind === 'file' && target.file.startsWith('components/') && file.startsWith('src/')) {
      fail(line, `src/ never imports components/ ("${specifier}")`);
      continue;
    }
    if (test || room === 'tests') continue;
    if (target.kind === 'node') fail(line, `shipped code runs on any runtime: no "${specifier}" (Web APIs only)`);
    else if (target.kind === 'package' && target.room === null && !RUNTIME_PACKAGES.has(packageName(target.name))) {
      fail(line, `"${packageName(target.name)}" is not a runtime dependency of ${pkg.name} (package.json "dependencies" or "peerDependencies")`);
    } else if (target.kind === 'package' && target.room !== null) {
      fail(line, `imports its own package by name ("${specifier}"): use a relative path`);
    } else if (target.kind === 'file' && target.room !== null && !MAY_IMPORT[room].includes(target.room)) {
      fail(line, `${room} (${file.split('/').slice(0, 2).join('/')}) may not import ${target.room} ("${specifier}"); allowed: ${MAY_IMPORT[room].join(', ')}`);
    }
  }
  return out;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('import direction', () => {
  const files = ['src', 'components', 'examples', 'test'].flatMap(sourceFiles);

  it('reads every kind of import statement, type-only and multi-line ones included', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.js';",
      "import * as z from 'zod/mini';",
      "import e, { f } from 'e';",
      "import './side-effect.js';",
      "export { g } from './g.js';",
      "export * from './h.js';",
      "export type { I } from './i.js';",
      'export {',
      '  j,',
      "} from './j.js';",
      "const k = await import('./k.js');",
      " * import { nope } from 'in-a-comment';",
      "const text = 'import { nope } from \"in-a-string\"';",
      'export const l = Array.from(\'x\');',
    ].join('\n');
    const { imports, unparsed } = importsOf(source);
    expect(imports.map((site) => site.specifier)).toEqual(['./a.js', '../b.js', './c.js', 'zod/mini', 'e', './side-effect.js', './g.js', './h.js', './i.js', './j.js', './k.js']);
    expect(unparsed).toEqual([]);
    expect(importsOf("import {\n  a\n} from './a.js'").imports[0]?.line).toBe(1);
    expect(importsOf('import data from\n"./x.json" with { type: "json" };').imports[0]?.specifier).toBe('./x.json');
    expect(importsOf('const a = 1;\nimport weird from `./template.js`;').unparsed).toEqual([2]);
  });

  it('catches each kind of violation', () => {
    const check = (file: string, line: string) => violations(file, line);
    expect(check('src/server/x.ts', "import { createPlatform } from '../platform/platform.js';")).toEqual([
      'src/server/x.ts:1: server (src/server) may not import platform ("../platform/platform.js"); allowed: base, server',
    ]);
    expect(check('src/client/x.ts', "import { verify } from '../server/webhooks.js';")[0]).toMatch(/core .* may not import server/);
    expect(check('src/model/x.ts', "import type { Card } from '../../components/card/card.js';")[0]).toMatch(/src\/ never imports components/);
    expect(check('src/cart/x.test.ts', "import '../../components/cart/define.js';")[0]).toMatch(/src\/ never imports components/);
    expect(check('components/card/x.ts', "import { createPlatform } from '../../src/platform/index.js';")[0]).toMatch(/elements .* may not import platform/);
    expect(check('src/platform/x.ts', "import { readFile } from 'node:fs/promises';")[0]).toMatch(/no "node:fs\/promises"/);
    expect(check('src/platform/sql/x.ts', "import pg from 'pg';")[0]).toMatch(/"pg" is not a runtime dependency/);
    expect(check('src/server/x.ts', "import { x } from 'vitrine';")[0]).toMatch(/own package by name/);
    expect(check('examples/x.ts', "import { x } from '../src/index.ts';")[0]).toMatch(/by name/);
    expect(check('examples/x.ts', "import { x } from 'vitrine/nope';")[0]).toMatch(/not an entry/);
    expect(check('src/testing/x.ts', "import { x } from '../../dist/index.js';")[0]).toMatch(/build output/);
    // Allowed: tests may use Node, platform reuses core's link checks, examples use the package.
    expect(check('src/platform/x.test.ts', "import { randomBytes } from 'node:crypto';")).toEqual([]);
    expect(check('src/platform/x.ts', "import { isSafePartnerUrl } from '../attribution/links.js';")).toEqual([]);
    expect(check('examples/x.ts', "import { createPlatform } from 'vitrine/platform';")).toEqual([]);
    expect(check('components/ssr/x.ts', "import { VitrineCard } from '../card/card.js';")).toEqual([]);
    expect(check('components/ssr/x.ts', "import { createPlatform } from '../../src/platform/index.js';")[0]).toMatch(/ssr .* may not import platform/);
    expect(check('components/card/x.ts', "import { renderCardHtml } from '../ssr/index.js';")[0]).toMatch(/elements .* may not import ssr/);
    expect(check('src/platform/x.ts', "import { renderCardHtml } from '../../components/ssr/index.js';")[0]).toMatch(/src\/ never imports components/);
  });

  it('knows the room of every file under src/ and components/', () => {
    // A new folder needs its place in ROOMS (and in docs/architecture.md) before the rules can hold for it.
    expect(files.filter((file) => roomOf(file) === null)).toEqual([]);
  });

  it('holds for every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('maps every entry of package.json exports to a room', () => {
    const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    // Blocked subpaths (`null`), patterns, JSON files and the stylesheet aside.
    const code = Object.keys(exports).filter((key) => exports[key] !== null && !key.endsWith('.json') && !key.endsWith('.css') && !key.includes('*'));
    for (const key of code) expect(PACKAGE_ENTRIES[key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`], key).toBeDefined();
  });
});
