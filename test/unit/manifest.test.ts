/**
 * custom-elements.json describes everything the sources declare: every element,
 * every `@csspart` and every `@fires`, with event detail types, and the runtime
 * `exportparts` lists forward exactly the parts the JSDoc documents. Reads the
 * generated manifest (`npm run test:unit` generates it first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARD_PARTS, CART_PARTS, SHEET_PARTS } from '../../components/shared/parts.ts';
import { elementsOf, type Manifest } from '../../scripts/from-manifest.ts';

const manifestPath = new URL('../../custom-elements.json', import.meta.url);
if (!existsSync(manifestPath)) throw new Error('custom-elements.json is missing: run `npm run build:manifest` (npm run test:unit does).');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
const elements = new Map(elementsOf(manifest).map((element) => [element.tagName, element]));

/** What the sources declare, read with plain text matching (independent of the analyzer). */
function declaredInSources() {
  const declared = new Map<string, { file: string; parts: string[]; events: string[] }>();
  for (const dir of readdirSync('components', { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(`components/${dir.name}`).filter((name) => name.endsWith('.ts') && !/\.(test|styles)\.ts$/.test(name))) {
      const text = readFileSync(`components/${dir.name}/${file}`, 'utf8');
      const tag = /@tagname\s+(\S+)/.exec(text)?.[1];
      if (!tag) continue;
      declared.set(tag, {
        file: `components/${dir.name}/${file}`,
        parts: [...text.matchAll(/@csspart\s+([\w-]+)/g)].map((match) => match[1]!),
        events: [...text.matchAll(/@fires\s+(?:\{[^}]*\}\s+)?([\w-]+)/g)].map((match) => match[1]!),
      });
    }
  }
  return declared;
}

const declared = declaredInSources();
const registered = readdirSync('components')
  .filter((name) => existsSync(`components/${name}/define.ts`))
  .flatMap((name) => [...readFileSync(`components/${name}/define.ts`, 'utf8').matchAll(/defineElement\('([\w-]+)'/g)].map((match) => match[1]!));

describe('custom-elements.json', () => {
  it('has an entry for every element a registration module defines, and every element has @tagname', () => {
    expect(registered.length).toBeGreaterThanOrEqual(8);
    for (const tag of registered) {
      expect(declared.has(tag), `${tag}: its class has no @tagname JSDoc`).toBe(true);
      expect(elements.has(tag), `${tag} is missing from custom-elements.json`).toBe(true);
    }
    expect([...elements.keys()].sort()).toEqual([...registered].sort());
  });

  it('records each registration module as a custom-element definition of its class', () => {
    const definitions = manifest.modules.flatMap((module) => (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition').map((entry) => ({ module: module.path, ...entry })));
    expect(definitions.map((entry) => entry.name).sort()).toEqual([...registered].sort());
    for (const definition of definitions) {
      expect(definition.module).toBe(`components/${definition.name.replace(/^vitrine-/, '')}/define.ts`);
      expect(elements.get(definition.name)?.name).toBe(definition.declaration.name);
    }
  });

  it('lists every @csspart and every @fires of the sources, each event with its class and detail type', () => {
    const withDetail = new Set<string>();
    for (const [tag, source] of declared) {
      const element = elements.get(tag)!;
      for (const event of element.events ?? []) if (event.detail) withDetail.add(event.name);
      const parts = (element.cssParts ?? []).map((part) => part.name);
      for (const part of source.parts) expect(parts, `${tag}: part "${part}" (${source.file}) missing from the manifest`).toContain(part);
      const events = (element.events ?? []).map((event) => event.name);
      for (const event of source.events) expect(events, `${tag}: event "${event}" (${source.file}) missing from the manifest`).toContain(event);
      for (const event of element.events ?? []) {
        expect(event.type?.text, `${tag}: event "${event.name}" has no type (write @fires {VitrineXEvent} name)`).toBeTruthy();
        if (!event.name.startsWith('vitrine-')) continue;
        // Every Vitrine event has its class (components/events); a CustomEvent one also its detail type.
        expect(event.type?.references?.[0]?.module, `${tag}: ${event.name}'s type is not an event class of components/events`).toMatch(/^components\/events\//);
        if (event.detail) expect(event.detail.fields.length, `${tag}: ${event.name} has an empty detail type`).toBeGreaterThan(0);
      }
      expect(element.summary, `${tag}: no @summary`).toBeTruthy();
    }
    for (const name of ['vitrine-open', 'vitrine-click', 'vitrine-add-to-cart', 'vitrine-checkout', 'vitrine-error', 'vitrine-hide']) expect(withDetail).toContain(name);
  });

  it('documents public properties with their types and the attributes they reflect', () => {
    const card = elements.get('vitrine-card')!;
    const members = new Map((card.members ?? []).map((member) => [member.name, member]));
    expect(members.get('card')?.type?.text).toContain('CardPayload');
    expect(card.attributes?.find((attribute) => attribute.name === 'heading-level')?.fieldName).toBe('headingLevel');
    expect(elements.get('vitrine-stats')!.attributes?.map((attribute) => attribute.name)).toContain('api-key');
  });

  it('lists the forwarded parts of nested elements under the outer element, with dependencies', () => {
    const parts = (tag: string) => (elements.get(tag)!.cssParts ?? []).map((part) => part.name);
    expect(parts('vitrine-card')).toEqual(expect.arrayContaining(SHEET_PARTS.map((part) => `sheet-${part}`)));
    expect(parts('vitrine-shelf')).toEqual(expect.arrayContaining([...CARD_PARTS.map((part) => `card-${part}`), 'card-sheet-title']));
    expect(parts('vitrine-cart-button')).toEqual(expect.arrayContaining(CART_PARTS.map((part) => `cart-${part}`)));
    expect(elements.get('vitrine-card')!.dependencies).toEqual(['vitrine-buy-sheet']);
    expect(elements.get('vitrine-shelf')!.dependencies).toEqual(['vitrine-card']);
    expect(elements.get('vitrine-cart-button')!.dependencies).toEqual(['vitrine-cart']);
  });
});

describe('the exportparts lists (components/shared/parts.ts)', () => {
  it('forward exactly the parts the inner elements document', () => {
    expect([...SHEET_PARTS].sort()).toEqual([...declared.get('vitrine-buy-sheet')!.parts].sort());
    expect([...CARD_PARTS].sort()).toEqual([...declared.get('vitrine-card')!.parts].sort());
    expect([...CART_PARTS].sort()).toEqual([...declared.get('vitrine-cart')!.parts].sort());
  });

  it('match the @dependency tags: a registration module registers what its element renders', () => {
    for (const [tag, element] of elements) {
      const define = readFileSync(`components/${tag.replace(/^vitrine-/, '')}/define.ts`, 'utf8');
      const imported = [...define.matchAll(/import '\.\.\/([\w-]+)\/define\.js'/g)].map((match) => `vitrine-${match[1]}`);
      expect(imported.sort(), `${tag}: define.ts imports vs @dependency`).toEqual([...(element.dependencies ?? [])].sort());
    }
  });
});

describe('package.json "sideEffects"', () => {
  it('names exactly the registration modules, the script-tag bundles and the stylesheet', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { sideEffects: string[] };
    const production = ['./dist/components/index.js', ...registered.map((tag) => `./dist/components/${tag.replace(/^vitrine-/, '')}/define.js`)];
    // The development build (the `development` export condition) registers the same elements.
    const expected = [...production, './dist/vitrine.js', ...production.map((file) => file.replace('./dist/', './dist/development/')), './dist/vitrine.dev.js', './dist/vitrine-hydrate.js',
      // `import 'vitrine/vitrine.css'` is imported for its effect alone: a bundler must keep it.
      './dist/vitrine.css'];
    expect([...pkg.sideEffects].sort()).toEqual(expected.sort());
  });
});
