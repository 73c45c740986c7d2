// @vitest-environment happy-dom
import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import type { VitrineRoot } from '../root/root.js';
import { defineElement } from './define.js';
import { VitrineElement } from './vitrine-element.js';
import { takeConsoleOutput } from '../../test/helpers/console.js';

/** `<vitrine-root>` is NOT registered up front here: its module loads after the elements inside it. */
class ShowsApi extends VitrineElement {
  protected override render() {
    let api: string;
    try {
      api = this.vitrine.api;
    } catch (error) {
      api = `error: ${(error as { code?: string }).code}`;
    }
    return html`<p>${api}</p>`;
  }
}
defineElement('vitrine-shows-api', ShowsApi);

describe('the <vitrine-root> context', () => {
  it('reaches elements that connected before vitrine-root was defined', async () => {
    // (happy-dom drops the attributes of an element upgraded after parsing, so the
    // root's api is set once it is defined; Chromium is tested with attributes in the browser suite.)
    document.body.innerHTML = '<vitrine-root><vitrine-shows-api></vitrine-shows-api></vitrine-root>';
    const element = document.querySelector('vitrine-shows-api') as ShowsApi;
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).toContain('error: config'); // no root yet, no configure()
    await import('../root/define.js');
    const root = document.querySelector('vitrine-root') as VitrineRoot;
    await vi.waitFor(() => expect(customElements.get('vitrine-root')).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 10));
    root.api = 'https://late.vitrine.test';
    await vi.waitFor(() => expect(element.shadowRoot!.textContent).toContain('https://late.vitrine.test'));
    // For those 10 ms the root had no api (happy-dom's upgrade, above): the development build said so.
    takeConsoleOutput(/missing-api/);
  });
});
