import { defineConfig } from 'vitest/config';

/**
 * Unit suites run against the TypeScript sources (never `dist/`). DOM-touching
 * suites opt into happy-dom with a `// @vitest-environment happy-dom` docblock;
 * everything else runs on plain Node, like `vitrine/server` will in production.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'components/**/*.test.ts', 'test/unit/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    environmentOptions: {
      happyDOM: {
        url: 'https://blog.example/post',
        settings: {
          // happy-dom preflights every cross-origin fetch; real browsers only
          // preflight non-simple requests, which Vitrine never sends publicly.
          fetch: { disableSameOriginPolicy: true },
        },
      },
    },
    setupFiles: ['test/setup/fail-on-console.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
