/**
 * Everything written from custom-elements.json (`npm run build:manifest` runs it
 * after the analyzer):
 *
 *   docs/elements.md          the element reference
 *   llms.txt                  every element, attribute, property, event and part, for integrators' tools
 *   dist/frameworks/*.d.ts    React 19, Vue 3 and Svelte 5 types (`vitrine/react`, `vitrine/vue`, `vitrine/svelte`)
 *
 * The framework types name each property by the element class (`VitrineCard['card']`)
 * and each event by its class, so they are as exact as the classes; the manifest
 * says which members, attributes and events are public.
 *
 * docs/elements.md and llms.txt are committed; CI fails when the build changes them
 * (`git diff --exit-code` after `npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ManifestType {
  text: string;
  references?: { name: string; module?: string }[];
}
export interface ManifestMember {
  kind: 'field' | 'method';
  name: string;
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
  readonly?: boolean;
  type?: ManifestType;
  default?: string;
  description?: string;
  attribute?: string;
  reflects?: boolean;
  parameters?: { name: string; type?: ManifestType }[];
  return?: { type?: ManifestType };
  inheritedFrom?: { name: string };
}
export interface ManifestAttribute {
  name: string;
  fieldName?: string;
  type?: ManifestType;
  default?: string;
  description?: string;
}
export interface ManifestEvent {
  name: string;
  type?: ManifestType;
  description?: string;
  detail?: { text: string; fields: { name: string; type: string; optional?: boolean; description?: string }[] };
}
export interface ManifestElement {
  kind: 'class';
  name: string;
  tagName: string;
  customElement: true;
  summary?: string;
  description?: string;
  members?: ManifestMember[];
  attributes?: ManifestAttribute[];
  events?: ManifestEvent[];
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string; description?: string; default?: string }[];
  slots?: { name: string; description?: string }[];
  dependencies?: string[];
  exportparts?: { prefix: string; tagName: string; description: string }[];
}
export interface Manifest {
  modules: {
    path: string;
    declarations?: (ManifestElement | { kind: string; name: string; tagName?: string })[];
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
  }[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string; version: string; description: string };

/** The elements of a manifest, in the order of their modules. */
const ORDER = ['vitrine-card', 'vitrine-buy-sheet', 'vitrine-shelf', 'vitrine-cart', 'vitrine-cart-button', 'vitrine-order-status', 'vitrine-stats', 'vitrine-root'];

/** The elements of a manifest: the documented order first, then any other by tag name. */
export function elementsOf(manifest: Manifest): ManifestElement[] {
  const rank = (tag: string) => (ORDER.includes(tag) ? ORDER.indexOf(tag) : ORDER.length);
  return manifest.modules
    .flatMap((module) => (module.declarations ?? []).filter((declaration): declaration is ManifestElement => 'customElement' in declaration && Boolean(declaration.tagName)))
    .sort((a, b) => rank(a.tagName) - rank(b.tagName) || a.tagName.localeCompare(b.tagName));
}

/** Public, settable instance properties: what a template may set. */
export function publicProperties(element: ManifestElement): ManifestMember[] {
  return (element.members ?? []).filter(
    (member) => member.kind === 'field' && !member.static && !member.readonly && (member.privacy ?? 'public') === 'public',
  );
}

/** Public methods and read-only properties: what a script may call or read. */
function publicApi(element: ManifestElement): ManifestMember[] {
  return (element.members ?? []).filter(
    (member) => (member.privacy ?? 'public') === 'public' && !member.static && (member.kind === 'method' || member.readonly),
  );
}

const oneLine = (text = '') => text.replace(/\s+/g, ' ').trim();
const cell = (text = '') => oneLine(text).replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;
/** `vitrine-add-to-cart` → `VitrineAddToCart` (Vue's `onVitrineAddToCart`). */
const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

function signature(member: ManifestMember): string {
  if (member.kind === 'method') return `${member.name}(${(member.parameters ?? []).map((p) => p.name).join(', ')})`;
  return member.name;
}

// ── docs/elements.md ────────────────────────────────────────────────────────

export function elementsMarkdown(manifest: Manifest): string {
  const elements = elementsOf(manifest);
  const out: string[] = [
    '# Element reference',
    '',
    '<!-- Generated by scripts/from-manifest.ts from custom-elements.json (`npm run build`). Do not edit: edit the JSDoc in components/. -->',
    '',
    'Every element extends a common base and so accepts `api`, `locale` and `theme` (`light`, `dark`, or unset for',
    '`prefers-color-scheme`); fires `vitrine-error` (`detail: { error, action }`) when something fails (it has already',
    'rendered its own error state; nothing is ever thrown into the page); shows a skeleton while loading; and is fully',
    'keyboard-operable with labels in the active locale. Configuration reaches an element from, in order: its own',
    '`api` / `locale` / `creator` attributes, the nearest `<vitrine-root api="…">` ancestor, then `configure()`.',
    '',
    'Events bubble and are composed (one listener on `document` hears every card) and are typed in',
    '`GlobalEventHandlersEventMap`. Four are cancelable:',
    '',
    '| event | `preventDefault()` … |',
    '| --- | --- |',
    '| `vitrine-open` | … keeps the buy sheet closed (show your own page) |',
    '| `vitrine-click` | … stops navigation; the click is not recorded (call `vitrine.recordClick(link)` if you navigate yourself) |',
    '| `vitrine-add-to-cart` | … leaves the cart unchanged |',
    '| `vitrine-checkout` | … stops the hand-off; nothing is recorded |',
    '',
    'Styling: public `--vitrine-*` custom properties (they feed private `--_*` defaults) and `::part()`. Nested',
    'elements forward their parts with a prefix, so a page stylesheet reaches them too:',
    '`vitrine-shelf::part(card-title)` (a shelf\'s cards), `vitrine-card::part(sheet-title)` (the sheet a card opens),',
    '`vitrine-shelf::part(card-sheet-title)`, `vitrine-cart-button::part(cart-checkout)` (the cart a cart button opens).',
    '',
    'Framework types generated from the same manifest: `vitrine/react`, `vitrine/vue`, `vitrine/svelte` (see the',
    '[README](../README.md#use-with-react--vue--svelte)).',
    '',
    elements.map((element) => `[\`<${element.tagName}>\`](#${element.tagName})`).join(' · '),
    '',
  ];
  for (const element of elements) {
    out.push(`## \`<${element.tagName}>\``, '');
    if (element.summary) out.push(oneLine(element.summary), '');
    if (element.description) out.push(element.description.trim(), '');
    const also = element.dependencies?.length ? `, which also registers ${element.dependencies.map((tag) => `\`<${tag}>\``).join(', ')}` : '';
    out.push(`Class \`${element.name}\` (\`vitrine/elements\`); registered by \`import 'vitrine/components/${element.tagName.replace(/^vitrine-/, '')}'\`${also}.`, '');
    const properties = publicProperties(element);
    if (properties.length) {
      out.push('| property | attribute | type | default | |', '| --- | --- | --- | --- | --- |');
      for (const member of properties) {
        const attribute = element.attributes?.find((candidate) => candidate.fieldName === member.name)?.name;
        out.push(
          `| ${code(member.name)} | ${attribute ? code(attribute) : '—'} | ${member.type ? code(cell(member.type.text)) : ''} | ${member.default ? code(cell(member.default)) : ''} | ${cell(member.description)} |`,
        );
      }
      out.push('');
    }
    const api = publicApi(element);
    if (api.length) {
      out.push('| method / read-only property | |', '| --- | --- |');
      for (const member of api) out.push(`| ${code(signature(member))} | ${cell(member.description)} |`);
      out.push('');
    }
    if (element.events?.length) {
      out.push('| event | type | detail | |', '| --- | --- | --- | --- |');
      for (const event of element.events) {
        const detail = event.detail ? `${code(event.detail.text)}: ${event.detail.fields.map((field) => code(`${field.name}${field.optional ? '?' : ''}: ${field.type}`)).join(', ')}` : '';
        out.push(`| ${code(event.name)} | ${event.type ? code(event.type.text) : ''} | ${cell(detail)} | ${cell(event.description)} |`);
      }
      out.push('');
    }
    if (element.slots?.length) {
      out.push('| slot | |', '| --- | --- |');
      for (const slot of element.slots) out.push(`| ${slot.name ? code(slot.name) : '(default)'} | ${cell(slot.description)} |`);
      out.push('');
    }
    if (element.cssParts?.length) {
      const own = element.cssParts.filter((part) => !element.exportparts?.some((forward) => part.name.startsWith(forward.prefix) && part.description?.startsWith(`<${forward.tagName}>`)));
      out.push('| part | |', '| --- | --- |');
      for (const part of own) out.push(`| ${code(part.name)} | ${cell(part.description)} |`);
      for (const forward of element.exportparts ?? []) {
        const names = element.cssParts.filter((part) => part.name.startsWith(forward.prefix) && part.description?.startsWith(`<${forward.tagName}>`));
        out.push(`| ${code(`${forward.prefix}*`)} | ${cell(forward.description)} ${names.map((part) => code(part.name)).join(' ')} |`);
      }
      out.push('');
    }
    if (element.cssProperties?.length) {
      out.push('| custom property | |', '| --- | --- |');
      for (const property of element.cssProperties) out.push(`| ${code(property.name)} | ${cell(property.description)} |`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// ── llms.txt ────────────────────────────────────────────────────────────────

export function llmsText(manifest: Manifest): string {
  const out: string[] = [
    `# ${pkg.name}`,
    '',
    `> ${pkg.description}`,
    '',
    'Custom elements (Lit, shadow DOM). Register all with `import \'vitrine/components\'`, one with',
    '`import \'vitrine/components/<name>\'`, or load the script tag `dist/vitrine.js` (data-api, data-creator,',
    'data-locale, data-consent on the <script>). Configure with `configure({ api })` from `vitrine/components`,',
    'a `<vitrine-root api="…">` ancestor, or each element\'s `api` attribute. Events bubble and are composed;',
    'vitrine-open, vitrine-click, vitrine-add-to-cart and vitrine-checkout are cancelable (preventDefault).',
    'Style with --vitrine-* custom properties and ::part(). Types: vitrine/react, vitrine/vue, vitrine/svelte.',
    '',
    '## Docs',
    '',
    '- [README](README.md): install, first steps for bloggers, developers and partner platforms',
    '- [Element reference](docs/elements.md)',
    '- [Core API](docs/core.md)',
    '- [Partner protocol, vitrine/server and vitrine/testing](docs/partners.md)',
    '- [vitrine/platform, the reference platform](docs/platform.md)',
    '- [Live updates, the event pipeline, several processes](docs/live.md)',
    '- [Security: threat model, validation, limits, the host CSP](docs/security.md)',
    '',
    '## Elements',
  ];
  for (const element of elementsOf(manifest)) {
    out.push('', `### <${element.tagName}>`, '', oneLine(element.summary));
    const attributes = element.attributes ?? [];
    if (attributes.length) {
      out.push('Attributes:');
      for (const attribute of attributes) out.push(`- ${attribute.name}${attribute.type ? ` (${oneLine(attribute.type.text)})` : ''}: ${oneLine(attribute.description)}`);
    }
    const propertyOnly = publicProperties(element).filter((member) => !attributes.some((attribute) => attribute.fieldName === member.name));
    if (propertyOnly.length) {
      out.push('Properties (JavaScript only):');
      for (const member of propertyOnly) out.push(`- ${member.name}${member.type ? ` (${oneLine(member.type.text)})` : ''}: ${oneLine(member.description)}`);
    }
    const api = publicApi(element);
    if (api.length) out.push(`Methods and read-only properties: ${api.map(signature).join(', ')}`);
    if (element.events?.length) {
      out.push('Events:');
      for (const event of element.events) {
        const detail = event.detail ? ` detail { ${event.detail.fields.map((field) => `${field.name}${field.optional ? '?' : ''}: ${field.type}`).join('; ')} }` : '';
        out.push(`- ${event.name}${detail}: ${oneLine(event.description)}`);
      }
    }
    if (element.cssParts?.length) out.push(`Parts: ${element.cssParts.map((part) => part.name).join(' ')}`);
    if (element.cssProperties?.length) out.push(`Custom properties: ${element.cssProperties.map((property) => property.name).join(' ')}`);
    if (element.slots?.length) out.push(`Slots: ${element.slots.map((slot) => slot.name || '(default)').join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

// ── framework types ─────────────────────────────────────────────────────────

const HEADER = '// Generated by scripts/from-manifest.ts from custom-elements.json. Do not edit.\n';

function imports(elements: ManifestElement[]): string {
  const classes = elements.map((element) => element.name);
  const events = [...new Set(elements.flatMap((element) => (element.events ?? []).map((event) => event.type?.text).filter((type): type is string => Boolean(type) && type !== 'Event')))];
  return `import type { ${[...classes, ...events].sort().join(', ')} } from '../types/components/elements.js';\n`;
}

function doc(element: ManifestElement): string {
  return `  /** \`<${element.tagName}>\`: ${oneLine(element.summary).replace(/\*\//g, '*\\/')} */\n`;
}

/** Properties by class member, plus dash-case attributes that are not property names (`heading-level`). */
function propertyLines(element: ManifestElement, indent: string): string[] {
  const lines = publicProperties(element).map((member) => {
    const description = member.description ? `${indent}/** ${oneLine(member.description).replace(/\*\//g, '*\\/')} */\n` : '';
    return `${description}${indent}${member.name}?: ${element.name}['${member.name}'];`;
  });
  for (const attribute of element.attributes ?? []) {
    if (attribute.name !== attribute.fieldName && attribute.name.includes('-')) lines.push(`${indent}'${attribute.name}'?: string | number;`);
  }
  return lines;
}

function eventType(event: ManifestEvent): string {
  return event.type?.text && event.type.text !== 'Event' ? event.type.text : 'Event';
}

/**
 * One member per element of a framework's element map: `'vitrine-card': <open>{ properties,
 * attributes, event props named by `eventProp` }<close>`.
 */
function elementEntries(manifest: Manifest, eventProp: (event: string) => string, open: (element: ManifestElement) => string, close: string): string {
  return elementsOf(manifest)
    .map((element) => {
      const events = (element.events ?? []).map((event) => `    ${eventProp(event.name)}?: (event: ${eventType(event)}) => void;`);
      return `${doc(element)}  '${element.tagName}': ${open(element)}{\n${[...propertyLines(element, '    '), ...events].join('\n')}\n  }${close};`;
    })
    .join('\n');
}

/** React 19: `JSX.IntrinsicElements`, properties set as properties, `onvitrine-click` listeners. */
export function reactTypes(manifest: Manifest): string {
  const entries = elementEntries(manifest, (event) => `'on${event}'`, (element) => `HTMLAttributes<${element.name}> & RefAttributes<${element.name}> & `, '');
  return `${HEADER}/**
 * \`vitrine/react\`: React 19 types for the Vitrine elements. Import once, e.g.
 * \`import type {} from 'vitrine/react';\` (or add "vitrine/react" to tsconfig "types").
 * React 19 sets a custom element's known properties as properties (\`card={payload}\`)
 * and listens to custom events through \`on<event-name>\` props (\`onvitrine-click\`).
 */
import type { HTMLAttributes, RefAttributes } from 'react';
${imports(elementsOf(manifest))}
/** The props of every Vitrine element, by tag name. */
export interface VitrineReactElements {
${entries}
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends VitrineReactElements {}
  }
}
`;
}

/** Vue 3: \`GlobalComponents\`, with \`@vitrine-click\` typed through \`onVitrineClick\`. */
export function vueTypes(manifest: Manifest): string {
  const entries = elementEntries(manifest, (event) => `on${pascal(event)}`, () => 'DefineComponent<', '>');
  return `${HEADER}/**
 * \`vitrine/vue\`: Vue 3 types for the Vitrine elements in templates (vue-tsc / Volar).
 * Import once, e.g. \`import type {} from 'vitrine/vue';\` in env.d.ts, and tell the
 * compiler they are custom elements: \`isCustomElement: (tag) => tag.startsWith('vitrine-')\`.
 * Vue sets a custom element's known properties as properties (\`:card="payload"\`);
 * listen with \`@vitrine-click\`.
 */
import type { DefineComponent } from 'vue';
${imports(elementsOf(manifest))}
/** Every Vitrine element as a global component type, by tag name. */
export interface VitrineVueElements {
${entries}
}

declare module 'vue' {
  interface GlobalComponents extends VitrineVueElements {}
}
`;
}

/** Svelte 5: \`SvelteHTMLElements\`, with \`onvitrine-click\` event attributes. */
export function svelteTypes(manifest: Manifest): string {
  const entries = elementEntries(manifest, (event) => `'on${event}'`, (element) => `HTMLAttributes<${element.name}> & `, '');
  return `${HEADER}/**
 * \`vitrine/svelte\`: Svelte 5 types for the Vitrine elements. Import once, e.g.
 * \`import type {} from 'vitrine/svelte';\` in a .d.ts of your app. Svelte 5 sets known
 * properties as properties (\`card={payload}\`) and listens with \`onvitrine-click={…}\`.
 */
import type { HTMLAttributes } from 'svelte/elements';
${imports(elementsOf(manifest))}
/** The attributes, properties and events of every Vitrine element, by tag name. */
export interface VitrineSvelteElements {
${entries}
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends VitrineSvelteElements {}
}
`;
}

// ── main ────────────────────────────────────────────────────────────────────

function write(path: string, text: string) {
  mkdirSync(dirname(`${root}${path}`), { recursive: true });
  writeFileSync(`${root}${path}`, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync(`${root}custom-elements.json`, 'utf8')) as Manifest;
  write('docs/elements.md', elementsMarkdown(manifest));
  write('llms.txt', llmsText(manifest));
  for (const [name, types] of [['react', reactTypes], ['vue', vueTypes], ['svelte', svelteTypes]] as const) {
    write(`dist/frameworks/${name}.d.ts`, types(manifest));
    write(`dist/frameworks/${name}.js`, `// Types only: see ${name}.d.ts.\nexport {};\n`);
  }
}
