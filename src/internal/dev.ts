/**
 * Development mode (internal). The production build (`dist/`,
 * `dist/vitrine.js`) defines `__VITRINE_DEV__` as `false`, so every
 * `if (DEV_MODE)` branch is removed from it; the development build
 * (`dist/development/`, the `development` export condition,
 * `dist/vitrine.dev.js`) defines it as `true`, and the sources (tests) run
 * with it on.
 */
declare const __VITRINE_DEV__: boolean | undefined;

/** True in the development build and in the sources; `false`, and dead code, in production. */
export const DEV_MODE: boolean = typeof __VITRINE_DEV__ === 'boolean' ? __VITRINE_DEV__ : true;
