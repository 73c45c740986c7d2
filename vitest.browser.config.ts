import { defineConfig } from 'vitest/config';
import unit from './vitest.config.ts';

/**
 * The real-browser suite: the demo (platform, shop, pages) started in-process on
 * 127.0.0.1 and driven with playwright-core in the system Chromium. Needs
 * `npm run build:js` first (the pages load dist/vitrine.js).
 */
export default defineConfig({
  ...(unit.resolve ? { resolve: unit.resolve } : {}),
  test: {
    include: ['test/browser/**/*.test.ts', 'test/process/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/fail-on-console.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // A page here loads each element's code on first use (the script tag is a loader) and the
    // machine may be shared: an expect.poll waits up to 10 s for what the page promises (a
    // badge synced from another tab, a pushed status), not vitest's default of 1 s.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});
