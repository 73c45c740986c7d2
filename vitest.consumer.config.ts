import { defineConfig } from 'vitest/config';
import unit from './vitest.config.ts';

/**
 * The consumer suite: the packed tarball installed in throwaway apps (see
 * test/consumer/setup.ts), built by Vite, Rollup and esbuild and by the framework
 * examples, loaded in the system Chromium. `npm run test:consumer`, part of `npm test`.
 */
export default defineConfig({
  ...(unit.resolve ? { resolve: unit.resolve } : {}),
  test: {
    include: ['test/consumer/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/consumer/setup.ts'],
    setupFiles: ['test/setup/fail-on-console.ts'],
    fileParallelism: false,
    maxConcurrency: 4,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    sequence: { concurrent: false },
  },
});
