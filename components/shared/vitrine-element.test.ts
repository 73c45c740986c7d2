// @vitest-environment happy-dom
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VitrineErrorEvent } from '../events/vitrine-error.js';
import '../root/define.js';
import { configure } from './config.js';
import { defineElement } from './define.js';
import { VitrineElement } from './vitrine-element.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';

/** A minimal element whose render can be made to throw, and which shows its client's api. */
class TestElement extends VitrineElement {
  @property({ type: Boolean }) broken = false;

  protected override render() {
    if (this.broken) throw new TypeError('a rendering bug');
    let api = '';
    try {
      api = this.vitrine.api;
    } catch (error) {
      api = `error: ${(error as { code?: string }).code}`;
    }
    return html`<p part="api">${api}</p><p part="locale">${this.resolvedLocale}</p>`;
  }
}
defineElement('vitrine-test-element', TestElement);

afterEach(() => document.body.replaceChildren());

const shown = (element: TestElement, part: string) => element.shadowRoot!.querySelector(`[part="${part}"]`)?.textContent;

describe('VitrineElement', () => {
  it('contains a rendering bug: error state and vitrine-error, nothing thrown into the page, recovers on the next render', async () => {
    const element = document.createElement('vitrine-test-element') as TestElement;
    const errors: VitrineErrorEvent[] = [];
    document.addEventListener('vitrine-error', (event) => errors.push(event));
    element.broken = true;
    document.body.append(element);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="error"]')?.getAttribute('role')).toBe('alert');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail.action).toBe('render');
    expect(errors[0]!.composed && errors[0]!.bubbles).toBe(true);
    element.broken = false;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="error"]')).toBeNull();
    expect(shown(element, 'api')).toBe('error: config');
    await new Promise((resolve) => setTimeout(resolve, 0));
    takeConsoleOutput(/missing-api/); // no API on this page: the development warning, asserted in its own test
  });

  it('warns the developer (development build), once, in the element locale, with a code and a docs link', async () => {
    const element = document.createElement('vitrine-test-element') as TestElement;
    element.setAttribute('locale', 'zh-TW');
    element.setAttribute('api', 'http://api.example.com');
    const again = document.createElement('vitrine-test-element') as TestElement;
    again.setAttribute('locale', 'zh-TW');
    again.setAttribute('api', 'http://api.example.com');
    const badLocale = document.createElement('vitrine-test-element') as TestElement;
    badLocale.setAttribute('locale', 'fr-FR');
    badLocale.setAttribute('api', 'https://own.vitrine.test');
    document.body.append(element, again, badLocale);
    await Promise.all([element.updateComplete, again.updateComplete, badLocale.updateComplete]);
    expect(takeConsoleOutput(/api-not-https/)).toEqual([
      'console.warn: [vitrine] api-not-https: API 位址「http://api.example.com」（來自 the api attribute of <vitrine-test-element>）在非本機位址上使用了 http:。網路上只允許 https（http 只允許 localhost、127.0.0.1 或 [::1]，供開發使用）。 https://unpkg.com/vitrine@latest/docs/messages.md#api-not-https',
    ]);
    expect(takeConsoleOutput(/unsupported-locale/)).toEqual([
      expect.stringContaining('[vitrine] unsupported-locale: The locale "fr-FR" (from the locale attribute of <vitrine-test-element>) is not one Vitrine ships: using en.'),
    ]);
  });

  it('resolves its client: own api attribute, then the nearest <vitrine-root> (through shadow roots), then configure()', async () => {
    configure({ api: 'https://configured.vitrine.test', storage: null });
    const loose = document.createElement('vitrine-test-element') as TestElement;
    const own = document.createElement('vitrine-test-element') as TestElement;
    own.setAttribute('api', 'https://own.vitrine.test');
    const root = document.createElement('vitrine-root');
    root.setAttribute('api', 'https://root.vitrine.test');
    root.setAttribute('locale', 'zh-TW');
    const host = document.createElement('div');
    const nested = document.createElement('vitrine-test-element') as TestElement;
    host.attachShadow({ mode: 'open' }).append(nested);
    root.append(host);
    document.body.append(loose, own, root);
    await Promise.all([loose.updateComplete, own.updateComplete, nested.updateComplete]);
    expect(shown(loose, 'api')).toBe('https://configured.vitrine.test');
    expect(shown(own, 'api')).toBe('https://own.vitrine.test');
    expect(shown(nested, 'api')).toBe('https://root.vitrine.test');
    expect(shown(nested, 'locale')).toBe('zh-TW');
  });

  it('shows a configuration error for an invalid api (own or the root\'s), never falling back to another API', async () => {
    configure({ api: 'https://configured.vitrine.test', storage: null });
    const root = document.createElement('vitrine-root');
    root.setAttribute('api', 'http://not-https.example');
    const inside = document.createElement('vitrine-test-element') as TestElement;
    root.append(inside);
    const own = document.createElement('vitrine-test-element') as TestElement;
    own.setAttribute('api', 'javascript:alert(1)');
    document.body.append(root, own);
    await Promise.all([inside.updateComplete, own.updateComplete]);
    expect(shown(inside, 'api')).toBe('error: config');
    expect(shown(own, 'api')).toBe('error: config');
    expect(takeConsoleOutput(/api-not-https|invalid-api/).map((line) => /\] ([\w-]+):/.exec(line)?.[1])).toEqual(['api-not-https', 'invalid-api']);
    // Fixing the root's api is pushed to the elements inside.
    root.setAttribute('api', 'https://fixed.vitrine.test');
    await vi.waitFor(() => expect(shown(inside, 'api')).toBe('https://fixed.vitrine.test'));
  });

  it('follows its root: attribute changes are pushed, and an element moved out of the root uses configure()', async () => {
    configure({ api: 'https://configured.vitrine.test', storage: null });
    const root = document.createElement('vitrine-root');
    root.setAttribute('api', 'https://root.vitrine.test');
    root.setAttribute('locale', 'en');
    const element = document.createElement('vitrine-test-element') as TestElement;
    root.append(element);
    document.body.append(root);
    await element.updateComplete;
    expect(shown(element, 'locale')).toBe('en');
    root.setAttribute('locale', 'zh-TW');
    await vi.waitFor(() => expect(shown(element, 'locale')).toBe('zh-TW'));
    document.body.append(element);
    await element.updateComplete;
    element.requestUpdate();
    await element.updateComplete;
    expect(shown(element, 'api')).toBe('https://configured.vitrine.test');
  });

  it('re-renders when configure() replaces the configuration', async () => {
    configure({ api: 'https://first.vitrine.test', storage: null });
    const element = document.createElement('vitrine-test-element') as TestElement;
    document.body.append(element);
    await element.updateComplete;
    configure({ api: 'https://second.vitrine.test', storage: null });
    await element.updateComplete;
    expect(shown(element, 'api')).toBe('https://second.vitrine.test');
  });
});

describe('defineElement', () => {
  it('is idempotent: a second registration of a taken tag is a no-op, never a NotSupportedError', () => {
    const define = vi.spyOn(customElements, 'define');
    expect(() => defineElement('vitrine-test-element', class extends TestElement {})).not.toThrow();
    expect(define).not.toHaveBeenCalled();
    expect(customElements.get('vitrine-test-element')).toBe(TestElement);
  });
});
