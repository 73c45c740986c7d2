/**
 * Generates custom-elements.json from the elements' JSDoc (@tagname, @summary,
 * @slot, @csspart, @cssprop, @fires) and Lit decorators. Run by `npm run build`,
 * which then writes docs/elements.md, llms.txt and the framework types from it
 * (scripts/from-manifest.ts).
 *
 * Two tags of our own, read by the plugins below:
 * - `@dependency vitrine-buy-sheet`: an element this one renders (its
 *   registration module registers it too); listed as `dependencies`.
 * - `@exportparts sheet- vitrine-buy-sheet - description`: the inner element's
 *   parts are forwarded with that prefix; every forwarded name is listed among
 *   this element's `cssParts` (transitively: a shelf lists `card-sheet-title`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** The JSDoc tags named `name` of a class node, as trimmed comment strings. */
function jsDocTags(ts, node, name) {
  return ts
    .getJSDocTags(node)
    .filter((tag) => tag.tagName.text === name)
    .map((tag) => (typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '').trim());
}

/**
 * The event classes of components/events: `VitrineClickEvent` → its module, its
 * detail interface and that interface's fields (name, type, JSDoc).
 */
function eventClasses(ts) {
  const classes = new Map();
  for (const file of readdirSync('components/events').filter((name) => name.startsWith('vitrine-'))) {
    const path = `components/events/${file}`;
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const interfaces = new Map(source.statements.filter(ts.isInterfaceDeclaration).map((node) => [node.name.text, node]));
    for (const node of source.statements.filter(ts.isClassDeclaration)) {
      const base = node.heritageClauses?.[0]?.types[0];
      const detailName = base?.typeArguments?.[0]?.getText(source);
      const detail = interfaces.get(detailName);
      const fields = (detail?.members ?? []).filter(ts.isPropertySignature).map((member) => ({
        name: member.name.getText(source),
        type: member.type?.getText(source) ?? 'unknown',
        ...(member.questionToken ? { optional: true } : {}),
        ...(ts.getJSDocCommentsAndTags(member)[0] ? { description: ts.getTextOfJSDocComment(ts.getJSDocCommentsAndTags(member)[0].comment) ?? '' } : {}),
      }));
      classes.set(node.name.text, { module: path, detail: detailName, fields });
    }
  }
  return classes;
}

let typescript;

export default {
  globs: ['components/**/*.ts'],
  exclude: [
    '**/*.test.ts',
    '**/*.styles.ts',
    'components/embed.ts',
    'components/hydrate.ts',
    'components/ssr/**',
    'components/index.ts',
    'components/elements.ts',
    'components/events/**',
    'components/shared/{config,define,parts,styles}.ts',
  ],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // `this.dispatchEvent(new VitrineOpenEvent(…))` is detected as an event with
      // no name; the named entries come from the @fires tags.
      name: 'vitrine-drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
    {
      // `@summary` runs to the next tag; its first paragraph is the summary, the
      // rest the description (what editors show on hover).
      name: 'vitrine-summary-paragraph',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            const [summary, ...rest] = (declaration.summary ?? '').split(/\n\s*\n/);
            if (!rest.length) continue;
            declaration.summary = summary.replace(/\s*\n\s*/g, ' ').trim();
            declaration.description = [rest.join('\n\n').trim(), declaration.description].filter(Boolean).join('\n\n');
          }
        }
      },
    },
    {
      // `@fires {VitrineClickEvent} vitrine-click`: the type references its class, and
      // `detail` (an extension of the schema) names the detail type and its fields.
      name: 'vitrine-event-details',
      analyzePhase({ ts }) {
        typescript = ts;
      },
      packageLinkPhase({ customElementsManifest }) {
        const classes = eventClasses(typescript);
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            for (const event of declaration.events ?? []) {
              const known = classes.get(event.type?.text);
              if (!known) continue;
              event.type.references = [{ name: event.type.text, module: known.module, start: 0, end: event.type.text.length }];
              if (known.detail) event.detail = { text: known.detail, fields: known.fields };
            }
          }
        }
      },
    },
    {
      // `defineElement('vitrine-card', VitrineCard)` in a registration module is a
      // custom-element definition, as `customElements.define(…)` would be.
      name: 'vitrine-define-element-calls',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
        const [tag, klass] = node.arguments;
        if (!tag || !ts.isStringLiteral(tag) || !klass || !ts.isIdentifier(klass)) return;
        const source = node.getSourceFile();
        let module = moduleDoc.path;
        for (const statement of source.statements) {
          if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
          const bindings = statement.importClause.namedBindings;
          if (ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === klass.text)) {
            module = posix.join(posix.dirname(moduleDoc.path), statement.moduleSpecifier.text).replace(/\.js$/, '.ts');
          }
        }
        moduleDoc.exports = [
          ...(moduleDoc.exports ?? []),
          { kind: 'custom-element-definition', name: tag.text, declaration: { name: klass.text, module } },
        ];
      },
    },
    {
      name: 'vitrine-dependencies-and-exportparts',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        const declaration = moduleDoc.declarations?.find((candidate) => candidate.name === node.name.text);
        if (!declaration) return;
        const dependencies = jsDocTags(ts, node, 'dependency');
        if (dependencies.length) declaration.dependencies = dependencies;
        const exported = jsDocTags(ts, node, 'exportparts').map((comment) => {
          const match = /^(\S+)\s+(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(comment);
          if (!match) throw new Error(`${moduleDoc.path}: @exportparts needs "<prefix> <tag> - description", got "${comment}"`);
          return { prefix: match[1], tagName: match[2], description: match[3] };
        });
        if (exported.length) declaration.exportparts = exported;
      },
      packageLinkPhase({ customElementsManifest }) {
        const elements = new Map();
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) if (declaration.tagName) elements.set(declaration.tagName, declaration);
        }
        const done = new Set();
        const expand = (declaration, trail = []) => {
          if (done.has(declaration) || !declaration.exportparts) return;
          if (trail.includes(declaration)) throw new Error(`@exportparts cycle: ${[...trail, declaration].map((d) => d.tagName).join(' → ')}`);
          for (const { prefix, tagName } of declaration.exportparts) {
            const inner = elements.get(tagName);
            if (!inner) throw new Error(`${declaration.tagName}: @exportparts names an unknown element <${tagName}>`);
            expand(inner, [...trail, declaration]);
            const forwarded = (inner.cssParts ?? []).map((part) => ({
              name: `${prefix}${part.name}`,
              description: `<${tagName}>'s \`${part.name}\` part: ${part.description ?? ''}`.trim(),
            }));
            declaration.cssParts = [...(declaration.cssParts ?? []), ...forwarded];
          }
          done.add(declaration);
        };
        for (const declaration of elements.values()) expand(declaration);
      },
    },
  ],
};
