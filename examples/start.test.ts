/**
 * `startDemo`: the three servers in one call, on free ports, wired to each other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startDemo } from './start.ts';

it('starts the platform, the shop and the pages on free ports, linked to each other, and stops them all', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vitrine-demo-'));
  const demo = await startDemo({ port: 0, platformPort: 0, shopPort: 0, dataDir: join(dataDir, 'db'), shopDataDir: join(dataDir, 'shop') });
  try {
    const urls = [demo.pagesUrl, demo.platformUrl, demo.shopUrl];
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(urls).size).toBe(3);

    // Pages point at the actual platform; the platform's links at the actual shop.
    expect(await (await fetch(`${demo.pagesUrl}/blog.html`)).text()).toContain(`data-api="${demo.platformUrl}"`);
    const { partners } = (await (await fetch(`${demo.platformUrl}/v1/partners`)).json()) as { partners: Array<{ id: string; checkoutUrl: string }> };
    expect(partners.map((partner) => partner.checkoutUrl)).toContain(`${demo.shopUrl}/partner-hanfang/checkout`);
    // The shop knows the seed's partners and products.
    const product = await fetch(`${demo.shopUrl}/partner-hanfang/p/prod-serum`);
    expect(product.status).toBe(200);
    expect(await product.text()).toContain('HF-88123');
  } finally {
    await demo.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  for (const url of [demo.pagesUrl, demo.platformUrl, demo.shopUrl]) await expect(fetch(url)).rejects.toThrow();
}, 60_000);
