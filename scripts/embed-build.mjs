/**
 * The script-tag build (`dist/vitrine.js` + `dist/embed/*.js`), separate from the
 * npm build. Three passes, all Rollup:
 *
 * 1. Discovery (in memory): the loader `components/embed.ts` is resolved with
 *    its dynamic imports left out. Its modules are "the core": configuration,
 *    the client, validation (zod included), what every page needs first.
 * 2. Chunks (`dist/embed/`, ESM, content-hashed names): every module the
 *    loader imports dynamically (each element class, the lazy parts of the
 *    client) is an entry; Rollup splits what they share (Lit, the element
 *    base, styles) into common chunks. A chunk never gets its own copy of a
 *    core module: each import of one becomes a read from the loader's modules
 *    (`window.Vitrine[Symbol.for('vitrine:embed-modules')]`), so there is one
 *    configuration, one client, one set of error classes on the page. Modules
 *    that only re-export (`export * from`) are the exception: they hold
 *    nothing and are bundled into chunks, their own imports bridged.
 * 3. The loader (`dist/vitrine.js`, a classic script, IIFE): the core, the
 *    exports the chunks use (and only those, collected in pass 2), and each
 *    dynamic import replaced by a load of its chunk together with every chunk
 *    it imports, all at once (no waterfall), from URLs resolved against the
 *    script's own location.
 *
 * `dist/embed/manifest.json` lists the chunks: what the loader loads for each
 * tag, and their sizes are what `npm run size` budgets.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { build as esbuildBundle } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import MagicString from 'magic-string';
import { rollup } from 'rollup';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { minifyCssLiterals } from './minify-css-literals.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const LOADER = resolve(ROOT, 'components/embed.ts');
const MODULES_ID = 'vitrine:embed/modules';
const BRIDGE_PREFIX = '\0vitrine-core:';
const BRIDGE_RUNTIME = '\0vitrine-core';
const CHUNKS_ID = '\0vitrine-chunks';
const MESSAGES_FILE = resolve(ROOT, 'src/i18n/messages.ts');
const EMBED_MESSAGES_FILE = resolve(ROOT, 'components/embed/messages.ts');
const LOCALE_ID = 'vitrine:embed/messages/';

const rel = (id) => relative(ROOT, id).split('\\').join('/');
/** A chunk entry's name in the manifest: its source path, or a generated module's id. */
const entryKey = (id) => (id.startsWith('\0') ? id.slice(1) : rel(id));
const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name);

/**
 * @param {{
 *   define: Record<string, string>,
 *   onwarn: import('rollup').WarningHandlerWithDefault,
 *   file?: string,
 *   dir?: string,
 *   development?: boolean,
 * }} options `file`: the loader; `dir`: its chunks (the loader finds them
 *   relative to its own URL); `development`: Lit's and Vitrine's development
 *   builds (the `development` export condition), readable output.
 * @returns {Promise<import('rollup').RollupOptions[]>}
 */
export async function embedConfigs({ define: values, onwarn, file = 'dist/vitrine.js', dir = 'dist/embed', development = false }) {
  const OUT = dir;
  const define = { ...values, __VITRINE_EMBED_DIR__: JSON.stringify(`${relative(dirname(file), dir).split('\\').join('/')}/`) };
  // Modules are transpiled without minifying, so that pure annotations
  // (@__NO_SIDE_EFFECTS__ on the schema builders) reach tree-shaking; each
  // output is minified as a whole.
  const transpile = [
    nodeResolve({ browser: true, exportConditions: [development ? 'development' : 'production'] }),
    ...(development ? [] : [minifyCssLiterals()]),
    esbuild({ target: 'es2021', tsconfig: 'tsconfig.json', legalComments: 'none', define }),
  ];
  // The development build stays readable, but its local names are shortened: Lit's development
  // build names a variable `global`, which publint's format check reads as CommonJS.
  const minified = development
    ? minify({ target: 'es2021', legalComments: 'none', minifyWhitespace: false, minifySyntax: false, minifyIdentifiers: true })
    : minify({ target: 'es2021', legalComments: 'none' });
  const messages = await localeTables();
  /**
   * One chunk per locale: `vitrine:embed/messages/<locale>` is generated from
   * src/i18n/messages.ts, and every import of that file (all locales) gets
   * components/embed/messages.ts instead (the locales the loader added).
   */
  const locales = {
    name: 'vitrine-embed-locales',
    resolveId(source, importer) {
      if (source.startsWith(LOCALE_ID) || source.startsWith(`\0${LOCALE_ID}`)) return `\0${source.replace(/^\0/, '')}`;
      if (importer && importer !== EMBED_MESSAGES_FILE && /^\.\.?\//.test(source) && resolve(dirname(importer), source.replace(/\.js$/, '.ts')) === MESSAGES_FILE) return EMBED_MESSAGES_FILE;
      return null;
    },
    load(id) {
      if (!id.startsWith(`\0${LOCALE_ID}`)) return null;
      const locale = id.slice(LOCALE_ID.length + 1);
      if (!messages[locale]) this.error(`no messages for ${locale}`);
      return `export const messages = ${JSON.stringify(messages[locale])};`;
    },
  };

  // Pass 1: the loader's own modules, and the modules it imports dynamically.
  const core = new Map(); // absolute id → { exports, reexportsOnly }
  const dynamicTargets = new Set();
  const discovery = await rollup({
    input: LOADER,
    onwarn,
    // Pure annotations must survive to this pass's graph; minification comes later.
    plugins: [
      locales,
      ...transpile,
      {
        name: 'vitrine-embed-discover',
        resolveId: (source) => (source === MODULES_ID ? `\0${MODULES_ID}` : null),
        load: (id) => (id === `\0${MODULES_ID}` ? 'export const modules = {};' : null),
        async resolveDynamicImport(specifier, importer) {
          if (typeof specifier !== 'string') return null;
          const resolved = await this.resolve(specifier, importer);
          if (!resolved) return null;
          dynamicTargets.add(resolved.id);
          return { id: resolved.id, external: true };
        },
        buildEnd() {
          for (const id of this.getModuleIds()) {
            const info = this.getModuleInfo(id);
            if (!info || info.isExternal || id.startsWith('\0')) continue;
            core.set(id, { exports: info.exports ?? [], reexportsOnly: reexportsOnly(info.ast) });
          }
        },
      },
    ],
  });
  await discovery.close();
  for (const [id, { exports, reexportsOnly }] of core) {
    if (!reexportsOnly && exports.includes('*')) throw new Error(`embed build: ${rel(id)} re-exports with \`export *\` and has code of its own; the chunks could not share it`);
  }
  // A dynamic import of a module the loader has anyway stays inside the loader.
  const entries = [...dynamicTargets].filter((id) => !core.has(id));
  const bridged = (id) => core.has(id) && !core.get(id).reexportsOnly;
  /** A short key per core module: the chunks and the loader agree on it (bytes on every page). */
  const keys = new Map([...core.keys()].sort().map((id, index) => [rel(id), index]));

  /** Per bridged module: the export names the chunks use. Filled by pass 2. */
  const used = new Map();
  /** Per entry module: its chunk file and the chunks it imports (transitively). */
  const manifest = { entries: {}, chunks: {} };

  for (const stale of [OUT, file, `${file}.map`]) rmSync(stale, { recursive: true, force: true });

  /**
   * Nearly every page shows a card: the card and everything it needs (Lit,
   * the element base, styles, messages) are one chunk, not ten. Each file
   * is compressed on its own, so fewer files are also fewer bytes. The other
   * elements import what they share with the card from that chunk.
   */
  const cardEntry = resolve(ROOT, 'components/card/card.ts');
  let cardClosure;
  const cardFirst = (id, { getModuleInfo }) => {
    if (!cardClosure) {
      cardClosure = new Set();
      const visit = (moduleId) => {
        if (cardClosure.has(moduleId)) return;
        cardClosure.add(moduleId);
        for (const imported of getModuleInfo(moduleId)?.importedIds ?? []) visit(imported);
      };
      visit(cardEntry);
    }
    // The bridges to the core are one small chunk of their own: the lazy parts of the
    // client use them too, and must not pull the card in.
    if (id.startsWith(BRIDGE_PREFIX) || id === BRIDGE_RUNTIME) return 'core';
    return cardClosure.has(id) ? 'card' : undefined;
  };

  /** @type {import('rollup').RollupOptions} */
  const chunks = {
    input: entries,
    onwarn,
    preserveEntrySignatures: 'exports-only',
    treeshake: {
      // Bridge modules read properties of the loader's modules; unused reads must go.
      propertyReadSideEffects: false,
      // @lit/context and @lit/task declare no "sideEffects", and have none: a card
      // that only asks for its root's context needs no ContextProvider.
      moduleSideEffects: (id, external) => external || !/[\\/]node_modules[\\/]@lit[\\/](context|task)[\\/]/.test(id),
    },
    plugins: [
      {
        name: 'vitrine-embed-bridge',
        async resolveId(source, importer, options) {
          if (source === BRIDGE_RUNTIME || source.startsWith(BRIDGE_PREFIX)) return source;
          if (!importer || source.startsWith('\0') || source.startsWith(LOCALE_ID)) return null;
          const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
          if (!resolved || resolved.external || !bridged(resolved.id)) return resolved;
          return { id: `${BRIDGE_PREFIX}${rel(resolved.id)}`, moduleSideEffects: false };
        },
        load(id) {
          if (id === BRIDGE_RUNTIME) {
            return [
              `const modules = window.Vitrine?.[Symbol.for('vitrine:embed-modules')];`,
              `export function core(key, source) {`,
              `  const module = modules?.[key];`,
              `  if (!module) throw new Error('[vitrine] this chunk does not belong to the loaded vitrine.js (' + source + ')');`,
              `  return module;`,
              `}`,
            ].join('\n');
          }
          if (!id.startsWith(BRIDGE_PREFIX)) return null;
          const source = id.slice(BRIDGE_PREFIX.length);
          const { exports } = core.get(resolve(ROOT, source));
          const lines = [`import { core } from ${JSON.stringify(BRIDGE_RUNTIME)};`, `const m = /* @__PURE__ */ core(${keys.get(source)}, ${JSON.stringify(source)});`];
          exports.forEach((name, index) => {
            lines.push(`const _${index} = m[${JSON.stringify(name)}];`);
            lines.push(`export { _${index} as ${isIdentifier(name) ? name : JSON.stringify(name)} };`);
          });
          return lines.join('\n');
        },
        generateBundle(_options, bundle) {
          for (const output of Object.values(bundle)) {
            if (output.type !== 'chunk') continue;
            for (const [id, module] of Object.entries(output.modules)) {
              if (!id.startsWith(BRIDGE_PREFIX) || module.renderedExports.length === 0) continue;
              const source = id.slice(BRIDGE_PREFIX.length);
              const names = used.get(source) ?? new Set();
              const { exports } = core.get(resolve(ROOT, source));
              // Rendered names are the export names, or the local aliases (_0, _1…): map those back.
              for (const name of module.renderedExports) names.add(/^_\d+$/.test(name) ? (exports[Number(name.slice(1))] ?? name) : name);
              used.set(source, names);
            }
          }
          const closure = (file, seen = new Set()) => {
            for (const imported of bundle[file]?.imports ?? []) {
              if (seen.has(imported)) continue;
              seen.add(imported);
              closure(imported, seen);
            }
            return seen;
          };
          for (const output of Object.values(bundle)) {
            if (output.type !== 'chunk') continue;
            manifest.chunks[output.fileName] = { imports: [...closure(output.fileName)] };
            if (output.facadeModuleId && entries.includes(output.facadeModuleId)) manifest.entries[entryKey(output.facadeModuleId)] = output.fileName;
          }
        },
      },
      locales,
      ...transpile,
      minified,
    ],
    output: {
      dir: OUT,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name]-[hash].js',
      manualChunks: cardFirst,
      chunkFileNames: '[name]-[hash].js',
      // Names say what a chunk is (card, lit…) without a path.
      sanitizeFileName: (name) => name.replace(/^.*[\\/]/, '').replace(/[^\w.-]/g, '_'),
    },
  };

  /** @type {import('rollup').RollupOptions} */
  const loader = {
    input: LOADER,
    onwarn,
    plugins: [
      locales,
      // After esbuild: its transform sees JavaScript.
      ...transpile,
      {
        name: 'vitrine-embed-loader',
        resolveId(source) {
          if (source === MODULES_ID) return `\0${MODULES_ID}`;
          if (source === CHUNKS_ID) return CHUNKS_ID;
          return null;
        },
        load(id) {
          if (id === `\0${MODULES_ID}`) {
            // The exports the chunks use, from the loader's own module instances.
            const imports = [];
            const entries = [];
            [...used].sort(([a], [b]) => a.localeCompare(b)).forEach(([source, names], index) => {
              const list = [...names].sort();
              const locals = list.map((name, n) => `m${index}_${n}`);
              imports.push(`import { ${list.map((name, n) => `${isIdentifier(name) ? name : JSON.stringify(name)} as ${locals[n]}`).join(', ')} } from ${JSON.stringify(resolve(ROOT, source))};`);
              entries.push(`${keys.get(source)}: Object.freeze({ ${list.map((name, n) => `${JSON.stringify(name)}: ${locals[n]}`).join(', ')} })`);
            });
            return `${imports.join('\n')}\nexport const modules = Object.freeze({\n${entries.join(',\n')}\n});`;
          }
          if (id === CHUNKS_ID) {
            const files = Object.keys(manifest.chunks);
            const graph = files.map((file) => [files.indexOf(file), ...manifest.chunks[file].imports.map((imported) => files.indexOf(imported))]);
            return [
              `import { chunkUrl } from ${JSON.stringify(resolve(ROOT, 'components/embed/chunk-base.ts'))};`,
              `const files = ${JSON.stringify(files)};`,
              `const graph = ${JSON.stringify(graph)};`,
              '/** Imports chunk number `index` and every chunk it imports, all at once; resolves to its exports. */',
              'export function loadChunk(index) {',
              '  return Promise.all(graph[index].map((file) => import(chunkUrl(files[file])))).then((modules) => modules[0]);',
              '}',
            ].join('\n');
          }
          return null;
        },
        // Runs after esbuild (TypeScript is JavaScript by then): every dynamic import of a
        // chunk entry becomes loadChunk(<its number>).
        async transform(code, id) {
          if (id.startsWith('\0') || !code.includes('import(')) return null;
          const ast = this.parse(code);
          const edits = new MagicString(code);
          let changed = false;
          const visit = async (node) => {
            if (!node || typeof node.type !== 'string') return;
            if (node.type === 'ImportExpression' && node.source.type === 'Literal') {
              const target = await this.resolve(node.source.value, id);
              const file = target && manifest.entries[entryKey(target.id)];
              if (file) {
                edits.overwrite(node.start, node.end, `loadChunk(${Object.keys(manifest.chunks).indexOf(file)})`);
                changed = true;
              } else if (target && !core.has(target.id)) {
                this.error(`${rel(id)}: import(${JSON.stringify(node.source.value)}) has no chunk`);
              }
            }
            for (const value of Object.values(node)) {
              if (Array.isArray(value)) for (const child of value) await visit(child);
              else if (value && typeof value === 'object') await visit(value);
            }
          };
          await visit(ast);
          if (!changed) return null;
          edits.prepend(`import { loadChunk } from ${JSON.stringify(CHUNKS_ID)};\n`);
          return { code: edits.toString(), map: edits.generateMap({ hires: true }) };
        },
        writeBundle() {
          // The page's stylesheet that sizes a card before its code has run (no layout shift when it is defined).
          copyFileSync(resolve(ROOT, 'components/embed/vitrine.css'), resolve(dirname(resolve(file)), 'vitrine.css'));
          mkdirSync(OUT, { recursive: true });
          writeFileSync(`${OUT}/manifest.json`, `${JSON.stringify({ loader: basename(file), ...manifest, core: Object.fromEntries([...used].map(([source, names]) => [source, [...names].sort()])) }, null, 2)}\n`);
        },
      },
      minified,
    ],
    // A classic script (bloggers paste <script async>): an IIFE leaks no globals
    // but the one it assigns, window.Vitrine. Its dynamic imports are native import().
    output: { file, format: 'iife', sourcemap: true, inlineDynamicImports: true },
  };

  return [chunks, loader];
}

/**
 * The hydration script (`dist/vitrine-hydrate.js`, components/hydrate.ts): the
 * same loader with Lit's hydration support, in one self-contained classic
 * script. Hydration needs the one Lit of the page patched before any element
 * class exists, so nothing is split: every element and locale is inlined (the
 * loader's dynamic imports resolve inside the file) and the loader's module
 * table is empty (no chunk reads it).
 * @param {{ define: Record<string, string>, onwarn: import('rollup').WarningHandlerWithDefault, file?: string }} options
 * @returns {Promise<import('rollup').RollupOptions>}
 */
export async function hydrateConfig({ define, onwarn, file = 'dist/vitrine-hydrate.js' }) {
  const messages = await localeTables();
  return {
    input: resolve(ROOT, 'components/hydrate.ts'),
    onwarn,
    plugins: [
      {
        name: 'vitrine-hydrate-inline',
        resolveId(source, importer) {
          if (source === MODULES_ID) return `\0${MODULES_ID}`;
          if (source.startsWith(LOCALE_ID)) return `\0${source}`;
          return null;
        },
        load(id) {
          if (id === `\0${MODULES_ID}`) return 'export const modules = {};';
          if (!id.startsWith(`\0${LOCALE_ID}`)) return null;
          const locale = id.slice(LOCALE_ID.length + 1);
          if (!messages[locale]) this.error(`no messages for ${locale}`);
          return `export const messages = ${JSON.stringify(messages[locale])};`;
        },
      },
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      minifyCssLiterals(),
      esbuild({ target: 'es2021', tsconfig: 'tsconfig.json', minify: true, legalComments: 'none', define: { ...define, __VITRINE_EMBED_DIR__: JSON.stringify('embed/') } }),
    ],
    output: { file, format: 'iife', sourcemap: true, inlineDynamicImports: true },
  };
}

/** Every locale's messages, as src/i18n/messages.ts defines them (bundled and evaluated once). */
async function localeTables() {
  const { outputFiles } = await esbuildBundle({ entryPoints: [MESSAGES_FILE], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const { MESSAGES } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  return MESSAGES;
}

/** True when a module only re-exports others (`export * from`, `export { x } from`): it holds no state of its own. */
function reexportsOnly(ast) {
  if (!ast) return false;
  // `export { z }` without a source can only export an import here: there is nothing else.
  return ast.body.length > 0 && ast.body.every((node) => node.type === 'ExportAllDeclaration' || node.type === 'ImportDeclaration' || (node.type === 'ExportNamedDeclaration' && !node.declaration));
}

/** The chunk files of the last build (for tools). */
export function builtChunks(dir = 'dist/embed') {
  return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.js')) : [];
}
