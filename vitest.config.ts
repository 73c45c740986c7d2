import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Unit suites run against the TypeScript sources (never `dist/`). DOM-touching
 * suites opt into happy-dom with a `// @vitest-environment happy-dom` docblock;
 * everything else runs on plain Node, like `vitrine/server` will in production.
 */
export default defineConfig({
  // Examples import the package by name, as integrators do; tests resolve those
  // names to the sources (Node resolves them to dist/ through package.json exports).
  resolve: {
    alias: [
      { find: /^vitrine$/, replacement: here('./src/index.ts') },
      { find: /^vitrine\/server$/, replacement: here('./src/server/index.ts') },
      { find: /^vitrine\/platform$/, replacement: here('./src/platform/index.ts') },
      { find: /^vitrine\/platform\/sql$/, replacement: here('./src/platform/sql/index.ts') },
      { find: /^vitrine\/testing$/, replacement: here('./src/testing/index.ts') },
      { find: /^vitrine\/components$/, replacement: here('./components/index.ts') },
      { find: /^vitrine\/elements$/, replacement: here('./components/elements.ts') },
      { find: /^vitrine\/components\/(.*)$/, replacement: here('./components/$1/define.ts') },
      { find: /^vitrine\/ssr$/, replacement: here('./components/ssr/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'components/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/bench/**/*.test.ts', 'examples/**/*.test.ts'],
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
