/**
 * One demo (platform on PGlite, shop simulator, pages) and one Chromium per
 * browser suite, started before its tests and stopped after, with their data
 * in a throw-away directory.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDemo, type Demo } from '../../examples/start.ts';
import { launchChromium } from './chromium.ts';

/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Registers the suite's `beforeAll` / `afterAll`; read `demo` and `browser` inside tests. */
export function useDemo(chromiumPath: string | undefined, prefix: string): { readonly demo: Demo; readonly browser: Browser } {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    if (!chromiumPath) return;
    dataDir = await mkdtemp(join(tmpdir(), prefix));
    await mkdir(ARTIFACTS, { recursive: true });
    demo = await startDemo({ port: 0, platformPort: 0, shopPort: 0, dataDir: join(dataDir, 'db'), shopDataDir: join(dataDir, 'shop') });
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get demo() {
      return demo!;
    },
    get browser() {
      return browser!;
    },
  };
}

/**
 * Cards far below the fold are fetched only as they come near the viewport:
 * scrolls down two viewports at a time (from the top again after the bottom)
 * until `done` holds in the page, then back to the top.
 */
export async function scrollUntil(page: Page, done: () => boolean, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(done))) {
    if (Date.now() > end) throw new Error(`scrollUntil: still not done after ${timeout} ms of scrolling`);
    // Two viewports a step: a card within 1.5 viewports of the visible one counts as near.
    await page.evaluate(async () => {
      const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
      window.scrollTo(0, atBottom ? 0 : window.scrollY + 2 * window.innerHeight);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
    });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Scrolls through the page as a reader would, so that lazy images load, then back to the top. */
export async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle');
}

/** Problems a page reports: console errors, uncaught exceptions. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
